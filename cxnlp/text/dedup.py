"""Find exact and near-duplicate texts (retweets, copy-pasted complaints).

Two stages. Exact duplicates share a canonical form (lower case, no accents,
punctuation, links, placeholders or "RT @x:" prefix). Among the remaining
distinct texts of four words or more, near duplicates are found with MinHash
signatures over word 3-shingles and LSH banding, all in numpy, and every
candidate pair is confirmed by its true Jaccard similarity, so LSH only ever
decides which pairs get compared, never whether two texts are duplicates.

A duplicate points at the first row of its group (its "original"), so the
groups are stars: counting rows whose ``dup_of`` is empty counts distinct
texts.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from cxnlp.errors import ConfigError

__all__ = ["canonical_text", "find_duplicates", "jaccard"]

logger = logging.getLogger(__name__)

_NUM_PERM = 128
_SHINGLE = 3
_MIN_WORDS = 4  # shorter texts are only compared exactly
# Earlier members of an LSH bucket checked per text: bounds the work when many
# texts share a bucket (a viral complaint) while still finding the first copy.
_MAX_CANDIDATES = 16
_SEED = 20_261_122

_RETWEET = re.compile(r"^(?:\s*rt\s+@\w+\s*:?\s*)+", re.IGNORECASE)
_DROP = re.compile(r"\[[A-Z]+\]|(?:https?://|www\.)\S+", re.IGNORECASE)
_NON_WORD = re.compile(r"[\W_]+")


def _accent_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFKD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = base
    return table


_ACCENTS = _accent_table()


def canonical_text(text: str | None) -> str:
    """Return the form two texts share when they are exact duplicates.

    Lower case, without "RT @x:" prefixes, placeholders such as ``[URL]``,
    links, accents or punctuation, with single spaces.
    """
    if not text:
        return ""
    if text[:4].lstrip()[:2] in ("RT", "rt", "Rt"):
        text = _RETWEET.sub("", text)
    if "[" in text or "://" in text or "www" in text:
        text = _DROP.sub(" ", text)
    text = text.lower()
    if not text.isascii():
        text = text.translate(_ACCENTS)
    return " ".join(_NON_WORD.sub(" ", text).split())


def jaccard(a: NDArray[np.uint64], b: NDArray[np.uint64]) -> float:
    """Jaccard similarity of two sorted arrays of distinct values."""
    if a.size == 0 and b.size == 0:
        return 1.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter)


def _bands_for(threshold: float) -> tuple[int, int]:
    """Pick rows per band so a pair at the threshold becomes a candidate with p >= 0.99."""
    for rows in (16, 8, 4, 2, 1):
        bands = _NUM_PERM // rows
        if 1.0 - (1.0 - threshold**rows) ** bands >= 0.99:
            return bands, rows
    return _NUM_PERM, 1


def _shingles(canon: list[str]) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
    """Word 3-shingle hashes of every text, flattened, with each text's start offset."""
    import pandas as pd

    words = " ".join(canon).split(" ")
    codes, _ = pd.factorize(pd.Series(words, dtype=object), sort=False)
    tokens = codes.astype(np.uint64) + np.uint64(1)
    lengths = np.fromiter((c.count(" ") + 1 for c in canon), dtype=np.int64, count=len(canon))
    owner = np.repeat(np.arange(len(canon), dtype=np.int64), lengths)
    # A shingle starts at i when tokens i..i+2 belong to the same text.
    starts = np.flatnonzero(owner[: -(_SHINGLE - 1)] == owner[_SHINGLE - 1 :])
    prime = np.uint64(1_000_003)
    with np.errstate(over="ignore"):
        hashes = tokens[starts]
        for k in range(1, _SHINGLE):
            hashes = hashes * prime + tokens[starts + k]
        # Mix, so that neighbouring ids do not give neighbouring hashes.
        hashes ^= hashes >> np.uint64(31)
        hashes *= np.uint64(0x9E3779B97F4A7C15)
        hashes ^= hashes >> np.uint64(29)
    offsets = np.searchsorted(owner[starts], np.arange(len(canon) + 1))
    return hashes, offsets.astype(np.int64)


def _signatures(
    hashes: NDArray[np.uint64], offsets: NDArray[np.int64], rng: np.random.Generator
) -> NDArray[np.uint64]:
    """MinHash signatures (permutations x texts); every text must have a shingle.

    One permutation at a time over all shingles: a single buffer the size of
    the shingle array, and contiguous 1-D ``minimum.reduceat`` per text.
    """
    a = rng.integers(1, 2**63, size=_NUM_PERM, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=_NUM_PERM, dtype=np.uint64)
    starts = offsets[:-1]
    sig = np.empty((_NUM_PERM, starts.size), dtype=np.uint64)
    buf = np.empty_like(hashes)
    with np.errstate(over="ignore"):
        for k in range(_NUM_PERM):
            np.multiply(hashes, a[k], out=buf)
            buf += b[k]
            sig[k] = np.minimum.reduceat(buf, starts)
    return sig


