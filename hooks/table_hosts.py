"""MkDocs hook: every table in a page gets a plain <div class="kb-table-host"> of its own, and
Material's scrolling wrapper is written into the page at build time.

At start-up Material wraps each table without a class attribute in
<div class="md-typeset__scrollwrap"><div class="md-typeset__table">, by taking the table out of
its parent and putting it back inside the wrapper. The browser then styles and lays out every cell
again inside Material's start-up task (on the home page, 154 elements and about a third of that
task). Written here, the markup is the same from the first parse, and the table carries
class="kb-table" so Material leaves it alone; extra.css gives that class Material's table styles.
Tables that already have a class (not ours, not Material's data tables) only get the host.

The host is what skips rendering below the first screen (extra.css) and clips the table at the
wrapper's edges while it does.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

_TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL)
_OPENING_TAG = re.compile(r"<table\b[^>]*>")
_CLASS_ATTRIBUTE = re.compile(r"\sclass\s*=")
TABLE_CLASS = "kb-table"


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
        opening = _OPENING_TAG.match(table).group(0)
        if _CLASS_ATTRIBUTE.search(opening):
            return f'<div class="kb-table-host">{table}</div>'
        table = f'<table class="{TABLE_CLASS}"' + table[len("<table"):]
        return ('<div class="kb-table-host"><div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
                f"{table}</div></div></div>")

    return _TABLE.sub(host, html)
