"""MkDocs hook: tell the stylesheet how many footnotes a page has, so the list can skip rendering.

The footnotes close every knowledge page and are a tenth to a quarter of its elements. extra.css lets
them skip rendering until they scroll near, which needs a height to reserve meanwhile. The
reservation must not be smaller than the real list: content that overflows a skipped block is laid
over the footer for anything that reads positions (Lighthouse's accessibility audits do). The height
is per footnote (extra.css); this hook supplies the count.
"""

from __future__ import annotations

import re

_FOOTNOTES = '<div class="footnote">'  # Python-Markdown's footnotes extension, always last
_ITEM = re.compile(r'<li id="fn:')


def on_page_content(html: str, *, page, config, files) -> str:
    return mark_footnote_count(html)


def mark_footnote_count(html: str) -> str:
    start = html.find(_FOOTNOTES)
    if start < 0:
        return html
    # Counted to the end of the page, not to the next </div>: a footnote may hold a block of its own.
    count = len(_ITEM.findall(html, start))
    return html[:start] + f'<div class="footnote" style="--kb-footnotes: {count}">' + html[start + len(_FOOTNOTES):]
