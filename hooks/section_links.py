"""MkDocs hook: "copy link" and "copy Markdown link" buttons on every section heading, in the HTML.

They used to be inserted by script after the page loaded, which made the browser restyle each heading
while Material was measuring the page (a phone's slowest moment). Rendered here, docs/assets/
javascripts/section-links.js only handles the clicks. Labels are in the page's language; the icons
are CSS masks (extra.css), so the buttons add no text to headings or to the search index.
"""

from __future__ import annotations

import re
from html import escape

from kb.build import page_language

LABELS = {
    "zh-TW": {"link": "複製這一節的連結", "markdown": "複製 Markdown 連結"},
    "en": {"link": "Copy link to this section", "markdown": "Copy Markdown link"},
}

# The permalink Python-Markdown's toc appends to h2–h6 (heading_ids.py has dropped the h1's).
_PERMALINK = re.compile(r'(<h[2-6] id="[^"]+">.*?<a class="headerlink"[^>]*>[^<]*</a>)(</h[2-6]>)', re.DOTALL)


def on_page_content(html: str, *, page, config, files) -> str:
    return add_section_links(html, page_language(page))


def add_section_links(html: str, language: str) -> str:
    labels = LABELS[language]
    buttons = "".join(
        f'<button type="button" class="kb-section-links__button kb-section-links__button--{kind}" '
        f'data-kb-copy="{kind}" aria-label="{escape(label)}" title="{escape(label)}"></button>'
        for kind, label in labels.items()
    )
    return _PERMALINK.sub(lambda m: f'{m.group(1)}<span class="kb-section-links">{buttons}</span>{m.group(2)}', html)
