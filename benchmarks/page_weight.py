"""Page weight and Lighthouse scores of the key pages, next to a stock Material for MkDocs floor.

Run: .venv/bin/python benchmarks/page_weight.py   (or `make bench`)

Builds the site (and a one-page stock Material site with the home page's text, the "floor") into
temporary folders, serves each with gzip on 127.0.0.1 under /kb/, then for every key page:
- loads it once in headless Chromium with a cold cache and sums what the Performance API says was
  transferred, counts requests and lists any request to a host other than 127.0.0.1;
- runs Lighthouse (mobile defaults) five times and keeps the median of each category score,
  plus every accessibility / best-practices / SEO audit that did not pass. The runs go in rounds
  (each round loads every page and the floor once), so drift in the machine's speed reaches all
  pages alike.
Prints a table and writes benchmarks/results/page_weight.json. Measures; asserts nothing.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import mimetypes
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
RESULTS = BENCH / "results" / "page_weight.json"
TOOLS = BENCH / ".tools"
LIGHTHOUSE_VERSION = "12.2.3"
LIGHTHOUSE = TOOLS / "node_modules" / ".bin" / "lighthouse"

BASE_PATH = "/kb/"  # site_url's path in mkdocs.yml; the site only works under it
KEY_PAGES = ["", "en/", "models/", "en/models/", "methods/peft/lora/", "en/methods/peft/lora/"]
LIGHTHOUSE_RUNS = 5  # one run's blocking time can be half or double the median on two cores
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
AUDITED_CATEGORIES = ["accessibility", "best-practices", "seo"]  # performance audits are tuning hints, not defects
# The metrics behind the performance score, so a low score says where the time goes.
PERF_METRICS = {"first-contentful-paint": "FCP ms", "largest-contentful-paint": "LCP ms",
                "total-blocking-time": "TBT ms", "cumulative-layout-shift": "CLS", "speed-index": "SI ms"}
MAX_OFFENDERS = 3  # elements shown per failing audit; enough to find the template or CSS rule

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
LIGHTHOUSE_CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"

# What static hosts (GitHub Pages among them) gzip; other images are compressed already.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")

# The floor: what Material gives with nothing added. font: false because the real site has it and
# Google Fonts would otherwise be the floor's biggest (and third-party) download.
FLOOR_CONFIG = """\
site_name: Floor
site_url: {site_url}
theme:
  name: material
  font: false
plugins:
  - search
"""


# ── Serving ─────────────────────────────────────────────────────────────────

class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves one built site under BASE_PATH, gzipping text like a production host would.

    Without compression the byte counts and Lighthouse's performance score would describe a server
    nobody deploys to, not the site.
    """

    def log_message(self, *args):
        pass

    def do_GET(self):
        self._respond(with_body=True)

    def do_HEAD(self):
        self._respond(with_body=False)

    def _respond(self, with_body: bool):
        path = unquote(urlsplit(self.path).path)
        file = self._resolve(path)
        if file is None:
            self.send_error(404)
            return
        if file.is_dir():
            # Relative links in MkDocs pages only resolve from the trailing-slash URL.
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        body, encoding = _encoded_body(str(file), file.stat().st_mtime_ns, self._accepts_gzip(content_type))
        self.send_response(200)
        self.send_header("Content-Type", content_type + ("; charset=utf-8" if _compressible(content_type) else ""))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _resolve(self, path: str) -> Path | None:
        root = Path(self.directory).resolve()
        if path + "/" == BASE_PATH:
            return root  # /kb → redirect to /kb/, as GitHub Pages does
        if not path.startswith(BASE_PATH):
            return None
        target = (root / path[len(BASE_PATH):]).resolve()
        if root not in (target, *target.parents):
            return None  # a ../ escape
        if target.is_dir() and path.endswith("/"):
            target = target / "index.html"
        return target if target.exists() else None

    def _accepts_gzip(self, content_type: str) -> bool:
        accepted = self.headers.get("Accept-Encoding", "")
        return _compressible(content_type) and "gzip" in accepted.lower()


def _compressible(content_type: str) -> bool:
    return content_type.startswith(COMPRESSIBLE)


