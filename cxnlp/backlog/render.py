"""Issue descriptions as neutral blocks, rendered to GitHub Markdown and to Jira wiki markup.

The description of a backlog item is built once as a list of blocks and then
rendered twice, so the Markdown body and the Jira CSV description always say
the same thing. Customer comments are escaped for each format: in Markdown
they cannot open links, HTML or @-mentions; in Jira they sit in ``{noformat}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|#!~])")
_JIRA_SPECIAL = re.compile(r"([\\\[\]{}|*_^~!+\-?#])")
_ZWSP = "\u200b"


@dataclass(frozen=True)
class Block:
    """One block: ``kind`` says which of the other fields it uses."""

    kind: str  # heading | paragraph | fields | table | bullets | quotes
    text: str = ""
    pairs: tuple[tuple[str, str], ...] = ()
    header: tuple[str, str] = ("", "")
    lines: tuple[str, ...] = ()


@dataclass
class Blocks:
    """An ordered description made of a few block kinds."""

    items: list[Block] = field(default_factory=list)

    def heading(self, text: str) -> Blocks:
        """A level-3 heading."""
        self.items.append(Block("heading", text=text))
        return self

    def fields(self, pairs: list[tuple[str, str]]) -> Blocks:
        """``name: value`` lines with the name in bold."""
        self.items.append(Block("fields", pairs=tuple(pairs)))
        return self

    def paragraph(self, text: str) -> Blocks:
        """Plain text."""
        self.items.append(Block("paragraph", text=text))
        return self

    def table(self, header: tuple[str, str], rows: list[tuple[str, str]]) -> Blocks:
        """A two-column table."""
        self.items.append(Block("table", header=header, pairs=tuple(rows)))
        return self

    def bullets(self, lines: list[str]) -> Blocks:
        """A bulleted list."""
        self.items.append(Block("bullets", lines=tuple(lines)))
        return self

    def quotes(self, texts: list[str]) -> Blocks:
        """Customer comments, shown verbatim (already redacted)."""
        self.items.append(Block("quotes", lines=tuple(texts)))
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


@dataclass(frozen=True)
class _Syntax:
    """How one markup writes each kind of block (text passed through ``escape`` first)."""

    escape: Callable[[str], str]
    heading: str  # format with {text}
    field: str  # format with {key} and {value}
    field_sep: str
    table_head: str  # format with {a} and {b}
    table_rule: str | None
    table_row: str  # format with {a} and {b}
    bullet: str  # format with {text}
    quotes: Callable[[Sequence[str]], str]


def _md_quotes(lines: Sequence[str]) -> str:
    return "\n>\n".join(f"> {md_escape(one_line(t))}" for t in lines)


def _jira_quotes(lines: Sequence[str]) -> str:
    quoted = [one_line(t).replace("{noformat}", "{ noformat }") for t in lines]
    return "\n".join(f"{{noformat}}{t}{{noformat}}" for t in quoted)


_MARKDOWN = _Syntax(
    md_escape, "### {text}", "**{key}:** {value}", "  \n", "| {a} | {b} |", "|---|---|",
    "| {a} | {b} |", "- {text}", _md_quotes,
)  # fmt: skip
_JIRA = _Syntax(
    jira_escape, "h3. {text}", "*{key}:* {value}", "\n", "||{a}||{b}||", None, "|{a}|{b}|",
    "* {text}", _jira_quotes,
)  # fmt: skip


def _render(blocks: Blocks, syntax: _Syntax) -> str:
    esc = syntax.escape
    out: list[str] = []
    for block in blocks.items:
        if block.kind == "heading":
            out.append(syntax.heading.format(text=esc(block.text)))
        elif block.kind == "fields":
            out.append(
                syntax.field_sep.join(
                    syntax.field.format(key=esc(k), value=esc(v)) for k, v in block.pairs
                )
            )
        elif block.kind == "paragraph":
            out.append(esc(block.text))
        elif block.kind == "table":
            lines = [syntax.table_head.format(a=esc(block.header[0]), b=esc(block.header[1]))]
            if syntax.table_rule:
                lines.append(syntax.table_rule)
            lines += [syntax.table_row.format(a=esc(a), b=esc(b)) for a, b in block.pairs]
            out.append("\n".join(lines))
        elif block.kind == "bullets":
            out.append("\n".join(syntax.bullet.format(text=esc(line)) for line in block.lines))
        elif block.kind == "quotes":
            out.append(syntax.quotes(block.lines))
    return "\n\n".join(out) + "\n"


def to_markdown(blocks: Blocks) -> str:
    """Render to GitHub-flavoured Markdown."""
    return _render(blocks, _MARKDOWN)


def to_jira(blocks: Blocks) -> str:
    """Render to Jira wiki markup (what Jira's CSV importer expects in Description)."""
    return _render(blocks, _JIRA)
