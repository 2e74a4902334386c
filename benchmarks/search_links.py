"""How fast a pasted search link (?q=) shows its results, and the first query typed after a cold load.

Builds the site (or takes a built one: `search_links.py SITE_DIR`), serves it on 127.0.0.1 and, per
language, loads a `?q=` link in a fresh browser context (cold cache) RUNS times, and types a query
into a freshly loaded page RUNS times. Reports medians in milliseconds, from navigation start (the
link) and from the first keystroke (the typed query) to Material's result line.

    .venv/bin/python benchmarks/search_links.py
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "hooks")]

from conftest import chromium_path, configured_site_url, mkdocs_build, serve  # noqa: E402
from searchkit import LANGUAGE_ROOT, RESULT_READY_JS  # noqa: E402
from sitecheck import Site  # noqa: E402

RUNS = 5
QUERIES = {"zh-TW": "微調", "en": "overfitting"}


def link_to_results(browser, root: str, language: str) -> float:
    context = browser.new_context()
    page = context.new_page()
    page.goto(root + LANGUAGE_ROOT[language] + "?q=" + quote(QUERIES[language]), wait_until="commit")
    page.wait_for_function(RESULT_READY_JS, polling="raf", timeout=20000)
    elapsed = page.evaluate("performance.now()")
    context.close()
    return elapsed


def typed_to_results(browser, root: str, language: str) -> float:
    context = browser.new_context()
    page = context.new_page()
    page.goto(root + LANGUAGE_ROOT[language])
    box = page.locator(".md-search__input")
    started = page.evaluate("performance.now()")
    box.focus()
    box.press_sequentially(QUERIES[language])
    page.wait_for_function(RESULT_READY_JS, polling="raf", timeout=20000)
    elapsed = page.evaluate("performance.now()") - started
    context.close()
    return elapsed


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as work:
        if len(sys.argv) > 1:
            site_dir = Path(sys.argv[1]).resolve()
        else:
            site_dir = Path(work) / "site"
            result = mkdocs_build(site_dir)
            if result.returncode:
                sys.exit(result.stderr)
        site = Site(site_dir, configured_site_url())
        server, origin = serve(site_dir, site.base_path, Path(work))
        root = origin + site.base_path
        report = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"])
            for language in QUERIES:
                link = [link_to_results(browser, root, language) for _ in range(RUNS)]
                typed = [typed_to_results(browser, root, language) for _ in range(RUNS)]
                report[language] = {"link_ms": round(statistics.median(link)), "typed_ms": round(statistics.median(typed))}
            browser.close()
        server.shutdown()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
