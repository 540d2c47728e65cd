"""Seeded Spanish sample data with a known, planted truth.

``generate_sample(out_dir)`` writes a realistic customer-feedback data set for
a telecom/retail company ("TuMarca": Fibra, Móvil, Fibra + Móvil, Tarjeta,
Tienda online, TV) over 120 days ending on ``end_date`` (the CLI's default:
yesterday). The story below is written on a reference calendar that ends on
2026-11-21 and is moved to end on ``story_end`` (default ``end_date``), so a
sample generated on any day tells the same story relative to its end:

- ``surveys.csv``: about 50 responses a day (NPS 0-10, CSAT 1-5, CES 1-7 with
  7 = very easy, channel, region, product, journey stage, comment; ~15% of
  comments empty);
- ``social.jsonl``: about 30 mentions a day (twitter, instagram, facebook,
  tiktok, google_reviews) with emojis, hashtags, handles, slang from Spain and
  Latin America, typos, elongations, laughter, retweets (``RT @x: ...``) and
  copy-paste complaint chains;
- ``tickets.csv``: about 20 tickets a day (opened/resolved times, first-contact
  resolution, reopens, priority, post-ticket CSAT ~40% empty, subject and a
  description of a few sentences);
- ``truth.json`` and ``truth_rows.csv``: what was planted, and where.

Volumes follow a weekday pattern. Each calendar day's rows depend only on
``(seed, day, story_end)`` and ids carry the day (``S-20261121-0007``,
``M-...``, ``T-...``), so with a fixed ``story_end`` a window one day longer
reproduces the shorter one row for row (nightly increments of one sample).

Planted truth (shares are of survey responses; measured on the default sample):

    cause_id               stage                share        trend      NPS   LOO impact  rank
    billing_double_charge  facturación          ~8.5%        stable     -97   -12.1       1
    delivery_delay         entrega              6% -> 14%    rising     -37    -8.4       2
    phone_wait             atención telefónica  9% -> 3%     falling    -30    -4.4       3
    app_login_crash        app/web              0, then 12%  emerging   -97    -1.7       4
    info_request (neutral) (mixed)              ~13%         stable     +71   (+5.2)      none
    background             -                    rest         -          +70
    (its detractors with a comment, pooled: ~1% of responses, -1.4)

- Cobro duplicado / cargos indebidos: the strongest per-comment hit; tickets
  take ~2.2x longer, rarely resolve at first contact and get reopened.
- Retraso en la entrega / el pedido no llega: a medium hit, growing.
- La app se cierra / no deja iniciar sesión tras la actualización: absent
  before :data:`EMERGING_START` (2026-11-08 on the reference calendar, 13
  days before its end; moved with ``story_end``), then a big hit
  and the largest impact over the last 14 days; louder on social.
- Espera larga en atención telefónica / nadie contesta: a smaller hit on a
  falling share; lowest CES.
- Neutral topic (horarios de tienda, cómo cambiar mi plan, dónde veo mi
  factura): high volume, neutral wording, scores drawn from the background
  distribution, so its NPS matches the background's (no effect).
- The neutral topic's positive leave-one-out value only reflects that its
  background scores sit above the overall NPS, which the causes drag down.
- Background: praise, mixed comments and scattered small complaints, with
  background NPS around +70. Its detractors are kept few on purpose: pooled into
  one topic (which a topic model does, since they share angry wording) they must
  cost less NPS than the smallest planted cause, or the sample would plant a
  fifth, unnamed cause. ``truth.json`` reports that pooled impact. Wording always follows the score: detractors
  write negatively, passives mix, promoters praise (a cause's promoter says
  the problem was solved well); some social posts are ironic.

Impact ranks are measured after generating, not assumed: the leave-one-out
impact of a cause is NPS(all responses) - NPS(responses without it), and rank
1 is the most negative. Also planted, on a few rows each and tagged in
``truth_rows.csv``: ``<script>alert(1)</script>``, a comment starting with
``=HYPERLINK(...)``, English and Portuguese comments, and personal data in
about 1% of texts (e-mails, Spanish/Mexican/Colombian/… phone numbers, DNI and
NIE with valid letters, IBAN ES with valid check digits, Luhn-valid card
numbers, RFC and CURP with valid check characters, "Soy …"/"Atte. …" names).
"""

from __future__ import annotations

from .causes import CAUSES, EMERGING_START
from .generator import SampleManifest, generate_sample

__all__ = ["CAUSES", "EMERGING_START", "SampleManifest", "generate_sample"]
