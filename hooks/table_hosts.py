"""MkDocs hook: every table in a page gets a plain <div class="kb-table-host"> of its own.

Material wraps each table in its scrolling container when the page starts, by replacing the table
in its parent. With the article as that parent, the browser restyles the whole article (about 600
elements on the LoRA page, a third of the style work of the page's load). Inside a host of ours
only the table is restyled, and below the first screen (extra.css) not even that until it scrolls
near. Material's wrapper, classes and table styles stay as they are.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

_TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL)


def on_page_content(html: str, *, page, config, files) -> str:
    try:
        return host_tables(html)
    except ValueError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from None


def host_tables(html: str) -> str:
    def host(match: re.Match) -> str:
        table = match.group(0)
        if "<table" in table[len("<table"):]:
            raise ValueError("a table inside a table cell is not supported (write it as a list or a separate table)")
        return f'<div class="kb-table-host">{table}</div>'

    return _TABLE.sub(host, html)
