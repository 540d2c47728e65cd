"""Person names: after cues, in signatures, and in introductions of any case.

A name is taken where the text says it is one, never from a word list alone:

- After a cue ("me llamo", "Atte.", "el agente", "Sra.") a run of capitalised
  words is a name. After a weak cue ("Hola", "Gracias,", "hablé con") only a
  known first name counts, because brands follow those as often ("Hola
  Iberia"), unless the cue ends its line and the name fills the next one
  ("Gracias,\\nCasimiro Urquiza": a signature).
- A signature: a dash ("—", "–", "-", "--") opening a line or following a
  sentence, then capitalised words that end the line ("— Laura Gómez").
  A dash between two capitalised words ("Sevilla - Puerto Real") is a route.
- The last line of a comment when it holds only a name: a known first name
  and what follows, or two to four capitalised words after a finished sentence
  or, under an unfinished line ("...aca en Lugo\\nInti Arrieta Pujol"), with
  a surname among them. Lines of decoration below it ("🙏", ":)") and a mail
  app's footer ("Enviado desde mi iPhone") do not count as the last line.
- A reply or forward: the author's own part ends at the first quoted line or
  reply header ("El ... escribió:", "On ... wrote:", "-----Mensaje
  original-----", Outlook's rule and "De:/Enviado:" block), and its last line
  is read as above. In the quoted part, the names of "De:/From:/Para:/To:/Cc:"
  lines and of the "X <mail> escribió:" line are names when they are two
  words or more, a known first name, or in the address.
- The sender of a line of a WhatsApp or Telegram export ("3/12/25, 21:07 -
  Ana Ruiz: ..."), on the same terms.
- Where a name must end its line, decoration may follow it there, but no word:
  "— Kiara Huaranga !!!", "Eustaquio Agirre 😤", "Ana Ruiz (cliente)", "u.u".
- An introduction in lower case or capitals ("mi nombre es ramiro
  etxeberria", "SOY LAURA GÓMEZ"): after "mi nombre es" any word that is not
  a common word; after "me llamo" and "les escribe" a known first name or two
  such words; after "soy" a known first name that is not also a common word
  ("soy clara con ustedes"). One-letter typos of "me llamo", "mi nombre es"
  and "les escribe" ("m llamo", "me lalmo") count like "me llamo".
  (Introductions are found in :mod:`cxnlp.text.pii_intros`.)
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from cxnlp.text._names import (
    FIRST_NAMES,
    NOT_NAMES,
    STRONG_CUES,
    SURNAMES,
    TITLES,
    WEAK_CUES,
)
from cxnlp.text._pii_common import EMOJI, PiiMatch, fold
from cxnlp.text.pii_intros import (
    FIRST_FOLDED as _FIRST_FOLDED,
)
from cxnlp.text.pii_intros import find_introductions, find_typo_introductions

__all__ = ["find_names"]


_UPPER = "A-ZÁÉÍÓÚÜÑÇ"
_LOWER = "a-záéíóúüñçàèïò"
_NAME_WORD = rf"[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}]?[{_LOWER}]+)?"
_INITIAL = rf"[{_UPPER}]\."
_PARTICLE = r"(?:de\s+la|de\s+los|de\s+las|del|de|y|i)"
_NAME_SEQ = (
    rf"{_NAME_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?(?:{_NAME_WORD}|{_INITIAL}(?=[ \t]+[{_UPPER}])))"
    r"{0,4}"
)
_NAME_AT = re.compile(_NAME_SEQ)
# Where a name can start: a capital after a blank.
_CAPITAL = re.compile(rf"(?<=\s)[{_UPPER}]")
# How far left of a name its cue can start.
_CUE_WINDOW = 48
_WORD = re.compile(r"\S+")
_PARTICLES = frozenset({"de", "del", "la", "los", "las", "y", "i"})
# What may follow a name that ends its line: decoration, not words. Any blank,
# punctuation, symbol or emoji ("!!!", "...", "😤", "‼️", ":)"), a lone letter
# inside an emoticon ("u.u", "T_T", ":c", "x("), "xD", "<3" and laughter, a short
# note in parentheses ("(cliente)") and hashtags. The loop is possessive and
# each turn eats a character at least, so a long run of decoration costs one
# pass.
_DECORATION = (
    r"\([^()\n]{1,40}\)"
    r"|(?<![^\W\d_])(?:[xX][dD]+|[jJ](?:[aeiAEI][jJ])+[aeiAEI]?)(?![^\W\d_])"
    r"|#[^\W\d_]\w*"
    r"|<3+"
    r"|(?<![^\W\d_])[^\W\d_](?![^\W\d_])"
    r"|[^\w\n]|_"
)
_LINE_END = re.compile(rf"(?:{_DECORATION})*+(?:\n|\Z)")
# A last line of decoration alone ("🙏", ":)") does not hide the signature above it.
_DECORATION_LINE = re.compile(rf"\n(?:{_DECORATION})++\Z")


def _reversed_alternation(phrases: tuple[str, ...]) -> str:
    # Longest first, so "muchas gracias" is preferred to "gracias".
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w[::-1]) for w in p.split(" ")[::-1]) for p in ordered)


# Cues are matched on the reversed text left of a capital, anchored at that
# capital: one anchored match per capital instead of an alternation of ~300
# phrases tried at every position of every text.
_CUE_BEFORE = re.compile(
    r"(?P<blank>\s+)(?:(?P<title>" + _reversed_alternation(TITLES) + r")\s+)?[,:;]?"
    r"(?:(?P<strong>" + _reversed_alternation(STRONG_CUES) + r")"
    r"|(?P<weak>" + _reversed_alternation(WEAK_CUES) + r"))(?!\w)",
    re.IGNORECASE,
)


def _known(word: str) -> bool:
    return word in FIRST_NAMES or fold(word) in _FIRST_FOLDED


def _name_words(text: str, start: int, keep: Collection[str]) -> list[tuple[int, int, str]]:
    """The capitalised words of a name starting at ``start``, up to a word that is no name."""
    m = _NAME_AT.match(text, start)
    if m is None:
        return []
    kept: list[tuple[int, int, str]] = []
    for w in _WORD.finditer(m.group()):
        word = w.group()
        bare = word.rstrip(".")
        if bare in NOT_NAMES or bare in keep:
            break
        kept.append((start + w.start(), start + w.end(), word))
    while kept and (kept[-1][2] in _PARTICLES or kept[-1][2].endswith(".")):
        kept.pop()  # a name does not end with "de" or an initial
    return kept


def _ends_line(text: str, end: int) -> bool:
    return _LINE_END.match(text, end) is not None


def _find_cued(text: str, keep: Collection[str]) -> Iterator[PiiMatch]:
    done = 0
    for cap in _CAPITAL.finditer(text):
        start = cap.start()
        if start < done:
            continue
        window = text[max(0, start - _CUE_WINDOW) : start][::-1]
        cue = _CUE_BEFORE.match(window)
        if cue is None:
            continue
        left = start - cue.end() - 1
        if cue.end() == len(window) and left >= 0 and text[left].isalnum():
            continue  # the window cut a longer word ("...xsoy")
        words = _name_words(text, start, keep)
        if not words:
            continue
        weak = cue.group("weak") is not None and cue.group("title") is None
        if weak and not _known(words[0][2]):
            # "Gracias,\nCasimiro Urquiza": a weak cue closing its line, then a
            # line that holds only the name, is a signature.
            signature = "\n" in cue.group("blank") and _ends_line(text, words[-1][1])
            if not (signature and len(words) >= 2):
                continue
        done = words[-1][1]
        yield PiiMatch("NOMBRE", words[0][0], words[-1][1])


# ------------------------------------------------------------------ signatures

_DASH_MARK = re.compile(rf"(?:^|(?<=\s))(?:-{{1,2}}|[—–―~])[ \t]*(?=[{_UPPER}])", re.MULTILINE)
_LAST_WORD = re.compile(r"(\S+)[ \t]*\Z")


def _find_dash_signatures(text: str, keep: Collection[str]) -> Iterator[PiiMatch]:
    if "-" not in text and "—" not in text and "–" not in text and "―" not in text:
        return
    for mark in _DASH_MARK.finditer(text):
        line_start = text.rfind("\n", max(0, mark.start() - 80), mark.start()) + 1
        before = _LAST_WORD.search(text, max(line_start, mark.start() - 40), mark.start())
        if before is not None:
            word = before.group(1)
            if word[0].isupper() and word.isalpha() and word not in NOT_NAMES:
                continue  # "Sevilla - Puerto Real"
        words = _name_words(text, mark.end(), keep)
        if not words or not _ends_line(text, words[-1][1]):
            continue
        if len(words) >= 2 or _known(words[0][2]):
            yield PiiMatch("NOMBRE", words[0][0], words[-1][1])


_SENTENCE_END = re.compile(rf"[.!?…,;:)\]{EMOJI}][ \t]*\n[ \t\n]*\Z")
_MAX_DECORATION_LINES = 3
# What a mail app adds under the signature.
_FOOTER_LINE = re.compile(
    r"\n[ \t]*(?:enviado desde|sent from|obtener outlook|get outlook|descarga outlook)[^\n]*\Z",
    re.IGNORECASE,
)
# A patronymic surname ("Pérez", "Yáñez"): four letters or more before the "ez".
_PATRONYMIC = re.compile(rf"[{_UPPER}][{_LOWER}]{{2,}}[eé]z")


def _closing_body(text: str) -> str:
    """The text without trailing blanks, decoration lines and mail-app footers (three at most)."""
    body = text.rstrip()
    for _ in range(_MAX_DECORATION_LINES):
        cut = body.rfind("\n")
        if cut < 0:
            break
        if _DECORATION_LINE.match(body, cut) is None and _FOOTER_LINE.match(body, cut) is None:
            break
        body = body[:cut].rstrip()
    return body


def _surname(word: str) -> bool:
    return fold(word) in SURNAMES or _PATRONYMIC.fullmatch(word) is not None


def _find_closing_line(text: str, keep: Collection[str]) -> Iterator[PiiMatch]:
    body = _closing_body(text)
    cut = body.rfind("\n")
    if cut <= 0:
        return
    start = cut + 1
    while start < len(body) and body[start] in " \t":
        start += 1
    words = _name_words(body, start, keep)
    if not words or not _ends_line(body, words[-1][1]):
        return
    previous = body[:start].rstrip(" \t")
    finished = _SENTENCE_END.search(previous + "\n") is not None
    if _known(words[0][2]) or (2 <= len(words) <= 4 and finished):
        yield PiiMatch("NOMBRE", words[0][0], words[-1][1])
    elif 2 <= len(words) <= 4 and any(_surname(w[2]) for w in words[1:]):
        # Under an unfinished line ("...aca en Lugo\nInti Arrieta Pujol") a
        # product or a place is as likely as a name: a surname must say which.
        yield PiiMatch("NOMBRE", words[0][0], words[-1][1])


# ------------------------------------------------------- replies and forwards

# Where the author's own text ends: the first quoted line or reply header of a
# mail client (Gmail's "El ... escribió:", which may wrap once, Outlook's
# "-----Mensaje original-----", its rule of underscores or its "De:" block,
# forwarded messages). Each alternative reads one line or two, so one search
# costs a pass over the text.
_QUOTE_START = re.compile(
    r"^[ \t]*(?:"
    r">"
    r"|-{2,}[ \t]*(?:mensaje original|original message|forwarded message|mensaje reenviado)"
    r"|_{10,}[ \t]*$"
    r"|(?:begin forwarded message|inicio del mensaje reenviado)[ \t]*:"
    r"|(?:de|from)[ \t]*:[^\n]*\n[ \t]*(?:enviado(?:[ \t]+el)?|sent|fecha|date|para|to)[ \t]*:"
    r"|(?P<wrote>(?:el|on)[ \t][^\n]{0,200}(?:\n[^\n]{0,120})?(?:escribi[oó]|wrote)[ \t]*:)"
    r")",
    re.IGNORECASE | re.MULTILINE,
)
# Header lines that name people: "De: Ana Ruiz <ana@x.es>", "Para: Ana Ruiz; Luis Gil".
_HEADER_LINE = re.compile(
    r"^[ \t]*(?:de|from|para|to|cc|cco|bcc|enviado por)[ \t]*:[ \t]*(?P<who>[^\n]*)",
    re.IGNORECASE | re.MULTILINE,
)
# One addressee of a header line, or the writer of a quoted reply: a display
# name and maybe an address ("Ana Ruiz <ana@x.es>", "Ana Ruiz [mailto:ana@x.es]").
_ADDRESSEE = re.compile(
    r"[\"']?(?P<name>[^\n<>\[\];,\"']*)[\"']?[ \t]*"
    r"(?:\(?<(?P<mail>[^<>\n]{0,120})>\)?|\[mailto:(?P<mailto>[^\]\n]{0,120})\])?"
)
_WRITER = re.compile(
    rf"(?:,|\d|[AaPp]\.?[Mm]\.?)[ \t]+(?P<name>{_NAME_SEQ})[ \t]*\n?[ \t]*"
    r"(?:\(?<(?P<mail>[^<>\n]{0,120})>\)?[ \t]*\n?[ \t]*)?(?:escribi[oó]|wrote)"
)


def _author_end(text: str) -> int | None:
    """Where the author's own text ends: the first quoted line or reply header, if any."""
    found = _QUOTE_START.search(text)
    return None if found is None or found.start() == 0 else found.start()


