"""MkDocs hook: every page's `checked:` date shown under its title, and the What's new page.

Thin wrappers only; the work is in kb.dates. A page without a well-formed `checked:` date stops the
build, naming the page.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from kb.build import site_data
from kb.dates import DatesError, changes, insert_checked, render_whats_new, replace_whats_new, scan_pages
from kb.i18n import page_language

_pages: dict = {}


def on_config(config, **_):
    pages, problems = scan_pages(Path(config["docs_dir"]))
    if problems:
        raise PluginError("missing or malformed check dates:\n  " + "\n  ".join(problems))
    _pages.clear()
    _pages.update(pages)
    return config


def on_page_markdown(markdown: str, *, page, config, files) -> str:
    language = page_language(page)
    dates = _pages.get(page.file.src_uri)
    if dates is None:  # a page the scan did not see (created during the build): scan again
        on_config(config)
        dates = _pages[page.file.src_uri]
    docs_dir = Path(config["docs_dir"])

    def build() -> str:
        return render_whats_new(changes(_pages, site_data(docs_dir), language), language, page.file.src_uri)

    try:
        markdown = replace_whats_new(markdown, build)
    except DatesError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from None
    return insert_checked(markdown, dates.checked, language)
