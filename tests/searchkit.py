"""Drive Material's search UI in a Playwright page: type a query, read the ranked result pages."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit

import yaml

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))
LANGUAGE_ROOT = {"zh-TW": "", "en": "en/"}

# True once the result line is one of Material's result strings ("No matching documents",
# "1 matching document", "# matching documents"), not "Initializing search" or the placeholder.
RESULT_READY_JS = """() => {
    const meta = document.querySelector('.md-search-result__meta');
    const config = document.getElementById('__config');
    if (!meta || !config) return false;
    const t = JSON.parse(config.textContent).translations;
    const text = meta.textContent.trim();
    const [before, after] = t['search.result.other'].split('#');
    const count = text.slice(before.length, text.length - after.length);
    const isCount = text.startsWith(before) && text.endsWith(after) && /^[0-9]+$/.test(count);
    return text === t['search.result.none'] || text === t['search.result.one'] || isCount;
}"""

# True while the result line shows the placeholder (an empty query).
PLACEHOLDER_JS = """() => {
    const meta = document.querySelector('.md-search-result__meta');
    const t = JSON.parse(document.getElementById('__config').textContent).translations;
    return !!meta && meta.textContent.trim() === t['search.result.placeholder'];
}"""

RESULT_LINKS_JS = (
    "items => items.map(i => (i.querySelector('a.md-search-result__link') || {}).href).filter(Boolean)"
)


def search(page, site_root: str, language: str, query: str, timeout_ms: int = 10000) -> tuple[str, list[str]]:
    """Open the language's home with a ?q= deep link, as a pasted search link does, and read the results.

    Returns the result line ("3 matching documents") and the result pages' URLs in rank order.
    """
    page.goto(site_root + LANGUAGE_ROOT[language] + "?q=" + quote(query))
    page.wait_for_function(RESULT_READY_JS, timeout=timeout_ms)
    return _results(page)


class SearchBox:
    """One page per language, many queries: each is typed into the search box as a reader does."""

    def __init__(self, page, site_root: str, language: str):
        self.page = page
        page.goto(site_root + LANGUAGE_ROOT[language])
        self.box = page.locator(".md-search__input")
        self.box.focus()

    def search(self, query: str, timeout_ms: int = 10000) -> tuple[str, list[str]]:
        self.box.fill("")
        self.box.press("End")  # Material reads the query on key events
        self.page.wait_for_function(PLACEHOLDER_JS, timeout=timeout_ms)
        self.box.fill(query)
        self.box.press("End")
        self.page.wait_for_function(RESULT_READY_JS, timeout=timeout_ms)
        return _results(self.page)


def _results(page) -> tuple[str, list[str]]:
    meta = page.inner_text(".md-search-result__meta")
    links = page.eval_on_selector_all(".md-search-result__list > .md-search-result__item", RESULT_LINKS_JS)
    return meta, links


def page_key(url: str, site_root: str, language: str) -> str | None:
    """'http://127.0.0.1:1234/kb/en/models/qwen/?h=qwen#x' → 'models/qwen/' (None if not in that language)."""
    path = urlsplit(url).path
    root = urlsplit(site_root + LANGUAGE_ROOT[language]).path
    if not path.startswith(root):
        return None
    key = path[len(root):]
    if language == "zh-TW" and any(key.startswith(prefix) for prefix in LANGUAGE_ROOT.values() if prefix):
        return None
    return key
