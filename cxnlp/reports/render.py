"""Shared rendering machinery: the Jinja2 environment, safe JSON, inlined assets.

Every template is rendered with autoescaping on, and customer text is never
marked safe. Only three things are: the CSS and JavaScript shipped in
``templates/`` and plotly.js from the installed ``plotly`` package (our own
code), and the JSON blob built by :func:`script_json`, whose ``<``, ``>`` and
``&`` are escaped so that no string inside it can close the ``<script>``
element it lives in.

The page carries a Content-Security-Policy that forbids every network fetch
and allows only the inline scripts whose SHA-256 it lists, so even a comment
that slipped past escaping could not run.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import logging
import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from cxnlp.errors import CxnlpError

log = logging.getLogger(__name__)

__all__ = [
    "as_list",
    "build_environment",
    "content_security_policy",
    "fmt_date",
    "fmt_num",
    "fmt_signed",
    "script_json",
    "static_asset",
    "write_page",
]

_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def _plain(value: Any) -> Any:
    """Turn numpy/pandas values into JSON-ready Python ones; NaN and inf become null."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, np.ndarray, pd.Series, pd.Index)):
        return [_plain(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, (pd.Timestamp, datetime, date)):
        return value.isoformat()
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, str):
        return value
    return str(value)


def script_json(value: Any) -> Markup:
    """Serialise ``value`` as JSON that is safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` (and the two JavaScript line separators) are written as
    ``\\uXXXX`` escapes, which JSON decodes back to the same characters, so no
    string in the data can end the element or open a comment.

    Args:
        value: Dicts, lists, strings, numbers, numpy and pandas scalars, dates.

    Returns:
        The JSON text, marked safe for the template.
    """
    text = json.dumps(_plain(value), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for char, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escape)
    return Markup(text)


@functools.cache
def static_asset(name: str) -> str:
    """Text of a CSS or JS file shipped in ``cxnlp/reports/templates``."""
    return resources.files("cxnlp.reports").joinpath("templates", name).read_text(encoding="utf-8")


@functools.cache
def plotly_js() -> str:
    """plotly.js from the installed ``plotly`` package, ready to inline."""
    from plotly.offline import get_plotlyjs

    # A literal "</script" would end the inline element early; "<\/" means the same in JS.
    return get_plotlyjs().replace("</script", "<\\/script")


def _sha256_source(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(scripts: Sequence[str]) -> str:
    """A policy that allows exactly these inline scripts and no network fetch at all."""
    hashes = " ".join(_sha256_source(s) for s in scripts)
    return (
        "default-src 'none'; "
        f"script-src {hashes}; "
        "style-src 'unsafe-inline'; "
        "img-src data: blob:; "
        "font-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def fmt_num(value: Any, decimals: int = 1) -> str:
    """Spanish number format: ``1.234,5``; missing values as an em dash."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "—"
    if not math.isfinite(number):
        return "—"
    text = f"{number:,.{decimals}f}"
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    # a real minus sign; "-0,0" from rounding a tiny negative reads as zero
    if text.startswith("-"):
        text = text[1:] if not text.strip("-0,.") else "−" + text[1:]
    return text


def fmt_signed(value: Any, decimals: int = 1) -> str:
    """Like :func:`fmt_num` with an explicit sign (``+3,2``, ``−1,0``, ``0,0``)."""
    text = fmt_num(value, decimals)
    if text == "—" or text.startswith("−") or not text.strip("0,."):
        return text
    return "+" + text


def fmt_date(value: Any, with_time: bool = False) -> str:
    """``dd/mm/aaaa`` (and ``hh:mm``); missing values as an em dash."""
    if value is None:
        return "—"
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return str(value)
    if pd.isna(stamp):
        return "—"
    return stamp.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")


def as_list(value: Any) -> list[Any]:
    """A list-like cell (list, array, JSON list text) as a list; anything else as []."""
    if value is None:
        return []
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("["):
            try:
                parsed = json.loads(stripped)
            except ValueError:
                return [value]
            return list(parsed) if isinstance(parsed, list) else [parsed]
        return [value] if stripped else []
    if isinstance(value, float) and math.isnan(value):
        return []
    try:
        return list(value)
    except TypeError:
        return [value]


def _always_escape(_name: str | None) -> bool:
    return True


@functools.cache
def build_environment() -> Environment:
    """The Jinja2 environment of the report templates (autoescape on for every file)."""
    env = Environment(
        loader=PackageLoader("cxnlp.reports", "templates"),
        autoescape=_always_escape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["num"] = fmt_num
    env.filters["signed"] = fmt_signed
    env.filters["fdate"] = fmt_date
    env.filters["as_list"] = as_list
    return env


def write_page(template: str, context: dict[str, Any], out_path: Path) -> Path:
    """Render ``template`` with the shared assets and write one self-contained file.

    Args:
        template: Template name in ``cxnlp/reports/templates``.
        context: Template variables; ``page_data`` (anything JSON-able) is inlined
            for the page's script.
        out_path: File to write; its folder is created.

    Returns:
        ``out_path``.

    Raises:
        CxnlpError: if the file cannot be written.
    """
    plotly = plotly_js()
    app_js = static_asset("report.js")
    page = (
        build_environment()
        .get_template(template)
        .render(
            **context,
            page_json=script_json(context.get("page_data", {})),
            css=Markup(static_asset("report.css")),
            plotly_js=Markup(plotly),
            app_js=Markup(app_js),
            csp=content_security_policy([plotly, app_js]),
        )
    )
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = out_path.with_name(out_path.name + ".tmp")
        tmp.write_text(page, encoding="utf-8")
        tmp.replace(out_path)
    except OSError as exc:
        raise CxnlpError(
            f"could not write the report to {out_path} ({exc}); expected a writable folder"
        ) from exc
    log.info("wrote %s (%.1f MB)", out_path, out_path.stat().st_size / 1e6)
    return out_path
