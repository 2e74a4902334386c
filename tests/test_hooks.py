"""Unit tests of the HTML pipeline (kb.page_html): each step, their order, and the guards that stop
the build when a step no longer matches the markup it rewrites."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kb.page_html import (
    PIPELINE,
    PageContext,
    RewriteError,
    add_section_links,
    check_heading_ids,
    host_tables,
    label_table_cells,
    make_code_focusable,
    mark_chinese,
    mark_footnotes,
    render_math,
    rewrite_page,
)

ZH = PageContext(where="methods/x.md", language="zh-TW", configured_permalink_title="連結到這一節")
EN = PageContext(where="methods/x.en.md", language="en", configured_permalink_title="連結到這一節")


def test_inline_and_display_math_become_mathml():
    html = (
        '<p>Loss <span class="arithmatex">\\(\\beta &lt; 1\\)</span></p>\n'
        '<div class="arithmatex">\\[\\mathcal{L} = -\\log \\sigma\\left(\\beta \\frac{a}{b}\\right)\\]</div>'
    )
    soup = BeautifulSoup(render_math(html, ZH), "html.parser")
    inline, block = soup.find_all("math")
    assert inline["display"] == "inline" and "<" in inline.get_text()
    assert block["display"] == "block" and block.find("mfrac") is not None
    assert "\\(" not in soup.get_text() and "\\[" not in soup.get_text()


@pytest.mark.parametrize("latex", ["\\left( x", "x^", "\\foo{x}"])
def test_bad_latex_names_the_page(latex):
    with pytest.raises(RewriteError, match=r"methods/x\.md: cannot render math"):
        render_math(f'<span class="arithmatex">\\({latex}\\)</span>', ZH)


def test_generated_heading_id_fails_with_a_fix():
    html = '<h2 id="_1">學習率<a class="headerlink" href="#_1">#</a></h2>'
    with pytest.raises(RewriteError, match=r"x\.md: heading h2 '學習率' has the generated id '_1'.*\{#my-section\}"):
        check_heading_ids(html, ZH)


def test_non_ascii_heading_id_fails():
    html = '<h3 id="學習率">學習率<a class="headerlink" href="#學習率">#</a></h3>'
    with pytest.raises(RewriteError, match="generated id '學習率'"):
        check_heading_ids(html, ZH)


def test_page_title_loses_its_generated_id_and_explicit_ids_pass():
    html = '<h1 id="_1">標題<a class="headerlink" href="#_1" title="Permanent link">#</a></h1>\n<h2 id="learning-rate">學習率<a class="headerlink" href="#learning-rate">#</a></h2>'
    out = check_heading_ids(html, ZH)
    assert out.startswith("<h1>標題</h1>") and 'id="learning-rate"' in out


def test_each_table_gets_a_host_and_nested_tables_are_refused():
    html = '<p>a</p><table>\n<tr><td>1</td></tr>\n</table><table class="highlighttable"><tr><td>3</td></tr></table>'
    soup = BeautifulSoup(host_tables(html, ZH), "html.parser")
    tables = soup.find_all("table")
    assert [t.parent.get("class") for t in tables] == [["kb-table-host"], ["kb-table-host"]]
    assert tables[0].get("class") is None, "no class: Material wraps it in its scrolling container"
    assert host_tables("<p>no tables</p>", ZH) == "<p>no tables</p>"
    with pytest.raises(RewriteError, match="table inside a table"):
        host_tables("<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>", ZH)


MARKDOWN_TABLE = (
    '<table>\n<thead>\n<tr>\n<th>Model</th>\n<th style="text-align: right;">Size &amp; <abbr title="x">MoE</abbr></th>\n'
    '<th>Notes</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>A</td>\n<td style="text-align: right;">8B</td>\n<td>n</td>\n</tr>\n'
    '<tr>\n<td>B</td>\n<td style="text-align: right;">1B</td>\n<td>m</td>\n</tr>\n</tbody>\n</table>'
)


def test_markdown_tables_of_three_columns_or_more_get_labelled_cells_for_phone_cards():
    soup = BeautifulSoup(host_tables(label_table_cells(MARKDOWN_TABLE, EN), EN), "html.parser")
    table = soup.table
    assert table.has_attr("data-kb-cards") and table["role"] == "table"
    assert table.parent["class"] == ["kb-table-host", "kb-table-host--cards"]
    assert [th["role"] for th in table.select("th")] == ["columnheader"] * 3
    assert {tr["role"] for tr in table.select("tr")} == {"row"} and table.tbody["role"] == "rowgroup"
    first = table.tbody.tr.find_all("td")
    assert [td["data-label"] for td in first] == ["Model", "Size & MoE", "Notes"]
    assert [td.has_attr("data-kb-card-title") for td in first] == [True, False, False]
    assert first[1]["style"] == "text-align: right;" and first[1]["role"] == "cell"
    assert len(table.select("td[data-kb-card-title]")) == 2
    two_columns = '<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>'
    assert label_table_cells(two_columns, EN) == two_columns, "two columns fit a phone as a table"


def test_the_footnotes_block_carries_its_footnote_count_and_leaves_the_search_index():
    html = ('<p>x<sup id="fnref:a"><a href="#fn:a">1</a></sup></p><div class="footnote">\n<hr />\n<ol>\n'
            '<li id="fn:a"><p>A</p></li>\n<li id="fn:b"><div class="admonition"><p>B</p></div></li>\n'
            '<li id="fn:c"><p>C</p></li>\n</ol>\n</div>')
    soup = BeautifulSoup(mark_footnotes(html, ZH), "html.parser")
    assert soup.select_one("div.footnote")["style"] == "--kb-footnotes: 3"
    assert soup.select_one("div.footnote").has_attr("data-search-exclude")
    assert len(soup.select("div.footnote li")) == 3
    assert mark_footnotes("<p>none</p>", ZH) == "<p>none</p>"


def test_code_blocks_are_focusable_before_material_sets_them_up():
    html = ('<div class="language-python highlight"><pre><span></span><code>x = 1\n</code></pre></div>'
            '<p>Inline <code>x</code></p>')
    soup = BeautifulSoup(make_code_focusable(html, ZH), "html.parser")
    assert soup.select_one("div.highlight code")["tabindex"] == "0"
    assert not soup.select_one("p code").has_attr("tabindex"), "inline code is not a tab stop"


def test_section_links_are_rendered_into_each_section_heading_in_its_language():
    html = ('<h1>頁面</h1><h2 id="learning-rate">學習率<a class="headerlink" href="#learning-rate" title="x">#</a></h2>'
            '<h3 id="x">X<a class="headerlink" href="#x">#</a></h3>')
    soup = BeautifulSoup(add_section_links(html, ZH), "html.parser")
    buttons = soup.h2.select(".kb-section-links button")
    assert [b["data-kb-copy"] for b in buttons] == ["link", "markdown"]
    assert [b["aria-label"] for b in buttons] == ["複製這一節的連結", "複製 Markdown 連結"]
    assert soup.h2.get_text() == "學習率#", "the buttons add no text to the heading (or the search index)"
    assert not soup.select("h1 .kb-section-links")
    english = BeautifulSoup(add_section_links(html, EN), "html.parser")
    assert english.select_one("button[data-kb-copy=link]")["aria-label"] == "Copy link to this section"


def test_chinese_on_english_pages_is_marked_but_not_in_code_or_attributes():
    html = '<p title="過擬合">Overfitting (過擬合)</p><pre><code>print("過擬合")</code></pre>'
    soup = BeautifulSoup(mark_chinese(html, EN), "html.parser")
    assert [s.get_text() for s in soup.select('span[lang="zh-TW"]')] == ["過擬合"]
    assert soup.p["title"] == "過擬合" and not soup.pre.select("span")
    assert mark_chinese(html, ZH) == html


PAGE = (
    '<h1 id="_1">標題<a class="headerlink" href="#_1" title="連結到這一節">#</a></h1>\n'
    '<p>損失 <span class="arithmatex">\\(x^2\\)</span></p>\n'
    '<h2 id="rate">學習率<a class="headerlink" href="#rate" title="連結到這一節">#</a></h2>\n'
    + MARKDOWN_TABLE + '\n'
    '<div class="language-python highlight"><pre><span></span><code>x = 1\n</code></pre></div>\n'
    '<div class="footnote">\n<ol>\n<li id="fn:a"><p>A</p></li>\n</ol>\n</div>'
)


def test_the_pipeline_runs_every_step_in_its_declared_order():
    out = BeautifulSoup(rewrite_page(PAGE, EN), "html.parser")
    assert out.h1.get_text() == "標題" and not out.h1.has_attr("id")
    assert out.select_one("math") is not None
    assert out.select_one("h2 a.headerlink")["title"] == "Link to this section"
    assert out.select_one("h2 button[data-kb-copy=link]")["aria-label"] == "Copy link to this section"
    assert out.select_one(".kb-table-host > table") is not None
    assert out.select_one(".kb-table-host--cards td[data-label]") is not None
    assert out.select_one("div.highlight code")["tabindex"] == "0"
    assert out.select_one("div.footnote")["style"] == "--kb-footnotes: 1"
    assert out.select_one('h2 span[lang="zh-TW"]').get_text() == "學習率"
    names = [step.name for step in PIPELINE]
    assert names.index("heading ids") < names.index("section links"), "section links skip the h1 once its permalink is gone"
    assert names.index("table cells labelled") < names.index("table hosts"), "the host knows a table of cards"
    assert names[-1] == "Chinese in other languages"


@pytest.mark.parametrize("step", PIPELINE, ids=lambda step: step.name)
def test_a_step_that_no_longer_matches_its_markup_stops_the_build(monkeypatch, step):
    """Planted upstream change: the step's rewrite stops matching (returns its input unchanged)."""
    import kb.page_html

    changed = [s if s is not step else s.__class__(s.name, lambda html, ctx: html, s.expects, s.leaves) for s in PIPELINE]
    monkeypatch.setattr(kb.page_html, "PIPELINE", tuple(changed))
    with pytest.raises(RewriteError, match=re.escape(f"HTML step {step.name!r}")):
        rewrite_page(PAGE, EN)
