"""What a reader does, in headless Chromium against the built site served under its site_url path."""

import pytest

from conftest import PageWatch

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("path", "lang", "title"), [("", "zh-TW", "LLM 微調知識庫"), ("en/", "en", "LLM Fine-tuning Knowledge Base")])
def test_home_renders_in_its_language(watched_page, site_server, path, lang, title):
    page, watch = watched_page
    page.goto(site_server + path)
    assert page.get_attribute("html", "lang") == lang
    assert title in page.title()
    assert page.locator("article h1").first.inner_text().strip() == title
    assert not watch.errors and not watch.foreign_requests


def _switch_language(page, hreflang: str) -> str:
    """Click the switcher's link for a language; the URL it navigated to, once the page has loaded.

    That URL, not page.url afterwards: navigation.tracking rewrites the address's #section to the
    heading in view once the page has loaded, and the test read that rewrite half the time. The
    navigation event comes when the new document commits, before its body is parsed."""
    page.locator(".md-header__option .md-select").first.hover()
    with page.expect_event("framenavigated", lambda frame: frame == page.main_frame) as navigated:
        page.locator(f'a.md-select__link[hreflang="{hreflang}"]').click()
    page.wait_for_load_state("load")
    return navigated.value.url


def test_language_switch_keeps_page_and_section(watched_page, site_server):
    page, watch = watched_page
    page.goto(site_server + "about/#licence")
    assert _switch_language(page, "en") == site_server + "en/about/#licence"
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("#licence").is_visible()
    assert _switch_language(page, "zh-TW") == site_server + "about/#licence"
    assert page.get_attribute("html", "lang") == "zh-TW"
    assert not watch.errors and not watch.foreign_requests


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


@pytest.mark.parametrize("javascript", [False, True])
def test_a_wide_table_scrolls_sideways_to_its_last_column(browser, site_server, javascript):
    """With JavaScript Material wraps each table in its scroller; without, Material's CSS lets the table scroll itself."""
    context = browser.new_context(viewport={"width": 1024, "height": 800}, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site_server + "en/models/")
    table = page.locator("#table-models")
    scroller = table.evaluate_handle("""t => {
      let e = t;
      while (e && !(["auto", "scroll"].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth)) e = e.parentElement;
      return e;
    }""")
    assert scroller.evaluate("e => e !== null"), "the models table is wider than the page, and nothing around it scrolls"
    scroller.evaluate("e => e.scrollLeft = e.scrollWidth")
    last = table.locator("thead th").last
    box, view = last.bounding_box(), page.viewport_size
    assert box["x"] + box["width"] <= view["width"] + 1, "the last column cannot be scrolled into view"
    context.close()