def _candidate_pairs(sig: NDArray[np.uint64], bands: int, rows: int) -> list[tuple[int, int]]:
    """Pairs (earlier, later) of texts that share at least one LSH bucket."""
    pairs: set[tuple[int, int]] = set()
    weights = np.random.default_rng(_SEED + 1).integers(1, 2**63, size=rows, dtype=np.uint64)
    for band in range(bands):
        block = sig[band * rows : (band + 1) * rows]
        with np.errstate(over="ignore"):
            keys = (block * weights[:, None]).sum(axis=0, dtype=np.uint64)
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        boundaries = np.flatnonzero(sorted_keys[1:] != sorted_keys[:-1]) + 1
        starts = np.concatenate(([0], boundaries))
        ends = np.concatenate((boundaries, [keys.size]))
        for s, e in zip(starts[ends - starts > 1], ends[ends - starts > 1], strict=True):
            members = order[s:e].tolist()  # ascending: the sort is stable
            for j in range(1, len(members)):
                for i in members[max(0, j - _MAX_CANDIDATES) : j]:
                    pairs.add((i, members[j]))
    return sorted(pairs, key=lambda p: (p[1], p[0]))


def find_duplicates(
    texts: Sequence[str | None], ids: Sequence[str], *, threshold: float = 0.85
) -> list[str | None]:
    """Mark exact and near-duplicate texts.

    Args:
        texts: Texts, best the normalised ones (``text_norm``); ``None`` and
            empty texts are never duplicates.
        ids: One id per text (e.g. ``feedback_id``), in the same order.
        threshold: Jaccard similarity of word 3-shingles at or above which two
            texts of four words or more are near duplicates. Note that one
            changed word alters up to three shingles, so a one-word edit
            reaches 0.85 only in texts of about 40 words or more.

    Returns:
        For each row, the id of the first earlier row of its duplicate group,
        or ``None`` for originals.

    Raises:
        ConfigError: if the lengths differ or the threshold is not in (0, 1].
    """
    if len(texts) != len(ids):
        raise ConfigError(
            f"find_duplicates got {len(texts)} texts but {len(ids)} ids; expected one id per text"
        )
    if not 0.0 < threshold <= 1.0:
        raise ConfigError(
            f"dedup threshold={threshold!r} is not usable; expected a Jaccard similarity in (0, 1]"
        )
    n = len(texts)
    root = list(range(n))  # row -> row of its original
    first_of: dict[str, int] = {}
    distinct: list[int] = []  # first row of each canonical form worth comparing
    canon_of: list[str] = []
    empty = [False] * n
    for row, text in enumerate(texts):
        canon = canonical_text(text)
        if not canon:
            empty[row] = True
            continue
        first = first_of.setdefault(canon, row)
        if first != row:
            root[row] = first
        elif canon.count(" ") + 1 >= _MIN_WORDS:
            distinct.append(row)
            canon_of.append(canon)

    near = 0
    if len(distinct) > 1 and threshold < 1.0:
        hashes, offsets = _shingles(canon_of)
        sig = _signatures(hashes, offsets, np.random.default_rng(_SEED))
        bands, rows = _bands_for(threshold)
        shingle_sets: dict[int, NDArray[np.uint64]] = {}

        def shingle_set(k: int) -> NDArray[np.uint64]:
            found = shingle_sets.get(k)
            if found is None:
                found = np.unique(hashes[offsets[k] : offsets[k + 1]])
                shingle_sets[k] = found
            return found

        matched: set[int] = set()
        for i, j in _candidate_pairs(sig, bands, rows):
            if j in matched:
                continue
            if jaccard(shingle_set(i), shingle_set(j)) >= threshold:
                matched.add(j)
                root[distinct[j]] = root[distinct[i]]
                near += 1

    # Exact copies of a near duplicate follow it to its original.
    result: list[str | None] = []
    for row in range(n):
        if empty[row]:
            result.append(None)
            continue
        r = root[row]
        while root[r] != r:
            r = root[r]
        result.append(None if r == row else ids[r])
    logger.debug(
        "dedup: %d rows, %d duplicates (%d near)",
        n,
        sum(x is not None for x in result),
        near,
    )
    return result
