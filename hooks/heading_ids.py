"""MkDocs hook: every linkable heading carries an explicit ASCII id, the same in both languages.

Python-Markdown's toc falls back to `_1`, `_2` for headings with no ASCII letters (all-Chinese
headings). Such ids change when a heading is added and differ between the languages, so a link
pasted into an issue would break. The build fails on them instead, naming the heading. The page
title (h1) is the page itself: its generated id and permalink are dropped. The permalink's title
(toc.permalink_title, one value for all languages) is given in the page's language.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

from kb.build import page_language

_H1 = re.compile(r'<h1 id="[^"]*">(.*?)(?:<a class="headerlink"[^>]*>[^<]*</a>)?</h1>', re.DOTALL)
_FALLBACK = re.compile(r'<h([2-6]) id="(_\d+)">(.*?)<a class="headerlink"', re.DOTALL)
_NON_ASCII_ID = re.compile(r'<h([2-6]) id="([^"]*[^\x00-\x7f][^"]*)">(.*?)<a class="headerlink"', re.DOTALL)


PERMALINK_TITLES = {"zh-TW": "連結到這一節", "en": "Link to this section"}


def on_page_content(html: str, *, page, config, files) -> str:
    html = check_heading_ids(html, where=page.file.src_uri)
    language = page_language(page)
    configured = config["mdx_configs"].get("toc", {}).get("permalink_title", "")
    return html.replace(f'title="{configured}"', f'title="{PERMALINK_TITLES[language]}"') if configured else html


def check_heading_ids(html: str, *, where: str) -> str:
    for pattern in (_FALLBACK, _NON_ASCII_ID):
        match = pattern.search(html)
        if match:
            heading = re.sub(r"<[^>]+>", "", match.group(3)).strip()
            raise PluginError(
                f"{where}: heading h{match.group(1)} {heading!r} has the generated id {match.group(2)!r}; "
                "give it an explicit ASCII id shared by both languages, e.g. '## 標題 {#my-section}'"
            )
    return _H1.sub(lambda m: f"<h1>{m.group(1)}</h1>", html, count=1)
