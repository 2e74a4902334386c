"""Unit tests of the page hooks: MathML rendering, explicit heading ids, section-link buttons."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError

from heading_ids import check_heading_ids
from math_mathml import render_math


def test_inline_and_display_math_become_mathml():
    html = (
        '<p>Loss <span class="arithmatex">\\(\\beta &lt; 1\\)</span></p>\n'
        '<div class="arithmatex">\\[\\mathcal{L} = -\\log \\sigma\\left(\\beta \\frac{a}{b}\\right)\\]</div>'
    )
    soup = BeautifulSoup(render_math(html, where="x.md"), "html.parser")
    inline, block = soup.find_all("math")
    assert inline["display"] == "inline" and "<" in inline.get_text()
    assert block["display"] == "block" and block.find("mfrac") is not None
    assert "\\(" not in soup.get_text() and "\\[" not in soup.get_text()


@pytest.mark.parametrize("latex", ["\\left( x", "x^", "\\foo{x}"])
def test_bad_latex_names_the_page(latex):
    with pytest.raises(PluginError, match=r"methods/x\.md: cannot render math"):
        render_math(f'<span class="arithmatex">\\({latex}\\)</span>', where="methods/x.md")


def test_generated_heading_id_fails_with_a_fix():
    html = '<h2 id="_1">學習率<a class="headerlink" href="#_1">#</a></h2>'
    with pytest.raises(PluginError, match=r"a\.md: heading h2 '學習率' has the generated id '_1'.*\{#my-section\}"):
        check_heading_ids(html, where="a.md")


def test_non_ascii_heading_id_fails():
    html = '<h3 id="學習率">學習率<a class="headerlink" href="#學習率">#</a></h3>'
    with pytest.raises(PluginError, match="generated id '學習率'"):
        check_heading_ids(html, where="a.md")


def test_page_title_loses_its_generated_id_and_explicit_ids_pass():
    html = '<h1 id="_1">標題<a class="headerlink" href="#_1" title="Permanent link">#</a></h1>\n<h2 id="learning-rate">學習率<a class="headerlink" href="#learning-rate">#</a></h2>'
    out = check_heading_ids(html, where="a.md")
    assert out.startswith("<h1>標題</h1>") and 'id="learning-rate"' in out


def test_each_table_gets_a_host_and_materials_wrapper_at_build_time_and_nested_tables_are_refused():
    from table_hosts import host_tables

    html = ('<p>a</p><table>\n<tr><td>1</td></tr>\n</table><div class="admonition"><table data-kb-table="x">'
            '<tr><td>2</td></tr></table></div><table class="highlighttable"><tr><td>3</td></tr></table>')
    soup = BeautifulSoup(host_tables(html), "html.parser")
    tables = soup.find_all("table")
    chain = lambda t: [p.get("class") for p in t.parents][:3]  # noqa: E731
    wrapped = [["md-typeset__table"], ["md-typeset__scrollwrap"], ["kb-table-host"]]
    assert [chain(t) for t in tables[:2]] == [wrapped, wrapped]
    # The class keeps Material's start-up from wrapping the table a second time.
    assert [t.get("class") for t in tables[:2]] == [["kb-table"], ["kb-table"]]
    assert tables[1]["data-kb-table"] == "x"
    # A table with a class of its own is not one Material wraps: host only, class untouched.
    assert tables[2].parent.get("class") == ["kb-table-host"] and tables[2]["class"] == ["highlighttable"]
    assert [t.get_text() for t in tables] == ["\n1\n", "2", "3"]
    assert host_tables("<p>no tables</p>") == "<p>no tables</p>"
    with pytest.raises(ValueError, match="table inside a table"):
        host_tables("<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>")


def test_the_footnotes_block_carries_its_footnote_count():
    from footnote_size import mark_footnote_count

    html = ('<p>x<sup id="fnref:a"><a href="#fn:a">1</a></sup></p><div class="footnote">\n<hr />\n<ol>\n'
            '<li id="fn:a"><p>A</p></li>\n<li id="fn:b"><div class="admonition"><p>B</p></div></li>\n'
            '<li id="fn:c"><p>C</p></li>\n</ol>\n</div>')
    soup = BeautifulSoup(mark_footnote_count(html), "html.parser")
    assert soup.select_one("div.footnote")["style"] == "--kb-footnotes: 3"
    assert len(soup.select("div.footnote li")) == 3
    assert mark_footnote_count("<p>none</p>") == "<p>none</p>"


def test_code_blocks_are_focusable_before_material_sets_them_up():
    from code_focus import make_code_focusable

    html = ('<div class="language-python highlight"><pre><span></span><code>x = 1\n</code></pre></div>'
            '<p>Inline <code>x</code></p>')
    soup = BeautifulSoup(make_code_focusable(html), "html.parser")
    assert soup.select_one("div.highlight code")["tabindex"] == "0"
    assert not soup.select_one("p code").has_attr("tabindex"), "inline code is not a tab stop"


def test_section_links_are_rendered_into_each_section_heading_in_its_language():
    from section_links import add_section_links

    html = ('<h1>頁面</h1><h2 id="learning-rate">學習率<a class="headerlink" href="#learning-rate" title="x">#</a></h2>'
            '<p>text</p><h3 id="no-permalink">無</h3>')
    soup = BeautifulSoup(add_section_links(html, "zh-TW"), "html.parser")
    buttons = soup.select("h2#learning-rate > span.kb-section-links > button[data-kb-copy]")
    assert [b["data-kb-copy"] for b in buttons] == ["link", "markdown"]
    assert [b["aria-label"] for b in buttons] == ["複製這一節的連結", "複製 Markdown 連結"]
    assert soup.h2.get_text() == "學習率#", "the buttons add no text to the heading (or the search index)"
    assert not soup.select("h1 .kb-section-links, h3 .kb-section-links")
    english = BeautifulSoup(add_section_links(html, "en"), "html.parser")
    assert english.select_one("button[data-kb-copy=link]")["aria-label"] == "Copy link to this section"


def test_main_html_starts_the_bundle_materials_base_html_names():
    # overrides/main.html loads Material's bundle itself (after the first paint); after a Material
    # upgrade the file name changes and must change there too.
    import material

    base = (Path(material.__file__).parent / "templates" / "base.html").read_text(encoding="utf-8")
    ours = (Path(__file__).resolve().parent.parent / "overrides" / "main.html").read_text(encoding="utf-8")
    bundle = re.search(r"<script src=\"\{\{ '(assets/javascripts/bundle\.[0-9a-f]+\.min\.js)' \| url \}\}\"></script>", base)
    assert bundle, "Material's base.html no longer loads its bundle the way overrides/main.html expects"
    assert f'set material_bundle = "{bundle.group(1)}"' in ours
