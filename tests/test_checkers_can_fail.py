"""Every site checker proves it can fail, on a tiny deliberately broken site."""

from pathlib import Path

import pytest

from conftest import serve
from sitecheck import Site, check_links, check_parity, check_sitemap, check_third_party_loads

BROKEN = Path(__file__).resolve().parent / "fixtures" / "broken-site"


@pytest.fixture(scope="module")
def broken_site() -> Site:
    return Site(BROKEN, "https://broken.example/kb/")


def _kinds(problems):
    return {(p.kind, p.detail) for p in problems}


def test_link_checker_reports_dead_link_missing_anchor_and_bad_external_url(broken_site):
    found = _kinds(check_links(broken_site))
    assert ("dead link", "missing-page/") in found
    assert ("missing anchor", "about/#no-such-section") in found
    assert ("bad external URL", "http://insecure.example.com/") in found
    assert not any(detail in ("about/", "../", "../#ok", "en/") for _, detail in found)


def test_sitemap_checker_reports_dead_url(broken_site):
    assert ("dead link", "https://broken.example/kb/gone/") in _kinds(check_sitemap(broken_site))


def test_parity_checker_reports_missing_twin_differing_ids_and_fallback_ids(broken_site):
    problems = check_parity(broken_site)
    assert any(p.kind == "missing twin" and p.page == "about/" for p in problems)
    assert any(p.kind == "heading ids differ" and "only-zh" in p.detail for p in problems)
    assert any(p.kind == "bad heading id" and p.detail == "_1" for p in problems)


def test_third_party_checker_reports_cdn_script(broken_site):
    assert ("third-party request", "https://cdn.example.com/tracker.js") in _kinds(check_third_party_loads(broken_site))


@pytest.mark.browser
def test_browser_watch_reports_third_party_request(browser, tmp_path):
    from conftest import PageWatch

    server, origin = serve(BROKEN, "/kb/", tmp_path)
    try:
        context = browser.new_context()
        page = context.new_page()
        watch = PageWatch(page, origin)
        page.goto(origin + "/kb/")
        assert "https://cdn.example.com/tracker.js" in watch.foreign_requests
        context.close()
    finally:
        server.shutdown()