@functools.lru_cache(maxsize=512)
def _encoded_body(path: str, _mtime_ns: int, compress: bool) -> tuple[bytes, str | None]:
    # Cached so repeated Lighthouse runs measure the page, not this server's gzip time.
    data = Path(path).read_bytes()
    return (gzip.compress(data, compresslevel=6), "gzip") if compress else (data, None)


@contextlib.contextmanager
def bound_server():
    """A gzip server bound to a free port, not yet serving: the port is needed to build the site."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), GzipHandler)
    server.daemon_threads = True

    thread = threading.Thread(target=server.serve_forever, daemon=True)

    def start(site_dir: Path) -> str:
        server.RequestHandlerClass = functools.partial(GzipHandler, directory=str(site_dir))
        thread.start()
        return origin(server)

    try:
        yield origin(server), start
    finally:
        if thread.is_alive():  # shutdown() waits forever for a loop that never started
            server.shutdown()
        server.server_close()


def origin(server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


# ── Building ────────────────────────────────────────────────────────────────

def mkdocs_build(config: Path, destination: Path, site_url: str, strict: bool) -> None:
    # site_url is the local origin so canonical and hreflang links point at the page Lighthouse
    # loads, as they do in production; otherwise its SEO audits flag a mismatch that only exists here.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=site_url)
    command = [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []),
               "--clean", "-f", str(config), "-d", str(destination)]
    result = subprocess.run(command, cwd=config.parent, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"mkdocs build failed for {config}:\n{result.stdout}\n{result.stderr}")


def floor_markdown(index_md: str) -> str:
    """docs/index.md's text as a stock site can show it: no front matter, table markers or heading ids."""
    text = re.sub(r"\A---\n.*?\n---\n", "", index_md, flags=re.S)
    text = re.sub(r"^<!-- table:.*?-->\n", "", text, flags=re.M)
    # attr_list is not a stock extension; left in, the ids would show as literal text.
    return re.sub(r"\s*\{#[\w-]+\}\s*$", "", text, flags=re.M)


def write_floor_project(directory: Path, site_url: str) -> Path:
    (directory / "docs").mkdir(parents=True)
    index_md = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    (directory / "docs" / "index.md").write_text(floor_markdown(index_md), encoding="utf-8")
    config = directory / "mkdocs.yml"
    config.write_text(FLOOR_CONFIG.format(site_url=site_url), encoding="utf-8")
    return config


# ── Measuring ───────────────────────────────────────────────────────────────

@dataclass
class PageResult:
    page: str
    url: str
    transfer_bytes: int = 0
    encoded_body_bytes: int = 0
    requests: int = 0
    foreign_requests: list[str] = field(default_factory=list)
    scores: dict[str, int] = field(default_factory=dict)
    score_runs: dict[str, list[int]] = field(default_factory=dict)
    metrics: dict[str, float] = field(default_factory=dict)
    failing_audits: list[dict] = field(default_factory=list)


# Navigation entry first: it is the HTML itself, which "resource" entries leave out.
PERFORMANCE_ENTRIES_JS = """() => [
  ...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')
].map(e => ({name: e.name, transferSize: e.transferSize, encodedBodySize: e.encodedBodySize}))"""


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    if not Path(path).exists():
        sys.exit(f"Chromium not found at {path}: apt-get install chromium, or set CHROMIUM")
    return path


def measure_weight(browser, result: PageResult) -> None:
    # A fresh context per page has an empty cache, so every byte of the first visit is counted.
    context = browser.new_context()
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    # Counted above, then stopped: this machine must not send traffic off it. Routing only the
    # foreign URLs leaves the local requests (and their timing entries) untouched.
    context.route(lambda url: not is_local(url), lambda route: route.abort())
    page = context.new_page()
    page.goto(result.url, wait_until="networkidle")
    entries = page.evaluate(PERFORMANCE_ENTRIES_JS)
    context.close()
    result.transfer_bytes = sum(entry["transferSize"] for entry in entries)
    result.encoded_body_bytes = sum(entry["encodedBodySize"] for entry in entries)
    http_requests = [url for url in requested if url.startswith(("http:", "https:"))]
    result.requests = len(http_requests)
    result.foreign_requests = [url for url in http_requests if not is_local(url)]


def is_local(url: str) -> bool:
    return not url.startswith(("http:", "https:")) or urlsplit(url).hostname == "127.0.0.1"


