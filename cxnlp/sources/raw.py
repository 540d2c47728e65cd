"""What a reader hands on: a file split into a header and numbered raw rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cxnlp.text.encoding import has_invalid_bytes, show_invalid_bytes


@dataclass
class RawRow:
    """One data row: its values by header name, or the reason it could not be split."""

    number: int
    values: dict[str, Any] | None = None
    problem: str | None = None
    raw: str = ""


@dataclass
class RawTable:
    """A file (or one sheet of a workbook) split into a header and rows.

    ``duplicates`` maps a header name that occurs more than once to the names its
    copies were given (``["nps", "nps.1"]``), so that a mapped field can see them all.
    """

    file: str
    header: list[str]
    rows: list[RawRow] = field(default_factory=list)
    encoding: str | None = None
    blank_rows: int = 0
    duplicates: dict[str, list[str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """True when the table holds no data row (blank lines aside)."""
        return not self.rows


def invalid_bytes_problem(values: dict[str, Any]) -> str | None:
    """The reason to set a row aside when its cells hold bytes that are not UTF-8."""
    bad = {
        key: value
        for key, value in values.items()
        if isinstance(value, str) and has_invalid_bytes(value)
    }
    bad_keys = [k for k in values if has_invalid_bytes(k)]
    if not bad and not bad_keys:
        return None
    shown = []
    for key, value in bad.items():
        text = show_invalid_bytes(value)
        first = text.index("\\x")
        shown.append(f"{show_invalid_bytes(key)}='{text[max(0, first - 20) : first + 24]}'")
    shown += [f"key {show_invalid_bytes(k)!r}" for k in bad_keys]
    return (
        "invalid UTF-8 bytes at "
        + ", ".join(shown[:3])
        + (f" (+{len(shown) - 3} more)" if len(shown) > 3 else "")
        + " (the file is UTF-8; this row was saved in another encoding?)"
    )
