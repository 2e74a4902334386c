"""The built site: links, anchors, sitemap, language parity and no third-party loads."""

from sitecheck import check_links, check_parity, check_sitemap, check_third_party_loads, content_pages


def _report(problems) -> str:
    return "\n".join(str(p) for p in problems)


def test_every_internal_link_and_anchor_resolves(built_site):
    problems = check_links(built_site)
    assert not problems, _report(problems)


def test_sitemap_lists_only_real_pages_in_both_languages(built_site):
    problems = check_sitemap(built_site)
    assert not problems, _report(problems)
    sitemap = (built_site.root / "sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="en"' in sitemap and 'hreflang="zh-TW"' in sitemap


def test_no_page_loads_anything_from_another_host(built_site):
    problems = check_third_party_loads(built_site)
    assert not problems, _report(problems)


def test_every_page_has_its_twin_with_the_same_heading_ids(built_site):
    problems = check_parity(built_site)
    assert not problems, _report(problems)


def test_the_site_has_pages_in_both_languages(built_site):
    pages = content_pages(built_site)
    assert "" in pages["zh-TW"] and "about/" in pages["zh-TW"]
    assert set(pages["zh-TW"]) == set(pages["en"])


def test_language_switcher_and_hreflang_point_to_the_twin(built_site):
    pages = content_pages(built_site)
    for key, zh_file in pages["zh-TW"].items():
        soup = built_site.soup(zh_file)
        switch = {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link[hreflang]")}
        alternates = {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')}
        assert set(switch) == {"zh-TW", "en"} and set(alternates) == {"zh-TW", "en", "x-default"}, key
        assert alternates["x-default"] == alternates["zh-TW"], key
        for links in (switch, alternates):
            assert links["en"].rstrip("/").endswith(("en/" + key).rstrip("/")), (key, links)


def test_search_index_leaves_out_citations_and_table_sources(built_site):
    """Footnotes and the sources column are marked data-search-exclude (kb/page_html.py, table.html)."""
    import json

    pages = content_pages(built_site)
    checked = 0
    for language, root in (("zh-TW", ""), ("en", "en/")):
        index = json.loads((built_site.root / root / "search" / "search_index.json").read_text(encoding="utf-8"))
        text_by_page: dict[str, str] = {}
        for doc in index["docs"]:
            key = doc["location"].partition("#")[0]
            text_by_page[key] = text_by_page.get(key, "") + " " + doc["text"].replace("\u200b", "")
        for key, file in pages[language].items():
            soup = built_site.soup(file)
            cited = [li.get_text(" ", strip=True) for li in soup.select("div.footnote li")]
            cited += [td.get_text(" ", strip=True) for td in soup.select("td.kb-sources")]
            words = " ".join(text_by_page.get(key, "").split())
            for text in cited:
                text = " ".join(text.replace("\u21a9", "").split())[:60]
                assert len(text) < 20 or text not in words, f"{language} /{key}: cited text in the search index: {text!r}"
                checked += 1
    assert checked > 500, "too few footnotes and source cells found: did their markup change?"
