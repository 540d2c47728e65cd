"""Issue descriptions as neutral blocks, rendered to GitHub Markdown and to Jira wiki markup.

The description of a backlog item is built once as a list of blocks and then
rendered twice, so the Markdown body and the Jira CSV description always say
the same thing. Customer comments are escaped for each format: in Markdown
they cannot open links, HTML or @-mentions; in Jira they sit in ``{noformat}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|#!~])")
_JIRA_SPECIAL = re.compile(r"([\\\[\]{}|*_^~!+\-?#])")
_ZWSP = "\u200b"


@dataclass
class Blocks:
    """An ordered description made of a few block kinds."""

    items: list[tuple[str, object]] = field(default_factory=list)

    def heading(self, text: str) -> Blocks:
        """A level-3 heading."""
        self.items.append(("heading", text))
        return self

    def fields(self, pairs: list[tuple[str, str]]) -> Blocks:
        """``name: value`` lines with the name in bold."""
        self.items.append(("fields", pairs))
        return self

    def paragraph(self, text: str) -> Blocks:
        """Plain text."""
        self.items.append(("paragraph", text))
        return self

    def table(self, header: tuple[str, str], rows: list[tuple[str, str]]) -> Blocks:
        """A two-column table."""
        self.items.append(("table", (header, rows)))
        return self

    def bullets(self, lines: list[str]) -> Blocks:
        """A bulleted list."""
        self.items.append(("bullets", lines))
        return self

    def quotes(self, texts: list[str]) -> Blocks:
        """Customer comments, shown verbatim (already redacted)."""
        self.items.append(("quotes", texts))
        return self


def one_line(text: str, limit: int = 300) -> str:
    """Collapse whitespace and cut to ``limit`` characters (with an ellipsis)."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def md_escape(text: str) -> str:
    """Escape Markdown syntax and defuse @-mentions and #-references."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return escaped.replace("@", "@" + _ZWSP)


def jira_escape(text: str) -> str:
    """Escape Jira wiki-markup characters."""
    return _JIRA_SPECIAL.sub(r"\\\1", text)


def to_markdown(blocks: Blocks) -> str:
    """Render to GitHub-flavoured Markdown."""
    out: list[str] = []
    for kind, body in blocks.items:
        if kind == "heading":
            out.append(f"### {md_escape(str(body))}")
        elif kind == "fields":
            out.append("  \n".join(f"**{md_escape(k)}:** {md_escape(v)}" for k, v in body))  # type: ignore[attr-defined]
        elif kind == "paragraph":
            out.append(md_escape(str(body)))
        elif kind == "table":
            header, rows = body  # type: ignore[misc]
            lines = [f"| {md_escape(header[0])} | {md_escape(header[1])} |", "|---|---|"]
            lines += [f"| {md_escape(a)} | {md_escape(b)} |" for a, b in rows]
            out.append("\n".join(lines))
        elif kind == "bullets":
            out.append("\n".join(f"- {md_escape(line)}" for line in body))  # type: ignore[attr-defined]
        elif kind == "quotes":
            out.append("\n>\n".join(f"> {md_escape(one_line(t))}" for t in body))  # type: ignore[attr-defined]
    return "\n\n".join(out) + "\n"


def to_jira(blocks: Blocks) -> str:
    """Render to Jira wiki markup (what Jira's CSV importer expects in Description)."""
    out: list[str] = []
    for kind, body in blocks.items:
        if kind == "heading":
            out.append(f"h3. {jira_escape(str(body))}")
        elif kind == "fields":
            out.append("\n".join(f"*{jira_escape(k)}:* {jira_escape(v)}" for k, v in body))  # type: ignore[attr-defined]
        elif kind == "paragraph":
            out.append(jira_escape(str(body)))
        elif kind == "table":
            header, rows = body  # type: ignore[misc]
            lines = [f"||{jira_escape(header[0])}||{jira_escape(header[1])}||"]
            lines += [f"|{jira_escape(a)}|{jira_escape(b)}|" for a, b in rows]
            out.append("\n".join(lines))
        elif kind == "bullets":
            out.append("\n".join(f"* {jira_escape(line)}" for line in body))  # type: ignore[attr-defined]
        elif kind == "quotes":
            quoted = [one_line(t).replace("{noformat}", "{ noformat }") for t in body]  # type: ignore[attr-defined]
            out.append("\n".join(f"{{noformat}}{t}{{noformat}}" for t in quoted))
    return "\n\n".join(out) + "\n"
