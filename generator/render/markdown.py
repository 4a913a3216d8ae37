"""Markdown from content → HTML. Raw HTML in content is escaped, never passed through."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt


@cache
def _parser() -> MarkdownIt:
    # "commonmark" with html off: <script> and friends are shown as text; markdown-it also
    # refuses javascript:, vbscript: and data: link targets.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def to_html(text: str | None) -> str:
    return _parser().render(text) if text else ""


def to_plain(text: str | None) -> str:
    """Markdown reduced to its text, for the downloads (CSV, XLSX cells) and search: a list item
    keeps its printed number or bullet (“1. 承担…”), a line break stays a line break."""
    if not text:
        return ""
    tokens = _parser().parse(text)
    parts: list[str] = []
    marker = ""
    for token in tokens:
        if token.type == "list_item_open":
            marker = f"{token.info}{token.markup} " if token.info else f"{token.markup} "
        elif token.type == "inline" and token.children:
            line = "".join(
                "\n" if child.type in ("softbreak", "hardbreak") else child.content
                for child in token.children
                if child.type in ("text", "code_inline", "softbreak", "hardbreak")
            )
            parts.append(marker + line)
            marker = ""
    return "\n".join(parts)
