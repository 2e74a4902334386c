"""Shared fixtures: one strict build per test session, served on 127.0.0.1 under the site_url path,
and a headless system Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from kb.i18n import i18n_languages, read_mkdocs_yml  # noqa: E402
from sitecheck import Site  # noqa: E402


def pytest_collection_modifyitems(config, items):
    # Example tests last: their runner works in the background meanwhile (tests/examples/session.py).
    items.sort(key=lambda item: item.get_closest_marker("examples") is not None)


def pytest_collection_finish(session):
    wanted = [item for item in session.items if "example_runs" in getattr(item, "fixturenames", ())
              and not item.get_closest_marker("skip")]
    if not wanted:
        return
    from examples.session import EXAMPLE_RUNS, ExampleRuns

    alone = all(item.get_closest_marker("examples") for item in session.items)
    workers = int(os.environ.get("EXAMPLES_WORKERS") or (2 if alone else 1))
    session.config.stash[EXAMPLE_RUNS] = ExampleRuns(Path(tempfile.mkdtemp(prefix="kb-examples-")), max(1, workers))


def pytest_sessionfinish(session, exitstatus):
    from examples.session import EXAMPLE_RUNS

    runs = session.config.stash.get(EXAMPLE_RUNS, None)
    if runs is not None:
        runs.stop()
        if exitstatus == 0:
            shutil.rmtree(runs.root, ignore_errors=True)


def configured_site_url() -> str:
    config = read_mkdocs_yml()
    return os.environ.get("SITE_URL") or config["site_url"]


def wait_for_material_start(page) -> None:
    """Until Material's bundle has run (it assigns window.component$ once its components are set up)."""
    page.wait_for_function("typeof window.component$ === 'object'")


def configured_site_names() -> dict[str, str]:
    """Each language's site name as mkdocs.yml gives it (the default's, then static-i18n's per language)."""
    config = read_mkdocs_yml()
    return {language["locale"]: language.get("site_name") or config["site_name"] for language in i18n_languages(config)}


def mkdocs_build(destination: Path, *, config: Path = ROOT / "mkdocs.yml") -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(config), "-d", str(destination)],
        cwd=config.parent, env=env, capture_output=True, text=True,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Site:
    # KB_SITE_DIR keeps the tested build (CI deploys exactly what it tested); otherwise a temporary folder.
    destination = Path(os.environ["KB_SITE_DIR"]) if os.environ.get("KB_SITE_DIR") else tmp_path_factory.mktemp("build") / "site"
    result = mkdocs_build(destination)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return Site(destination, configured_site_url())


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    not_found_page: Path | None = None  # served with status 404 for missing paths, as GitHub Pages does

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        if code == 404 and self.not_found_page is not None and self.not_found_page.is_file():
            body = self.not_found_page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


def serve(site_dir: Path, base_path: str, tmp_dir: Path):
    """Serve `site_dir` at http://127.0.0.1:<port><base_path>; returns (server, origin)."""
    root = tmp_dir / "webroot"
    mount = root / base_path.strip("/") if base_path.strip("/") else root
    mount.parent.mkdir(parents=True, exist_ok=True)
    if mount.exists() or mount.is_symlink():
        shutil.rmtree(root)
        mount.parent.mkdir(parents=True, exist_ok=True)
    mount.symlink_to(site_dir, target_is_directory=True)
    handler_class = type("SiteHandler", (_QuietHandler,), {"not_found_page": site_dir / "404.html"})
    handler = functools.partial(handler_class, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def site_server(built_site, tmp_path_factory):
    """Base URL (with trailing slash) of the built site on 127.0.0.1, under the site_url's path."""
    server, origin = serve(built_site.root, built_site.base_path, tmp_path_factory.mktemp("serve"))
    yield origin + built_site.base_path
    server.shutdown()


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(f"Chromium not found at {path}: install Debian's chromium or set CHROMIUM", pytrace=False)
    return path


@pytest.fixture(scope="session")
def browser():
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


class PageWatch:
    """What a page did: console errors, uncaught exceptions, and requests to hosts other than ours."""

    def __init__(self, page, own_origin: str):
        self.page = page
        self.own_host = urlsplit(own_origin).netloc
        self.errors: list[str] = []
        self.foreign_requests: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(f"console: {msg.text}"))
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        # A pattern, not a function: the browser side matches it, so only foreign requests make the
        # round trip to this process.
        own = re.escape(f"{urlsplit(own_origin).scheme}://{self.own_host}/")
        page.route(re.compile(rf"^(?!{own})(?:https?|wss?)://"), self._foreign)

    def _foreign(self, route):
        self.foreign_requests.append(route.request.url)
        route.abort()


@pytest.fixture
def watched_page(browser, site_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    watch = PageWatch(page, site_server)
    yield page, watch
    context.close()