def _named(text: str, start: int, mail: str | None, keep: Collection[str]) -> PiiMatch | None:
    """The name of a header or a reply line: two words or more, a known first name, or in the address."""
    words = _name_words(text, start, keep)
    if not words:
        return None
    local = fold(mail.split("@", 1)[0]) if mail else ""
    if (
        len(words) >= 2
        or _known(words[0][2])
        or (len(words[0][2]) >= 3 and fold(words[0][2]) in local)
    ):
        return PiiMatch("NOMBRE", words[0][0], words[-1][1])
    return None


def _find_quoted_headers(text: str, end: int, keep: Collection[str]) -> Iterator[PiiMatch]:
    """Names in the headers of the quoted part, which starts at ``end``."""
    for header in _HEADER_LINE.finditer(text, end):
        pos, stop = header.start("who"), header.end("who")
        while pos < stop:
            one = _ADDRESSEE.match(text, pos, stop)
            if one is None or one.end() == pos:
                break
            name_start = one.start("name")
            while name_start < one.end("name") and text[name_start] in " \t":
                name_start += 1
            found = _named(text, name_start, one.group("mail") or one.group("mailto"), keep)
            if found is not None and found.end <= one.end("name"):
                yield found
            pos = one.end() + 1
    for reply in _QUOTE_START.finditer(text, end):
        if reply.group("wrote") is None:
            continue
        writer = _WRITER.search(text, reply.start(), reply.end())
        if writer is not None:
            found = _named(text, writer.start("name"), writer.group("mail"), keep)
            if found is not None:
                yield found


