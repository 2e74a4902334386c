"""Every page of both languages, loaded once at phone size, and reading on a phone.

Each page answers 200 in its language without script errors or requests to other hosts. While its
footnotes skip rendering they reserve no less than their real height at 320 px, the narrowest width.
At 360 and 390 px nothing may make the document wider than the screen; a data table may not need
sideways scrolling (at phone widths its rows are cards, docs/assets/stylesheets/extra.css); each
card shows its title first and every value after its column's label. The table of contents is in
the drawer the header's menu button opens. Loading a page is most of each check's cost, so one
browser context visits the pages in sequence and every check reads the same load.
"""

from __future__ import annotations

import pytest

from conftest import PageWatch
from sitecheck import content_pages

pytestmark = pytest.mark.browser

WIDTHS = (360, 390)
NARROWEST = 320

# While skipped, the footnotes hold the height extra.css reserves; shorter than the real list,
# their content would overflow onto the footer for anything reading positions (axe does). Read on
# the page as loaded, with the number of data-table rows shown as cards.
_AS_LOADED_JS = """() => {
  const cards = document.querySelectorAll('table[data-kb-cards] tbody tr').length;
  const notes = document.querySelector('article.md-content__inner > .footnote:last-child');
  if (!notes) return {cards, footnotes: null};
  const reserved = getComputedStyle(notes).containIntrinsicHeight;
  notes.style.contentVisibility = 'visible';
  const real = notes.getBoundingClientRect().height;
  notes.style.contentVisibility = '';
  return {cards, footnotes: {reserved, real}};
}"""

# Problems of one page at the current viewport width, as sentences. Blocks below the first screen
# skip rendering (content-visibility) and hold an estimated width; render them all first.
_PHONE_PROBLEMS_JS = r"""() => {
  const problems = [], width = document.documentElement.clientWidth;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  if (document.documentElement.scrollWidth > width) {
    problems.push(`the document is ${document.documentElement.scrollWidth}px wide`);
    // Name the outermost elements sticking out that no scrolling box of their own contains.
    const scrolls = (el) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
    for (const el of document.querySelectorAll('body *')) {
      if (el.getBoundingClientRect().right <= width + 0.5 || !el.checkVisibility()) continue;
      let inside = false;
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        if (scrolls(up) && up.getBoundingClientRect().right <= width + 0.5) { inside = true; break; }
      }
      const parentSticksOut = el.parentElement && el.parentElement.getBoundingClientRect().right > width + 0.5;
      if (!inside && !parentSticksOut) problems.push(`${describe(el)} reaches ${Math.round(el.getBoundingClientRect().right)}px`);
      if (problems.length > 6) break;
    }
  }
  for (const table of document.querySelectorAll('.md-content table:not(.highlighttable)')) {
    const name = table.id || (table.querySelector('th') || table).textContent.trim().slice(0, 30);
    for (let box = table; box && !box.classList.contains('md-content__inner'); box = box.parentElement) {
      if (box.scrollWidth > box.clientWidth + 1) {
        problems.push(`table "${name}" scrolls sideways (${box.scrollWidth}px in ${describe(box)} of ${box.clientWidth}px)`);
        break;
      }
    }
    if (!table.hasAttribute('data-kb-cards')) continue;
    const labels = [...table.tHead.rows[0].cells].map((th) => th.textContent.trim());
    if (table.tHead.getBoundingClientRect().height > 2) problems.push(`table "${name}": the header row shows on cards`);
    for (const row of table.tBodies[0].rows) {
      const cells = [...row.cells];
      const title = row.querySelector('td[data-kb-card-title]');
      if (!title || !title.textContent.trim()) { problems.push(`table "${name}" row ${row.rowIndex}: no title`); continue; }
      const top = Math.min(...cells.map((cell) => cell.getBoundingClientRect().top));
      if (title.getBoundingClientRect().top > top + 0.5) problems.push(`table "${name}" row ${row.rowIndex}: the title is not first`);
      if (row.getBoundingClientRect().width > table.getBoundingClientRect().width + 0.5)
        problems.push(`table "${name}" row ${row.rowIndex}: the card is wider than the table`);
      cells.forEach((cell, index) => {
        if (cell.getAttribute('data-label') !== labels[index])
          problems.push(`table "${name}" row ${row.rowIndex}: cell ${index} is labelled "${cell.getAttribute('data-label')}", its column "${labels[index]}"`);
        if (!cell.checkVisibility()) problems.push(`table "${name}" row ${row.rowIndex}: cell ${index} is hidden`);
        const shown = getComputedStyle(cell, '::before');
        if (!shown.content.includes(labels[index]) || shown.display === 'none')
          problems.push(`table "${name}" row ${row.rowIndex}: "${labels[index]}" is not shown before its value`);
      });
    }
  }
  return problems;
}"""


