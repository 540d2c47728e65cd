"""A held-out survey sample, written apart from the demo's generator, to score root causes on.

``generate_fresh(out_dir)`` writes ``surveys.csv`` (the columns of the demo's
surveys, readable with the ``cxnlp_sample`` mapping preset), ``truth_rows.csv``
and ``truth.json`` for a fictional airline, in the voices of Spain, Mexico,
Argentina and Colombia. Its wording lives in ``data/*.json``:

- four negative causes (lost or damaged baggage, delays and cancellations,
  refunds that do not arrive, the app failing at check-in), each told through
  three paraphrase families that share no content word; the check-in failure
  is absent until the last 14 days (emerging), delays rise;
- a high-volume decoy (questions and requests, scores as the segment's), a
  confounder (buying food on board, frequent on the basic fare, whose scores
  are lower for every theme), two positive themes and background chatter;
- a quarter of the cause answers name two causes, joined by a connector or as
  two sentences; the scores follow the worse one;
- openers that are no topic, short and long answers, typos and missing
  accents, fake phones and e-mails in ~2% of comments, ~15% empty comments.

NPS is 0-10, CSAT 1-5, CES 1-7 with 7 = very easy. The rows of a calendar day
depend only on ``(seed, day, end_date)``.
"""

from __future__ import annotations

from .generator import SURVEY_COLUMNS, TRUTH_ROW_COLUMNS, generate_fresh
from .plan import NEGATIVE_IDS, load_style, load_themes

__all__ = [
    "NEGATIVE_IDS",
    "SURVEY_COLUMNS",
    "TRUTH_ROW_COLUMNS",
    "generate_fresh",
    "load_style",
    "load_themes",
]
