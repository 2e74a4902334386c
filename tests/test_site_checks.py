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