def _find_replies(text: str, keep: Collection[str]) -> Iterator[PiiMatch]:
    end = _author_end(text)
    if end is None:
        return
    # The author's own part ends as a message does: the same signature rules.
    yield from _find_closing_line(text[:end], keep)
    yield from _find_quoted_headers(text, end, keep)


# ------------------------------------------------------------- chat exports

# A sender at the start of a line of a WhatsApp export ("3/12/25, 21:07 - Ana
# Ruiz: ...", "[3/12/25, 21:07:33] Ana Ruiz: ...") or a Telegram one ("Ana
# Ruiz, [03.12.25 21:07]").
_CHAT_SENDER = re.compile(
    r"^(?:\[\d{1,2}[/.]\d{1,2}[/.]\d{2,4},?[ \t]\d{1,2}:\d{2}(?::\d{2})?[^\]\n]{0,8}\][ \t]*"
    r"|\d{1,2}/\d{1,2}/\d{2,4},?[ \t]\d{1,2}:\d{2}[^\n-]{0,8}-[ \t]*)"
    rf"(?P<sent>{_NAME_SEQ}):"
    rf"|^(?P<telegram>{_NAME_SEQ}),[ \t]\[\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}}[ \t]\d{{1,2}}:\d{{2}}",
    re.MULTILINE,
)


def _find_chat_senders(text: str, keep: Collection[str]) -> Iterator[PiiMatch]:
    if ":" not in text:
        return
    for line in _CHAT_SENDER.finditer(text):
        start = line.start("sent") if line.group("sent") is not None else line.start("telegram")
        found = _named(text, start, None, keep)
        if found is not None:
            yield found


def find_names(text: str, keep: Collection[str]) -> Iterator[PiiMatch]:
    """Yield the person names of ``text`` as ``NOMBRE`` matches (they may overlap)."""
    yield from _find_cued(text, keep)
    yield from _find_dash_signatures(text, keep)
    yield from _find_closing_line(text, keep)
    yield from _find_replies(text, keep)
    yield from _find_chat_senders(text, keep)
    yield from find_introductions(text, keep)
    yield from find_typo_introductions(text, keep)
