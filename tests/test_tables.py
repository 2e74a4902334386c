"""Table markers render data into escaped, language-aware HTML; bad markers are errors."""

from __future__ import annotations

import pytest
import yaml
from bs4 import BeautifulSoup

from kb.loader import load_site_data
from kb.cells import RenderContext, format_params, format_tokens
from kb.i18n import page_url
from kb.markers import TableError, check_markers, render_markers
from test_data import model, project, write  # noqa: F401  (fixture)


@pytest.fixture
def site_data(project):  # noqa: F811
    data, docs = project
    write(data, "models", [
        model(),
        model(id="deepseek-v3", family="qwen", variant="Big <b>MoE</b> & co", architecture="moe",
              params_total_b=671, params_active_b=37, context_tokens=131072, context_extended_tokens=None,
              chinese={"zh-TW": "<script>alert(1)</script>", "en": "<img src=x onerror=alert(1)>"}),
    ])
    return load_site_data(data, docs), docs


def table_of(html: str):
    return BeautifulSoup(html, "html.parser").find("table")


def test_numbers_are_formatted_for_readers():
    assert format_params(671, 37, "en") == "671B total / 37B active"
    assert format_params(671, 37, "zh-TW") == "總計 671B／啟用 37B"
    assert format_params(8.2, None, "en") == "8.2B"
    assert format_params(1000, 32, "en") == "1T total / 32B active"  # Kimi K2
    assert [format_tokens(t) for t in (32768, 131072, 1048576, 128000, 4096)] == ["32K", "128K", "1M", "128K", "4K"]


def test_page_urls_follow_static_i18n():
    assert page_url("models/qwen.md", "zh-TW") == "models/qwen/"
    assert page_url("models/qwen.en.md", "en") == "en/models/qwen/"
    assert page_url("methods/index.md", "zh-TW") == "methods/"
    assert page_url("index.en.md", "en") == "en/"


def test_table_in_english_with_links_sources_and_escaping(site_data):
    data, _ = site_data
    html = render_markers("Intro\n\n<!-- table: models family=qwen -->\n\nOutro", data, RenderContext("en", "en/models/"))
    table = table_of(html)
    headers = [th.get_text() for th in table.find_all("th")]
    assert headers[:2] == ["Variant", "Released"] and headers[-1] == "Sources"
    assert table.caption.get_text() == "Base models: Qwen"
    assert table.find("a", string="Qwen3-8B")["href"] == "qwen/"
    assert "671B total / 37B active" in table.get_text()
    assert "32K (extendable to 128K)" in table.get_text()
    # markup in data reaches the page as text
    assert table.find("script") is None and table.find("img") is None and table.find("b") is None
    assert "<img src=x onerror=alert(1)>" in table.get_text()
    assert "&lt;img" in html
    sources = table.find("tbody").find("tr").find_all("td")[-1]
    assert sources.find("a")["href"].startswith("https://") and "Checked 2026-11-25" in sources.get_text()


def test_table_in_chinese_links_to_chinese_pages(site_data):
    data, _ = site_data
    table = table_of(render_markers("<!-- table: models -->", data, RenderContext("zh-TW", "")))
    assert table.find("th").get_text() == "系列"
    assert table.find("a", string="Qwen3-8B")["href"] == "models/qwen/"
    assert "總計 671B／啟用 37B" in table.get_text()


def test_columns_option_selects_and_orders_columns(site_data):
    data, _ = site_data
    table = table_of(render_markers("<!-- table: models columns=params,variant -->", data, RenderContext("en", "en/")))
    assert [th.get_text() for th in table.find_all("th")] == ["Parameters", "Variant", "Sources"]


def test_every_cell_carries_its_label_and_its_place_on_the_phone_card(site_data):
    data, _ = site_data
    table = table_of(render_markers("<!-- table: models -->", data, RenderContext("en", "en/")))
    assert table.has_attr("data-kb-cards") and table["role"] == "table"
    assert table["aria-labelledby"] == table.caption["id"]
    row = table.find("tbody").find("tr")
    cells = row.find_all("td")
    labels = [th.get_text() for th in table.find("thead").find_all("th")]
    assert [td["data-label"] for td in cells] == labels, "each value with its column's label"
    assert {td["role"] for td in cells} == {"cell"} and row["role"] == "row"
    title = row.select("td[data-kb-card-title]")
    assert [td["data-label"] for td in title] == ["Variant"], "the variant is the card's title"
    places = {td["data-label"]: int(td["data-kb-card"]) for td in cells if td.has_attr("data-kb-card")}
    assert sorted(places, key=places.get)[:3] == ["Parameters", "Context length", "Licence"]
    assert "kb-sources" in cells[-1]["class"] and "Checked" in cells[-1].get_text(), "sources and date on every card"
    # A subset of columns keeps the declared order among the columns shown.
    subset = table_of(render_markers("<!-- table: models columns=license,variant -->", data, RenderContext("en", "en/")))
    assert subset.find("tbody").select_one("td[data-kb-card-title]")["data-label"] == "Variant"


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        ("<!-- table: modles -->", "unknown table 'modles'"),
        ("<!-- table: models vendor=qwen -->", "unknown filter 'vendor'"),
        ("<!-- table: models family=gpt -->", "filter family=gpt matches no entry"),
        ("<!-- table: models columns=variant,size -->", "unknown column(s) size"),
        ("<!-- table: models family -->", "malformed option 'family'"),
        ("<!-- table: -->", "empty table marker"),
        ("<!-- tables: models -->", "malformed table marker"),
        ("<!-- table: glossary -->", "data/glossary.yml does not exist"),
    ],
)
def test_bad_markers_are_errors(site_data, marker, message):
    data, _ = site_data
    with pytest.raises(TableError, match=message.replace("(", r"\(").replace(")", r"\)")):
        render_markers(marker, data, RenderContext("en", "en/"))


def test_bad_marker_anywhere_is_found_before_the_build(site_data):
    data, docs = site_data
    (docs / "models" / "qwen.en.md").write_text("# Qwen\n\n<!-- table: models family=phi -->\n", encoding="utf-8")
    problems = check_markers(docs, data)
    assert problems == ["docs/models/qwen.en.md: table 'models': filter family=phi matches no entry"]


@pytest.mark.parametrize("page", ["models/index.html", "en/models/index.html"])
def test_sentence_columns_get_room_in_both_languages(built_site, page):
    table = built_site.soup(built_site.root / page).find("table", id="table-models")
    headers = table.find("thead").find_all("th")
    prose = [th.get_text() for th in headers if th.has_attr("data-kb-prose")]
    assert prose == [headers[7].get_text()], "the Chinese-ability column (sentences) gets a minimum width, no other"


def test_card_orders_name_only_their_tables_columns():
    from kb.registry import TABLES

    for name, table in TABLES.items():
        orders = table.card_order.values() if isinstance(table.card_order, dict) else [table.card_order]
        keys = {column.key for column in table.columns}
        for order in orders:
            assert set(order) <= keys, f"table {name!r}: card_order names unknown columns {set(order) - keys}"
            assert len(set(order)) == len(order), f"table {name!r}: a column twice in card_order"
