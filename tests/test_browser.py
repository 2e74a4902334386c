"""What a reader does, in headless Chromium against the built site served under its site_url path."""

import pytest

from sitecheck import content_pages

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("path", "lang", "title"), [("", "zh-TW", "LLM 微調知識庫"), ("en/", "en", "LLM Fine-tuning Knowledge Base")])
def test_home_renders_in_its_language(watched_page, site_server, path, lang, title):
    page, watch = watched_page
    page.goto(site_server + path)
    assert page.get_attribute("html", "lang") == lang
    assert title in page.title()
    assert page.locator("article h1").first.inner_text().strip() == title
    assert not watch.errors and not watch.foreign_requests


def _switch_language(page, hreflang: str):
    page.locator(".md-header__option .md-select").first.hover()
    page.locator(f'a.md-select__link[hreflang="{hreflang}"]').click()
    page.wait_for_load_state("load")


def test_language_switch_keeps_page_and_section(watched_page, site_server):
    page, watch = watched_page
    page.goto(site_server + "about/#licence")
    _switch_language(page, "en")
    assert page.url == site_server + "en/about/#licence"
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("#licence").is_visible()
    _switch_language(page, "zh-TW")
    assert page.url == site_server + "about/#licence"
    assert page.get_attribute("html", "lang") == "zh-TW"
    assert not watch.errors and not watch.foreign_requests


def test_every_page_loads_without_errors_or_foreign_requests(watched_page, site_server, built_site):
    page, watch = watched_page
    visited = 0
    for language, pages in content_pages(built_site).items():
        for key in sorted(pages):
            url = site_server + ("" if language == "zh-TW" else f"{language}/") + key
            response = page.goto(url)
            assert response.status == 200, url
            assert page.get_attribute("html", "lang") == language, url
            visited += 1
    assert visited >= 4
    assert not watch.errors, watch.errors
    assert not watch.foreign_requests, watch.foreign_requests
