"""Text hygiene for cxnlp: decoding, PII redaction, normalisation, language, duplicates.

:func:`prepare_texts` is the one entry point the pipeline needs: it turns raw
comments into the text columns of the feedback table, redacting personal
data before any other step (or log) sees the text.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence

import pandas as pd

from cxnlp.schema import text_hash
from cxnlp.text.dedup import canonical_text, find_duplicates
from cxnlp.text.encoding import decode_bytes
from cxnlp.text.language import detect_language, detect_languages, is_spanish
from cxnlp.text.normalize import (
    DEFAULT_MAX_CHARS,
    clean_display_text,
    emoji_to_text,
    normalize_text,
    truncate_text,
)
from cxnlp.text.redact import PII_KINDS, PiiMatch, find_pii, redact_pii

__all__ = [
    "PII_KINDS",
    "TEXT_COLUMNS",
    "PiiMatch",
    "canonical_text",
    "clean_display_text",
    "decode_bytes",
    "detect_language",
    "detect_languages",
    "emoji_to_text",
    "find_duplicates",
    "find_pii",
    "is_spanish",
    "normalize_text",
    "prepare_texts",
    "redact_pii",
    "truncate_text",
]

logger = logging.getLogger(__name__)

TEXT_COLUMNS = ("text_raw", "text", "text_norm", "text_hash", "lang", "is_spanish")


def prepare_texts(
    raw_texts: Sequence[str | None],
    *,
    keep_raw: bool,
    keep_names: Collection[str] = (),
    max_chars: int = DEFAULT_MAX_CHARS,
) -> pd.DataFrame:
    """Build the text columns of the feedback table from raw comments.

    For each comment: invisible characters, HTML entities and tags are
    cleaned (so that they cannot hide an e-mail or a phone number from the
    detectors), personal data is redacted, giving ``text``; ``text`` is
    normalised and redacted once more (normalising can bring a number out of
    a hashtag), giving ``text_norm``, whose hash and language complete the
    row. Nothing is logged about the texts themselves.

    Args:
        raw_texts: Comments as exported; ``None`` or blank for none.
        keep_raw: Keep the original text in ``text_raw`` (it holds personal
            data; config must ask for it explicitly).
        keep_names: Capitalised words never taken for person names (brands,
            products), passed to :func:`redact_pii`.
        max_chars: Length cap of ``text_norm``.

    Returns:
        A frame with columns :data:`TEXT_COLUMNS`, one row per input, in
        order, on a fresh ``RangeIndex``. Empty comments get ``""`` in
        ``text``, ``text_norm`` and ``text_hash``, ``lang`` ``None`` and
        ``is_spanish`` ``False``.
    """
    texts: list[str] = []
    norms: list[str] = []
    for raw in raw_texts:
        if raw is None or not isinstance(raw, str) or not raw.strip():
            texts.append("")
            norms.append("")
            continue
        text = redact_pii(clean_display_text(raw), keep_names=keep_names)
        norm = redact_pii(normalize_text(text, max_chars=max_chars), keep_names=keep_names)
        texts.append(text)
        norms.append(norm)

    langs: list[str | None] = [None] * len(norms)
    filled = [i for i, norm in enumerate(norms) if norm]
    for i, (lang, _) in zip(filled, detect_languages(norms[i] for i in filled), strict=True):
        langs[i] = lang

    raw_kept = [raw if keep_raw and isinstance(raw, str) else None for raw in raw_texts]
    # Object columns, so that missing values stay None (pandas' string dtype
    # would turn them into NaN).
    frame = pd.DataFrame(
        {
            "text_raw": pd.Series(raw_kept, dtype=object),
            "text": pd.Series(texts, dtype=object),
            "text_norm": pd.Series(norms, dtype=object),
            "text_hash": pd.Series([text_hash(n) if n else "" for n in norms], dtype=object),
            "lang": pd.Series(langs, dtype=object),
            "is_spanish": pd.Series([lang == "es" for lang in langs], dtype=bool),
        },
        columns=list(TEXT_COLUMNS),
    )
    logger.debug("prepared %d texts (%d empty)", len(frame), len(norms) - len(filled))
    return frame
