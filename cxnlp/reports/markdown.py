"""Backlog descriptions (Markdown) rendered as safe HTML for the report pages.

The backlog writes its descriptions in CommonMark with pipe tables. The page
shows them rendered, never as raw ``**...**`` or ``| a | b |`` text. Raw HTML
inside the Markdown is not honoured (``html=False``): it comes out escaped, as
text, and markdown-it refuses ``javascript:``-style link targets; the page's
Content-Security-Policy would block a script anyway.
"""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt
from markupsafe import Markup

__all__ = ["render_markdown"]


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
    html = _parser().render(text)
    # tables get a class so the page can let them scroll inside their own box
    html = html.replace("<table>", '<div class="md-table"><table>').replace(
        "</table>", "</table></div>"
    )
    return Markup(html)
