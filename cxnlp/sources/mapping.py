"""Column mappings: which export column fills which canonical field, and the file layout.

A mapping preset is a YAML file in ``configs/mappings/`` describing one export
format (Qualtrics, SurveyMonkey, ...): its columns and header quirks. A source
picks a preset by name and may override single columns with its own
``mapping``. Columns named in the source's own ``mapping`` must exist in the
file; columns that only a preset names are used when present.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from cxnlp.errors import ConfigError
from cxnlp.sources.config import MAPPABLE_FIELDS, SourceConfig
from cxnlp.sources.presets import MAPPINGS_ENV as MAPPINGS_ENV
from cxnlp.sources.presets import available_presets as available_presets
from cxnlp.sources.presets import find_preset
from cxnlp.sources.presets import mapping_dirs as mapping_dirs

ROW_HASH = "@row_hash"  # mapping value: the id is a hash of every non-empty cell in the row
# Fields whose list of columns is a composite (every column needed); for any other
# field a list names alternatives, and the first non-empty one present wins.
COMPOSITE_FIELDS = ("source_id", "text_raw")

# Fields a record cannot do without, by source kind; tuples inside mean "one of".
REQUIRED_FIELDS: dict[str, tuple[str | tuple[str, ...], ...]] = {
    "survey": ("source_id", "created_at"),
    "social": ("source_id", "created_at"),
    "ticket": ("source_id", ("opened_at", "created_at")),
}


class MappingPreset(BaseModel):
    """One export format: column names and header layout (a YAML file)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    description: str = ""
    notes: list[str] = Field(default_factory=list)
    columns: dict[str, str | list[str]] = Field(default_factory=dict)
    kinds: dict[Literal["survey", "social", "ticket"], dict[str, str | list[str]]] = Field(
        default_factory=dict
    )
    skip_rows_before_header: int = Field(default=0, ge=0)
    header_rows: int = Field(default=1, ge=1, le=3)
    subheader_ignore: list[str] = Field(default_factory=list)
    extra_header_rows: int = Field(default=0, ge=0, le=5)
    header_row_id_labels: list[str] = Field(default_factory=list)
    date_format: str | None = None
    timezone: str | None = None

    @field_validator("columns")
    @classmethod
    def _check_columns(cls, value: dict[str, str | list[str]]) -> dict[str, str | list[str]]:
        _check_fields(value)
        return value

    @field_validator("kinds")
    @classmethod
    def _check_kinds(
        cls, value: dict[str, dict[str, str | list[str]]]
    ) -> dict[str, dict[str, str | list[str]]]:
        for columns in value.values():
            _check_fields(columns)
        return value

    def columns_for(self, kind: str) -> dict[str, str | list[str]]:
        """Columns for one source kind: the shared ones, then that kind's section."""
        return {**self.columns, **self.kinds.get(kind, {})}  # type: ignore[call-overload]


def _check_fields(columns: dict[str, str | list[str]]) -> None:
    unknown = sorted(set(columns) - set(MAPPABLE_FIELDS))
    if unknown:
        raise ValueError(
            f"unknown canonical field(s) {unknown}; accepted: {', '.join(MAPPABLE_FIELDS)}"
        )


@dataclass(frozen=True)
class SourceLayout:
    """The resolved mapping and layout one connector reads with."""

    columns: dict[str, str | list[str]]
    explicit: frozenset[str]
    preset: str | None = None
    skip_rows_before_header: int = 0
    header_rows: int = 1
    subheader_ignore: tuple[str, ...] = ()
    extra_header_rows: int = 0
    header_row_id_labels: tuple[str, ...] = ()
    date_format: str | None = None
    timezone: str = "Europe/Madrid"


@dataclass
class ColumnMatch:
    """Which header names fill which canonical fields in one file."""

    columns: dict[str, list[str]] = field(default_factory=dict)
    missing_required: list[str] = field(default_factory=list)
    missing_optional: list[str] = field(default_factory=list)


