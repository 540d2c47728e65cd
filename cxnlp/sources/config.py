"""Config section ``sources``: one entry per export, database or feed to ingest."""

from __future__ import annotations

import re
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from cxnlp import registry
from cxnlp.schema import MAPPABLE_FIELDS, WATERMARK_FIELDS

__all__ = ["MAPPABLE_FIELDS", "WATERMARK_FIELDS", "SourceConfig"]

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_ENV_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Prefect's rule for a block document name: lower-case letters, digits and dashes.
_BLOCK_RE = re.compile(r"^[a-z0-9-]+$")
# SQLAlchemy's own rule for a bind name: not preceded by ':' or a word, not followed by ':'.
_WATERMARK_PARAM = re.compile(r"(?<![:\w\\]):watermark(?![:\w])")


class SourceConfig(BaseModel):
    """One source of feedback and how to read it.

    A file source names ``path`` (a file or a glob); a database source names
    where its SQLAlchemy URL is kept, never the URL itself (secrets never live in
    config files): either ``url_env``, an environment variable, or ``url_secret``,
    a Prefect ``Secret`` block; and a ``query`` with a bound ``:watermark``.
    ``mapping`` maps canonical field names to export columns; ``mapping_preset``
    names a file in ``configs/mappings/`` (or a path to one) whose columns and
    layout are used unless ``mapping`` overrides them. ``sheet`` picks a
    workbook's sheets (a name, a 0-based index or a list of them); without it
    every sheet that has the source's columns is read.
    """

    model_config = ConfigDict(extra="forbid")

    name: str
    kind: Literal["survey", "social", "ticket"]
    connector: str
    path: str | None = None
    url_env: str | None = None
    url_secret: str | None = None
    query: str | None = None
    watermark_column: str | None = None
    mapping: dict[str, str | list[str]] = Field(default_factory=dict)
    mapping_preset: str | None = None
    csat_scale: Literal[5, 7, 10] = 5
    # CES as the survey asks it: its scale and which end means "easy". The store
    # keeps one convention, 1-7 with 7 = very easy (see cxnlp.sources.values.canonical_ces).
    ces_scale: Literal[5, 7] = 7
    ces_direction: Literal["higher_is_easier", "lower_is_easier"] = "higher_is_easier"
    timezone: str = "Europe/Madrid"
    encoding: str = "auto"
    sheet: str | int | list[str | int] | None = None  # None: every sheet with the columns
    date_format: str | None = None
    delimiter: str | None = None
    max_text_chars: int = Field(default=20_000, ge=100)
    enabled: bool = True
    # a source with no comment newer than this many days is flagged as silent
    silent_after_days: int = Field(default=3, ge=1, le=3660)

    @field_validator("name")
    @classmethod
    def _check_name(cls, value: str) -> str:
        if not _NAME_RE.match(value):
            raise ValueError(
                f"source name {value!r} must start with a letter or digit and use only "
                "letters, digits, '_', '-' and '.'"
            )
        return value

    @field_validator("url_env")
    @classmethod
    def _check_url_env(cls, value: str | None) -> str | None:
        if value is not None and not _ENV_RE.match(value):
            raise ValueError(
                "url_env must be the NAME of an environment variable "
                f"(e.g. CXNLP_TICKETS_URL), not the URL itself; got {_shown(value)}"
            )
        return value

    @field_validator("url_secret")
    @classmethod
    def _check_url_secret(cls, value: str | None) -> str | None:
        if value is not None and not _BLOCK_RE.match(value):
            raise ValueError(
                f"url_secret must be the NAME of a Prefect Secret block (lower-case letters, "
                f"digits and '-', e.g. cxnlp-tickets-db), not the URL itself; got "
                f"{_shown(value)}"
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"timezone {value!r} is not an IANA zone name (e.g. 'Europe/Madrid', "
                "'America/Mexico_City', 'UTC')"
            ) from None
        return value

    @field_validator("encoding")
    @classmethod
    def _check_encoding(cls, value: str) -> str:
        if value != "auto":
            import codecs

            try:
                codecs.lookup(value)
            except LookupError:
                raise ValueError(
                    f"encoding {value!r} is unknown; use 'auto' or a codec name such as "
                    "'utf-8', 'utf-8-sig', 'cp1252', 'latin-1'"
                ) from None
        return value

    @field_validator("sheet")
    @classmethod
    def _check_sheet(
        cls, value: str | int | list[str | int] | None
    ) -> str | int | list[str | int] | None:
        if isinstance(value, list) and not value:
            raise ValueError(
                "sheet is an empty list; name at least one sheet, or leave `sheet` out to "
                "read every sheet that has the source's columns"
            )
        return value

    @field_validator("delimiter")
    @classmethod
    def _check_delimiter(cls, value: str | None) -> str | None:
        if value is not None and len(value) != 1:
            raise ValueError(f"delimiter {value!r} must be a single character such as ',' or ';'")
        return value

    @field_validator("mapping")
    @classmethod
    def _check_mapping(cls, value: dict[str, str | list[str]]) -> dict[str, str | list[str]]:
        unknown = sorted(set(value) - set(MAPPABLE_FIELDS))
        if unknown:
            raise ValueError(
                f"mapping has unknown canonical field(s) {unknown}; "
                f"accepted: {', '.join(MAPPABLE_FIELDS)}"
            )
        for field, column in value.items():
            if isinstance(column, list) and not column:
                raise ValueError(f"mapping[{field!r}] is an empty list; name at least one column")
        return value

    @field_validator("mapping_preset")
    @classmethod
    def _check_mapping_preset(cls, value: str | None, info: ValidationInfo) -> str | None:
        # A typo in a preset name must fail the config check, not tonight's load.
        if value is None:
            return value
        from cxnlp.errors import ConfigError
        from cxnlp.sources.presets import find_preset

        root = (info.context or {}).get("root")
        try:
            find_preset(value, root=root)
        except ConfigError as exc:
            raise ValueError(str(exc)) from None
        return value

    @field_validator("watermark_column")
    @classmethod
    def _check_watermark_column(cls, value: str | None) -> str | None:
        if value is not None and value not in WATERMARK_FIELDS:
            raise ValueError(
                f"watermark_column {value!r} must be a canonical date field: "
                f"{', '.join(WATERMARK_FIELDS)} (map the export column to it in `mapping`)"
            )
        return value

    @model_validator(mode="after")
    def _check_connector(self) -> SourceConfig:
        known = registry.names("connectors")
        if self.connector not in known:
            raise ValueError(
                f"source {self.name!r}: unknown connector {self.connector!r}; "
                f"known connectors: {', '.join(known) or '(none registered)'}"
            )
        factory = registry.get("connectors", self.connector)
        kinds: tuple[str, ...] = getattr(factory, "kinds", ())
        if kinds and self.kind not in kinds:
            raise ValueError(
                f"source {self.name!r}: connector {self.connector!r} reads {'/'.join(kinds)} "
                f"sources, not kind {self.kind!r}"
            )
        needs_url = getattr(factory, "needs_url", False)
        if needs_url:
            if (self.url_env is None) == (self.url_secret is None):
                given = "both were given" if self.url_env else "neither was given"
                raise ValueError(
                    f"source {self.name!r}: connector {self.connector!r} needs exactly one of "
                    "`url_env` (the name of an environment variable) or `url_secret` (the name "
                    f"of a Prefect Secret block) holding a SQLAlchemy URL; {given}"
                )
            if not self.query or not _WATERMARK_PARAM.search(self.query):
                raise ValueError(
                    f"source {self.name!r}: connector {self.connector!r} needs a `query` with a "
                    "bound :watermark parameter, e.g. "
                    "'SELECT ... FROM tickets WHERE updated_at > :watermark' "
                    "(write CAST(:watermark AS timestamp), not :watermark::timestamp)"
                )
        else:
            if not self.path:
                raise ValueError(
                    f"source {self.name!r}: connector {self.connector!r} needs `path` "
                    "(a file or a glob such as 'data/exports/*.csv')"
                )
            if self.query is not None or self.url_env is not None or self.url_secret is not None:
                raise ValueError(
                    f"source {self.name!r}: `query`/`url_env`/`url_secret` only apply to SQL "
                    f"connectors, not {self.connector!r}"
                )
        return self


def _shown(value: str) -> str:
    """``value`` for an error message, unless it looks like a URL with a password in it."""
    return "a URL (not shown)" if "://" in value or "@" in value else repr(value)
