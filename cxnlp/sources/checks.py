"""Checks on a whole file that no single row can see.

Each check returns file-level warnings: ``(field, value, reason)``. The
collector logs them, lists them in ``stats["warnings"]`` and quarantines them
as entries without a row number, so that ``cxnlp quarantine`` shows them next
to the rows they explain.
"""

from __future__ import annotations

from typing import Any

from cxnlp.sources.readers import RawTable
from cxnlp.sources.values import ValueProblem, parse_score

CSAT_SCALES = (5, 7, 10)
# A file is flagged when at least this many of its CSAT answers, and this share of
# them, are past the declared scale.
MISMATCH_MIN = 2
MISMATCH_SHARE = 0.1

FileWarning = tuple[str, Any, str]


def duplicated_headers(table: RawTable, copies: dict[str, list[str]]) -> list[FileWarning]:
    """Warn about each mapped field whose export column appears more than once.

    Args:
        table: the file.
        copies: canonical field -> the names of the column and of its copies.
    """
    warnings: list[FileWarning] = []
    for canonical, names in copies.items():
        positions = [table.header.index(n) + 1 for n in names if n in table.header]
        header = names[0]
        warnings.append(
            (
                canonical,
                header,
                f"header {header!r} (mapped to {canonical}) appears {len(names)} times, in "
                f"columns {', '.join(map(str, positions))}: a row's {canonical} is read when "
                "its copies agree; a row where they differ is quarantined for it",
            )
        )
    return warnings


def csat_beyond_scale(
    table: RawTable, columns: list[str], declared: int, source: str
) -> list[FileWarning]:
    """Warn when a file's CSAT values go past the scale its source declares.

    A source declared 1-5 whose file holds 1-10 answers would otherwise lose
    half its CSAT values row by row with no hint of the cause. Warns when at
    least :data:`MISMATCH_MIN` values and :data:`MISMATCH_SHARE` of the file's
    readable answers are past the scale.

    Args:
        table: the file.
        columns: the header names mapped to ``csat`` in this file.
        declared: the source's ``csat_scale``.
        source: the source's name, for the message.
    """
    if not columns:
        return []
    beyond: list[int] = []
    answers = 0
    for row in table.rows:
        for name in columns:
            value = (row.values or {}).get(name)
            try:
                score = parse_score(value, low=1, high=max(CSAT_SCALES))
            except ValueProblem:
                continue
            if score is not None:
                answers += 1
                if score > declared:
                    beyond.append(score)
    # One stray 6 among hundreds of answers is a typo, quarantined row by row; a
    # tenth of the answers past the scale is a survey on another scale.
    if len(beyond) < MISMATCH_MIN or len(beyond) < MISMATCH_SHARE * answers:
        return []
    observed = max(beyond)
    fits = next(s for s in CSAT_SCALES if s >= observed)
    column = " / ".join(columns)
    return [
        (
            "csat",
            f"max {observed}",
            f"{column}: {len(beyond)} value(s) up to {observed} exceed the declared csat_scale "
            f"{declared} (1-{declared}) of source {source!r}; those rows load without csat. "
            f"If this survey asks 1-{fits}, set `csat_scale: {fits}` and run "
            "`cxnlp sources replay-quarantine`",
        )
    ]