def load_preset(name_or_path: str) -> MappingPreset:
    """Load a preset by name (``"qualtrics"``) or by path to a YAML file.

    Raises:
        ConfigError: if it cannot be found or is not a valid preset.
    """
    path = find_preset(name_or_path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return MappingPreset.model_validate(data)
    except (yaml.YAMLError, ValidationError, OSError) as exc:
        raise ConfigError(f"mapping preset {str(path)!r} is invalid: {exc}") from exc


def resolve_layout(config: SourceConfig) -> SourceLayout:
    """Combine a source's preset (if any) with its own mapping and settings.

    Without a preset or a mapping, every canonical field is looked up under its
    own name (a file with columns ``source_id``, ``created_at``, ``nps``, ...).
    """
    preset = load_preset(config.mapping_preset) if config.mapping_preset else None
    if preset is not None:
        columns: dict[str, str | list[str]] = preset.columns_for(config.kind)
    elif config.mapping:
        columns = {}
    else:
        columns = {f: f for f in MAPPABLE_FIELDS}
    columns.update(config.mapping)
    explicit = frozenset(config.mapping)
    timezone = config.timezone
    if preset is not None and preset.timezone and "timezone" not in config.model_fields_set:
        timezone = preset.timezone
    date_format = config.date_format or (preset.date_format if preset else None)
    return SourceLayout(
        columns=columns,
        explicit=explicit,
        preset=preset.name if preset else None,
        skip_rows_before_header=preset.skip_rows_before_header if preset else 0,
        header_rows=preset.header_rows if preset else 1,
        subheader_ignore=tuple(preset.subheader_ignore) if preset else (),
        extra_header_rows=preset.extra_header_rows if preset else 0,
        header_row_id_labels=tuple(preset.header_row_id_labels) if preset else (),
        date_format=date_format,
        timezone=timezone,
    )


def fold_name(name: str) -> str:
    """Comparable form of a column name: no BOM, case-folded, single spaces."""
    return " ".join(name.replace("\ufeff", "").split()).casefold()


def match_columns(header: list[str], layout: SourceLayout, kind: str) -> ColumnMatch:
    """Find the header names that fill each mapped field (exact, then case-insensitive)."""
    by_fold: dict[str, str] = {}
    for name in header:
        by_fold.setdefault(fold_name(name), name)
    exact = set(header)
    match = ColumnMatch()
    for canonical, wanted in layout.columns.items():
        names = [wanted] if isinstance(wanted, str) else list(wanted)
        if names == [ROW_HASH]:
            match.columns[canonical] = [ROW_HASH]
            continue
        found = [n if n in exact else by_fold.get(fold_name(n)) for n in names]
        present = [f for f in found if f is not None]
        if present and (len(present) == len(found) or canonical not in COMPOSITE_FIELDS):
            match.columns[canonical] = present
        elif canonical in layout.explicit:
            missing = [n for n, f in zip(names, found, strict=True) if f is None]
            match.missing_required.extend(f"{n!r} for {canonical}" for n in missing)
        else:
            match.missing_optional.append(canonical)
    for need in REQUIRED_FIELDS[kind]:
        options = (need,) if isinstance(need, str) else need
        reported = any(o in layout.explicit for o in options)
        if not any(o in match.columns for o in options) and not reported:
            labels = [_describe(o, layout) for o in options]
            match.missing_required.append(" or ".join(labels))
            match.missing_optional = [m for m in match.missing_optional if m not in options]
    return match


def _describe(canonical: str, layout: SourceLayout) -> str:
    wanted = layout.columns.get(canonical)
    if wanted is None:
        return f"{canonical} (not mapped)"
    shown = wanted if isinstance(wanted, str) else " + ".join(wanted)
    return f"{shown!r} for {canonical}" if shown != canonical else repr(shown)
