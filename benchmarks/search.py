"""Search benchmark: quality (top-3 pass rate, results from the other language) and speed, per language.

Builds the site twice: as it is, and "before" (the same site without hooks/search_index.py, i.e. the
stack's defaults: one shared index, no domain dictionary, no keywords field). For each build and
language it reports the index size (raw and gzipped), the time from navigation to search ready, the
median time from typing a query to its results, and the pass rate of tests/search_queries.yml.

    .venv/bin/python benchmarks/search.py            # both builds
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "hooks")]

from conftest import mkdocs_build, serve  # noqa: E402
from searchkit import LANGUAGE_ROOT, QUERIES, RESULT_READY_JS, page_key, search  # noqa: E402

RUNS = 5
TIMING_QUERIES = {"zh-TW": ["過擬合", "低秩適應", "混合專家", "類別不平衡", "學習率"], "en": ["overfitting", "lora rank", "mixture of experts", "class imbalance", "learning rate"]}
def build_variant(name: str, work: Path, without_search_hook: bool) -> Path:
    project = work / name
    for entry in ("docs", "data", "hooks", "overrides"):
        shutil.copytree(ROOT / entry, project / entry, ignore=shutil.ignore_patterns("__pycache__"))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if without_search_hook:
        config = config.replace("  - hooks/search_index.py\n", "")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = project / "site"
    result = mkdocs_build(site, config=project / "mkdocs.yml")
    if result.returncode:
        sys.exit(f"build of {name} failed:\n{result.stdout}\n{result.stderr}")
    return site


def index_sizes(site: Path) -> dict[str, dict[str, int]]:
    sizes = {}
    for language, prefix in LANGUAGE_ROOT.items():
        path = site / prefix / "search" / "search_index.json"
        if not path.is_file():
            path = site / "search" / "search_index.json"  # the shared index of the stock setup
        raw = path.read_bytes()
        sizes[language] = {"raw": len(raw), "gzip": len(gzip.compress(raw, 9)), "file": str(path.relative_to(site))}
    return sizes


def time_to_ready(browser, root: str, language: str) -> float:
    """Milliseconds from navigation start until a ?q= deep link shows its results."""
    samples = []
    for _ in range(RUNS):
        context = browser.new_context()
        page = context.new_page()
        page.goto(root + LANGUAGE_ROOT[language] + "?q=" + ("lora"))
        page.wait_for_function(RESULT_READY_JS, timeout=20000)
        samples.append(page.evaluate("performance.now()"))
        context.close()
    return statistics.median(samples)


def time_to_results(browser, root: str, language: str) -> float:
    """Median milliseconds from typing a query (search already loaded) to its results."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(root + LANGUAGE_ROOT[language] + "?q=zzzzqqqq")
    page.wait_for_function(RESULT_READY_JS, timeout=20000)
    box = page.locator(".md-search__input")
    samples = []
    for _ in range(RUNS):
        for query in TIMING_QUERIES[language]:
            box.fill("zzzzqqqq")
            box.dispatch_event("keyup")
            page.wait_for_function(f"() => document.querySelector('.md-search-result__meta').textContent.trim() === JSON.parse(document.getElementById('__config').textContent).translations['search.result.none']")
            start = time.perf_counter()
            box.fill(query)
            box.dispatch_event("keyup")  # Material reads the query on key events, as when a reader types
            page.wait_for_function(
                "() => { const m = document.querySelector('.md-search-result__meta').textContent.trim();"
                " return m !== JSON.parse(document.getElementById('__config').textContent).translations['search.result.none']; }",
                timeout=10000,
            )
            samples.append((time.perf_counter() - start) * 1000)
    context.close()
    return statistics.median(samples)


def pass_rate(browser, root: str, language: str) -> dict[str, object]:
    context = browser.new_context()
    page = context.new_page()
    passed, foreign, misses = 0, 0, []
    for query in QUERIES[language]:
        _, links = search(page, root, language, query["q"])
        keys = [page_key(url, root, language) for url in links]
        foreign += sum(key is None for key in keys)
        own = [key for key in keys if key is not None]
        if set(query["expect"]) & set(own[:3]):
            passed += 1
        else:
            misses.append(query["q"])
    context.close()
    return {"passed": passed, "total": len(QUERIES[language]), "foreign_results": foreign, "misses": misses}


def main() -> None:
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    report = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        work = Path(tmp)
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        )
        for name, without in (("before", True), ("after", False)):
            site = build_variant(name, work, without)
            server, origin = serve(site, "/kb/", work / f"serve-{name}")
            root = origin + "/kb/"
            report[name] = {}
            for language in LANGUAGE_ROOT:
                report[name][language] = {
                    "index": index_sizes(site)[language],
                    "ready_ms": round(time_to_ready(browser, root, language)),
                    "typing_to_results_ms": round(time_to_results(browser, root, language), 1),
                    "quality": pass_rate(browser, root, language),
                }
            server.shutdown()
        browser.close()

    print(f"{'build':7} {'lang':6} {'index raw':>10} {'gzip':>8} {'ready ms':>9} {'type→res ms':>12} {'top-3 pass':>11} {'foreign':>8}")
    for name, languages in report.items():
        for language, r in languages.items():
            q = r["quality"]
            print(f"{name:7} {language:6} {r['index']['raw'] / 1024:9.0f}K {r['index']['gzip'] / 1024:7.0f}K {r['ready_ms']:9} "
                  f"{r['typing_to_results_ms']:12} {q['passed']:>5}/{q['total']:<5} {q['foreign_results']:8}")
    for name, languages in report.items():
        for language, r in languages.items():
            if r["quality"]["misses"]:
                print(f"{name} {language} missed: {', '.join(r['quality']['misses'])}")
    out = ROOT / "benchmarks" / "results" / "search.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