def ensure_lighthouse() -> Path:
    if not LIGHTHOUSE.exists():
        print(f"Installing lighthouse@{LIGHTHOUSE_VERSION} into {TOOLS.relative_to(ROOT)}/ …", flush=True)
        subprocess.run(["npm", "install", "--no-save", "--prefix", str(TOOLS), f"lighthouse@{LIGHTHOUSE_VERSION}"],
                       check=True, stdout=subprocess.DEVNULL)
    return LIGHTHOUSE


def run_lighthouse(url: str, report: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=chromium_path())
    command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
               f"--chrome-flags={LIGHTHOUSE_CHROME_FLAGS}", f"--only-categories={','.join(CATEGORIES)}"]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-4000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def failing_audits(lhr: dict) -> list[dict]:
    failing = []
    for category in AUDITED_CATEGORIES:
        for ref in lhr["categories"][category]["auditRefs"]:
            audit = lhr["audits"][ref["id"]]
            # score None: manual, informative or not applicable; nothing to fix.
            if audit.get("score") is not None and audit["score"] < 1:
                failing.append({"category": category, "id": audit["id"], "title": audit["title"],
                                "offenders": offenders(audit)})
    return failing


def offenders(audit: dict) -> list[str]:
    """The first distinct elements (or URLs) an audit blames."""
    found: list[str] = []
    for item in audit.get("details", {}).get("items", []):
        node = item.get("node") or {}
        where = node.get("selector") or item.get("url") or item.get("source", {}).get("url")
        if where and where not in found:
            found.append(where)
    return found[:MAX_OFFENDERS]


def lighthouse_foreign_hosts(lhr: dict) -> list[str]:
    # Lighthouse's own Chrome does not go through Playwright, so check its network log too.
    items = lhr["audits"].get("network-requests", {}).get("details", {}).get("items", [])
    return [item["url"] for item in items if not is_local(item["url"])]


def measure_lighthouse(results: list[PageResult], workdir: Path) -> None:
    """LIGHTHOUSE_RUNS rounds, each running every page once, floor included.

    Rounds rather than one page's runs back to back: this machine's speed drifts over minutes
    (other tenants), and interleaving spreads the drift over every page alike, so the gap to the
    floor is measured under the same conditions.
    """
    runs = {r.url: [] for r in results}
    metric_runs = {r.url: [] for r in results}
    failing = {r.url: {} for r in results}
    foreign = {r.url: set(r.foreign_requests) for r in results}
    for run in range(LIGHTHOUSE_RUNS):
        print(f"  Lighthouse round {run + 1}/{LIGHTHOUSE_RUNS}", flush=True)
        for result in results:
            report = workdir / (re.sub(r"\W+", "_", result.page).strip("_") or "home") / f"lighthouse-{run}.json"
            report.parent.mkdir(parents=True, exist_ok=True)
            lhr = run_lighthouse(result.url, report)
            runs[result.url].append({c: round(lhr["categories"][c]["score"] * 100) for c in CATEGORIES})
            metric_runs[result.url].append({name: lhr["audits"][audit]["numericValue"] for audit, name in PERF_METRICS.items()})
            for audit in failing_audits(lhr):
                failing[result.url].setdefault(audit["id"], {**audit, "runs": 0})["runs"] += 1
            foreign[result.url].update(lighthouse_foreign_hosts(lhr))
    for result in results:
        result.score_runs = {c: [run[c] for run in runs[result.url]] for c in CATEGORIES}
        # Median of the runs: one or two slow runs (CPU contention on a small machine) do not move it.
        result.scores = {c: int(statistics.median(values)) for c, values in result.score_runs.items()}
        result.metrics = {name: round(statistics.median(run[name] for run in metric_runs[result.url]), 3)
                          for name in PERF_METRICS.values()}
        result.failing_audits = list(failing[result.url].values())
        result.foreign_requests = sorted(foreign[result.url])


def weigh_pages(browser, site_origin: str, pages: dict[str, str]) -> list[PageResult]:
    results = []
    for label, path in pages.items():
        result = PageResult(page=label, url=site_origin + BASE_PATH + path)
        print(f"  {result.url}", flush=True)
        measure_weight(browser, result)
        results.append(result)
    return results


# ── Reporting ───────────────────────────────────────────────────────────────

