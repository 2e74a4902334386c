"""MkDocs hook: keep a 404 page per language.

static-i18n builds every language into the same site_dir, so the English build overwrites the
Chinese 404.html at the root. Static hosts (GitHub Pages) serve that root page for every missing
URL, so it must be the default language's; overrides/404.html switches its text to English under
/en/. The English page is also kept at en/404.html for hosts that look for a 404 page per folder.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from kb.i18n import DEFAULT_LANGUAGE

_pages: dict[str, bytes] = {}


@event_priority(50)  # in each language's build, before static-i18n (-100) starts the next one
def on_post_build(config, **_) -> None:
    site_dir = Path(config["site_dir"])
    language = config["theme"]["language"]
    page = site_dir / "404.html"
    if page.is_file():
        _pages[language] = page.read_bytes()
    if language != DEFAULT_LANGUAGE:  # a later build wrote its 404.html over the default one
        place_not_found_pages(site_dir, _pages)


def place_not_found_pages(site_dir: Path, pages: dict[str, bytes]) -> None:
    if DEFAULT_LANGUAGE in pages:
        (site_dir / "404.html").write_bytes(pages[DEFAULT_LANGUAGE])
    for language, content in pages.items():
        if language != DEFAULT_LANGUAGE:
            (site_dir / language).mkdir(exist_ok=True)
            (site_dir / language / "404.html").write_bytes(content)
