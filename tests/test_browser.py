"""What a reader does, in headless Chromium against the built site served under its site_url path."""

import pytest

from conftest import PageWatch
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


HEADER_COLOURS_JS = """() => {
  const style = getComputedStyle(document.querySelector("header"));
  const hex = "#" + style.backgroundColor.match(/\\d+/g).slice(0, 3)
    .map(c => (+c).toString(16).padStart(2, "0")).join("");
  return {
    scheme: document.body.getAttribute("data-md-color-scheme"),
    header: hex,
    themeColor: document.querySelector('meta[name="theme-color"]').content,
    colorScheme: document.querySelector('meta[name="color-scheme"]').content,
    visibleToggles: [...document.querySelectorAll("[data-kb-palette] label")].filter(l => !l.hidden).length,
  };
}"""


@pytest.mark.parametrize(("system", "scheme", "other"), [("light", "default", "slate"), ("dark", "slate", "default")])
def test_colour_toggle_follows_the_system_then_the_reader(browser, site_server, system, scheme, other):
    context = browser.new_context(color_scheme=system, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = PageWatch(page, site_server)
    page.goto(site_server + "models/")
    first = page.evaluate(HEADER_COLOURS_JS)
    assert first["scheme"] == scheme, "a first visit takes the system's light/dark preference"
    assert first["themeColor"] == first["header"] and first["visibleToggles"] == 1
    assert first["colorScheme"] == ("dark" if scheme == "slate" else "light")

    page.locator("[data-kb-palette] label:not([hidden])").click()
    switched = page.evaluate(HEADER_COLOURS_JS)
    assert switched["scheme"] == other
    assert switched["header"] != first["header"], "the header changes colour with the scheme"
    page.wait_for_function("() => !document.body.hasAttribute('data-md-color-switching')")
    assert page.evaluate(HEADER_COLOURS_JS)["themeColor"] == switched["header"]

    page.goto(site_server + "en/methods/peft/lora/")  # the choice is kept across pages and languages
    assert page.evaluate(HEADER_COLOURS_JS)["scheme"] == other

    page.locator("[data-kb-palette] input:checked").focus()  # keyboard: Enter cycles the schemes
    page.keyboard.press("Enter")
    assert page.evaluate(HEADER_COLOURS_JS)["scheme"] == scheme
    page.reload()
    assert page.evaluate(HEADER_COLOURS_JS)["scheme"] == scheme
    assert not watch.errors and not watch.foreign_requests
    context.close()


# At the moment Material's bundle finishes evaluating (it assigns window.component$ last): had a
# frame been rendered since the whole article was parsed (the footer follows it)? Paint timing
# entries arrive too late to tell; an animation frame is followed by that frame's paint.
_MATERIAL_START_PROBE = """
window.__kb = {frames: 0, atStart: null};
requestAnimationFrame(function tick() {
  if (document.querySelector('.md-footer')) window.__kb.frames++;
  if (!window.__kb.atStart) requestAnimationFrame(tick);
});
let component;
Object.defineProperty(window, 'component$', {configurable: true, get: () => component, set: value => {
  component = value;
  window.__kb.atStart = {readyState: document.readyState, framesAfterTheArticle: window.__kb.frames};
}});
"""


@pytest.mark.parametrize("path", ["", "en/methods/peft/lora/"])
def test_the_article_is_painted_before_material_starts_and_material_then_starts(browser, site_server, path):
    # With the bundle in the cache, a plain end-of-body script runs while the page is still being
    # parsed, before the article's first paint; overrides/main.html starts it after that paint.
    # Material must still start its components (they wait for DOMContentLoaded, which has fired
    # by then): the search box works.
    context = browser.new_context(viewport={"width": 412, "height": 823})
    context.add_init_script(_MATERIAL_START_PROBE)
    page = context.new_page()
    page.goto(site_server + path)  # fills the cache
    for _ in range(2):
        page.reload()
        page.wait_for_function("window.__kb.atStart")
        at_start = page.evaluate("window.__kb.atStart")
        assert at_start["framesAfterTheArticle"] >= 1, at_start
    page.locator('label.md-header__button[for="__search"]').click()  # the phone's search button
    page.locator(".md-search__input").press_sequentially("LoRA")
    page.wait_for_selector(".md-search-result__item")
    assert page.evaluate("document.addEventListener === EventTarget.prototype.addEventListener")
    context.close()