def format_table(results: list[PageResult]) -> str:
    header = ["page", "bytes transferred (KB)", "requests", "perf", "a11y", "best-practices", "seo"]
    rows = [[r.page, f"{r.transfer_bytes / 1024:.1f}", str(r.requests),
             *(str(r.scores[c]) for c in CATEGORIES)] for r in results]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    line = lambda cells: " | ".join(c.ljust(w) if i == 0 else c.rjust(w)  # noqa: E731
                                    for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([line(header), "-+-".join("-" * w for w in widths), *map(line, rows)])


def format_audits(results: list[PageResult]) -> str:
    lines = ["Failing audits (score < 1; accessibility, best-practices, SEO):"]
    for result in results:
        lines.append(f"  {result.page}:")
        if not result.failing_audits:
            lines.append("    none")
        for audit in result.failing_audits:
            lines.append(f"    [{audit['category']}] {audit['id']}: {audit['title']}"
                         f" ({audit['runs']}/{LIGHTHOUSE_RUNS} runs)")
            lines.extend(f"        e.g. {where}" for where in audit["offenders"])
    return "\n".join(lines)


def format_metrics(results: list[PageResult]) -> str:
    names = list(PERF_METRICS.values())
    width = max(len(r.page) for r in results)
    lines = ["Performance metrics (Lighthouse, simulated mobile, median of runs):",
             "  " + "page".ljust(width) + "".join(name.rjust(9) for name in names)]
    for r in results:
        cells = (f"{r.metrics[n]:.3f}" if n == "CLS" else f"{r.metrics[n]:.0f}" for n in names)
        lines.append("  " + r.page.ljust(width) + "".join(cell.rjust(9) for cell in cells))
    return "\n".join(lines)


def format_foreign(results: list[PageResult]) -> str:
    foreign = [(r.page, url) for r in results for url in r.foreign_requests]
    if not foreign:
        return "Requests to hosts other than 127.0.0.1: 0"
    return "\n".join([f"Requests to hosts other than 127.0.0.1: {len(foreign)}",
                      *(f"  {page}: {url}" for page, url in foreign)])


def write_json(results: list[PageResult]) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    payload = {"lighthouse": LIGHTHOUSE_VERSION, "lighthouse_runs": LIGHTHOUSE_RUNS,
               "form_factor": "mobile (Lighthouse defaults)", "pages": [asdict(r) for r in results]}
    RESULTS.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# ── Main ────────────────────────────────────────────────────────────────────

def page_label(path: str) -> str:
    return BASE_PATH + path


def serve_site(servers: contextlib.ExitStack, workdir: Path) -> str:
    print("Building the site …", flush=True)
    site_origin, start = servers.enter_context(bound_server())
    site_dir = workdir / "site"
    mkdocs_build(ROOT / "mkdocs.yml", site_dir, site_origin + BASE_PATH, strict=True)
    start(site_dir)
    return site_origin


def serve_floor(servers: contextlib.ExitStack, workdir: Path) -> str:
    print("Building the floor (stock Material, home page text) …", flush=True)
    floor_origin, start = servers.enter_context(bound_server())
    # Not --strict: the copied text links to pages the one-page floor does not have.
    config = write_floor_project(workdir / "floor", floor_origin + BASE_PATH)
    site_dir = workdir / "floor-site"
    mkdocs_build(config, site_dir, floor_origin + BASE_PATH, strict=False)
    start(site_dir)
    return floor_origin


def main() -> None:
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    ensure_lighthouse()
    with tempfile.TemporaryDirectory(prefix="page-weight-") as tmp, sync_playwright() as playwright, \
            contextlib.ExitStack() as servers:
        workdir = Path(tmp)
        site_origin, floor_origin = serve_site(servers, workdir), serve_floor(servers, workdir)
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            print("Weighing cold loads …", flush=True)
            results = (weigh_pages(browser, site_origin, {page_label(p): p for p in KEY_PAGES})
                       + weigh_pages(browser, floor_origin, {"floor: stock Material " + BASE_PATH: ""}))
        finally:
            browser.close()
        measure_lighthouse(results, workdir / "lighthouse")
    print()
    print(format_table(results))
    print()
    print(format_metrics(results))
    print()
    print(format_foreign(results))
    print()
    print(format_audits(results))
    write_json(results)
    print(f"\nWritten: {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
