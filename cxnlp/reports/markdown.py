"""Backlog descriptions (Markdown) rendered as safe HTML for the report pages.

The backlog writes its descriptions in CommonMark with pipe tables. The page
shows them rendered, never as raw ``**...**`` or ``| a | b |`` text. Raw HTML
inside the Markdown is not honoured (``html=False``): it comes out escaped, as
text, and markdown-it refuses ``javascript:``-style link targets; the page's
Content-Security-Policy would block a script anyway.
"""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from markupsafe import Markup

__all__ = ["render_markdown"]


_HEADING = re.compile(r"<(/?)h([1-6])>")


def _demote(match: re.Match[str]) -> str:
    """A Markdown heading one level below the box's own title (h4): h1 -> h5, the rest h6."""
    return f"<{match.group(1)}h{min(6, 4 + int(match.group(2)))}>"


@functools.cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
        "table"
    )


def render_markdown(text: str | None) -> Markup:
    """Markdown text as HTML that is safe to put in a page (raw HTML escaped).

    Args:
        text: CommonMark with pipe tables, or None.

    Returns:
        The HTML, marked safe; empty for None or blank text.
    """
    if not text or not text.strip():
        return Markup("")
    # headings sit under the page's own (the box is titled with an h4), never beside them
    html = _HEADING.sub(_demote, _parser().render(text))
    # tables get a class so the page can let them scroll inside their own box
    html = html.replace("<table>", '<div class="md-table"><table>').replace(
        "</table>", "</table></div>"
    )
    return Markup(html)
