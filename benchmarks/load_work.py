"""How much style and layout work each key page asks of the browser while it loads, on a phone.

Run: .venv/bin/python benchmarks/load_work.py   (or `make bench`)

Lighthouse's performance score moves by several points between runs on a small machine, too much to
see one change. This counts the work instead: the site and the stock-Material floor are built and
served as in page_weight.py, each key page is loaded in headless Chromium at a phone's size, and the
trace's style and layout events give the number of elements restyled and of layout objects laid out
until the page has settled (load + 1 s). The counts hardly move between runs (medians of three are
printed), so a change that adds or saves work shows up. Main-thread CPU time is printed alongside
for scale; it varies like any timing. Writes benchmarks/results/load_work.json. Asserts nothing.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
from pathlib import Path

import page_weight as pw

RESULTS = pw.BENCH / "results" / "load_work.json"
RUNS = 3
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True}
TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline"]


def trace_load(browser, url: str) -> list[dict]:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(1000)
    events = json.loads(browser.stop_tracing())["traceEvents"]
    context.close()
    return events


def renderer_main_thread(events: list[dict], url: str) -> list[dict]:
    """The events of the main thread of the renderer that loaded `url` (a context can have several)."""
    loaders = {e["args"]["data"]["processId"] for e in events if e.get("name") == "FrameCommittedInBrowser"
               and e["args"]["data"].get("url") == url and e["args"]["data"].get("isOutermostMainFrame")}
    if len(loaders) != 1:
        raise SystemExit(f"expected one renderer loading {url} in the trace, found {len(loaders)}")
    pid = loaders.pop()
    main = {e["tid"] for e in events if e.get("name") == "thread_name" and e.get("pid") == pid
            and e["args"].get("name") == "CrRendererMain"}
    return [e for e in events if e.get("pid") == pid and e.get("tid") in main and e.get("ph") == "X"]


def work(events: list[dict], url: str) -> dict[str, float]:
    main = renderer_main_thread(events, url)
    style = [e for e in main if e["name"] == "UpdateLayoutTree"]
    layout = [e for e in main if e["name"] == "Layout"]
    return {
        "elements restyled": sum(e.get("args", {}).get("elementCount", 0) for e in style),
        "objects laid out": sum(e.get("args", {}).get("beginData", {}).get("dirtyObjects", 0) for e in layout),
        "style passes": len(style),
        "main-thread CPU ms": round(sum(e.get("tdur", 0) for e in main if e["name"] == "RunTask") / 1000),
    }


def measure(browser, origin: str, pages: dict[str, str]) -> dict[str, dict[str, float]]:
    results = {}
    for label, path in pages.items():
        url = origin + pw.BASE_PATH + path
        runs = [work(trace_load(browser, url), url) for _ in range(RUNS)]
        results[label] = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        print(f"  {label}: {results[label]}", flush=True)
    return results


def main() -> None:
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="load-work-") as tmp, sync_playwright() as playwright:
        workdir = Path(tmp)
        browser = playwright.chromium.launch(executable_path=pw.chromium_path(), headless=True, args=pw.CHROMIUM_ARGS)
        try:
            with pw.bound_server() as (origin, start):
                print("Building the site …", flush=True)
                pw.mkdocs_build(pw.ROOT / "mkdocs.yml", workdir / "site", origin + pw.BASE_PATH, strict=True)
                start(workdir / "site")
                results.update(measure(browser, origin, {pw.page_label(p): p for p in pw.KEY_PAGES}))
            with pw.bound_server() as (origin, start):
                print("Building the floor (stock Material, home page text) …", flush=True)
                config = pw.write_floor_project(workdir / "floor", origin + pw.BASE_PATH)
                pw.mkdocs_build(config, workdir / "floor-site", origin + pw.BASE_PATH, strict=False)
                start(workdir / "floor-site")
                results.update(measure(browser, origin, {"floor: stock Material " + pw.BASE_PATH: ""}))
        finally:
            browser.close()
    columns = list(next(iter(results.values())))
    print()
    print(f"{'page':36s}" + "".join(f"{c:>22s}" for c in columns))
    for label, row in results.items():
        print(f"{label:36s}" + "".join(f"{row[c]:>22.0f}" for c in columns))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"runs": RUNS, "device": PHONE, "pages": results}, indent=2) + "\n", encoding="utf-8")
    print(f"\nWritten: {RESULTS.relative_to(pw.ROOT)}")


if __name__ == "__main__":
    main()