def test_every_page_loads_cleanly_and_reads_on_a_phone(browser, built_site, site_server):
    pages = content_pages(built_site)
    context = browser.new_context(viewport={"width": NARROWEST, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    watch = PageWatch(page, site_server)
    found, short, cards, footnotes, visited = [], [], 0, 0, 0
    for language, by_key in pages.items():
        for key in sorted(by_key):
            url = site_server + ("" if language == "zh-TW" else f"{language}/") + key
            page.set_viewport_size({"width": NARROWEST, "height": 800})
            response = page.goto(url)
            assert response.status == 200, url
            assert page.get_attribute("html", "lang") == language, url
            visited += 1
            as_loaded = page.evaluate(_AS_LOADED_JS)
            cards += as_loaded["cards"]
            sizes = as_loaded["footnotes"]
            if sizes is not None:
                footnotes += 1
                reserved = float(sizes["reserved"].removeprefix("auto ").removesuffix("px"))
                if reserved < sizes["real"]:
                    short.append(f"{language}:/{key} footnotes reserve {reserved:.0f}px for {sizes['real']:.0f}px")
            page.add_style_tag(content="* { content-visibility: visible !important; }")
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                found += [f"{width}px /{url[len(site_server):]}: {problem}" for problem in page.evaluate(_PHONE_PROBLEMS_JS)]
    context.close()
    assert visited >= 4
    assert not watch.errors, watch.errors
    assert not watch.foreign_requests, watch.foreign_requests
    assert footnotes > 40, "the knowledge pages have footnotes"
    assert not short, "\n".join(short)
    assert cards > 100, f"only {cards} cards: are the tables still marked data-kb-cards?"
    assert not found, "\n".join(found[:40])


def test_phone_cards_stay_a_table_for_assistive_technology(browser, site_server):
    """The cards are still a table in the accessibility tree: rows, cells and every column header
    (the header row is only visually hidden), so each value is announced with its column's label.
    Display changes can drop table roles (engines differ; the Chromium these tests run keeps them even
    without help), so the markup carries explicit ARIA roles. The labels shown before the values are
    generated content with empty alternative text: not read a second time."""
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    page = context.new_page()
    for path, table in (("en/models/", "#table-models"), ("methods/sft/", "table[data-kb-cards]")):
        page.goto(site_server + path)
        assert page.eval_on_selector(table, "t => getComputedStyle(t.tBodies[0].rows[0]).display") == "flex", "cards at 390px"
        snapshot = page.locator(table).first.aria_snapshot()
        assert snapshot.startswith("- table"), snapshot[:200]
        headers = page.eval_on_selector(table, "t => [...t.tHead.rows[0].cells].map(th => th.textContent.trim())")
        for header in headers:
            assert f'columnheader "{header}"' in snapshot, f"{path}: column header {header!r} missing from the accessibility tree"
        cells_per_row = page.eval_on_selector(table, "t => t.tBodies[0].rows[0].cells.length")
        assert snapshot.count("- row ") >= 2 and snapshot.count("- cell") >= cells_per_row, snapshot[:400]
        repeated = [header for header in headers if f'- cell "{header} ' in snapshot]
        assert not repeated, f"{path}: cells' names repeat their visible labels {repeated}"
    # Keyboard and sorting still reach the header row: it shows while a sort button has focus.
    page.goto(site_server + "en/models/")
    page.locator("#table-models thead button").first.focus()
    assert page.locator("#table-models thead").bounding_box()["height"] > 10
    context.close()


def test_the_table_of_contents_is_one_tap_away_on_a_phone(browser, site_server):
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_server + "en/methods/peft/lora/")
    page.wait_for_function("typeof window.component$ === 'object'")
    page.mouse.wheel(0, 4000)
    menu = page.locator(".md-header label[for=__drawer]")
    assert menu.is_visible(), "the menu button stays in the header"
    menu.click()
    entry = page.locator('.md-nav--primary .md-nav--secondary a[href="#learning-rate"]')
    # Visible once the drawer has slid in (0.25 s), with no second tap on the page's own entry.
    page.wait_for_function(
        """() => { const a = document.querySelector('.md-nav--primary .md-nav--secondary a[href="#learning-rate"]');
                   const r = a && a.getBoundingClientRect(); return r && r.left >= 0 && r.right <= innerWidth && a.checkVisibility(); }""",
        timeout=3000)
    entry.click()
    page.wait_for_function("location.hash === '#learning-rate'")
    context.close()
