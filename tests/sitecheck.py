"""Checks over a built site's HTML: links, anchors, language parity, third-party loads.

Pure functions returning problems, so each check can be run on a deliberately broken fixture
to prove it reports what it should.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

from kb.i18n import DEFAULT_LANGUAGE, SECONDARY_LANGUAGES, language_of_url

HEADING_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Elements whose URL the browser fetches while loading the page (not mere navigation links).
_LOADING = {
    "script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src", "audio": "src",
    "embed": "src", "object": "data",
}
_LOADING_LINK_RELS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "apple-touch-icon"}


@dataclass(frozen=True)
class Problem:
    page: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.page}: {self.kind}: {self.detail}"


class Site:
    """A built site on disk, served under `base_url` (the site_url, e.g. https://host/kb/)."""

    def __init__(self, root: Path, base_url: str):
        self.root = root
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.base_path = urlsplit(self.base_url).path

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def url_of(self, file: Path) -> str:
        """The site-absolute URL path a file is served at, e.g. /kb/en/about/."""
        rel = file.relative_to(self.root).as_posix()
        rel = rel.removesuffix("index.html")
        return self.base_path + rel

    def file_for(self, path: str) -> Path | None:
        """The file that serves a site-absolute URL path, or None."""
        path = unquote(path)
        if not path.startswith(self.base_path):
            return None
        rel = path[len(self.base_path):]
        candidate = self.root / rel
        if rel == "" or rel.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    @lru_cache(maxsize=None)
    def soup(self, file: Path) -> BeautifulSoup:
        return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")

    @lru_cache(maxsize=None)
    def ids(self, file: Path) -> frozenset[str]:
        soup = self.soup(file)
        found = {tag["id"] for tag in soup.find_all(id=True)}
        found |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
        return frozenset(found)


def check_links(site: Site) -> list[Problem]:
    """Every internal href/src resolves to a file and every #fragment to an id in it; external links are https."""
    problems: list[Problem] = []
    for file in site.html_files():
        page_url = site.url_of(file)
        soup = site.soup(file)
        for tag in soup.find_all(["a", "link", "script", "img", "source", "iframe"]):
            attribute = "href" if tag.name in ("a", "link") else "src"
            value = tag.get(attribute)
            if value is None or value.startswith(("mailto:", "data:", "javascript:")):
                continue
            problems.extend(_check_url(site, file, page_url, value))
    return problems


def check_sitemap(site: Site) -> list[Problem]:
    """Every URL in sitemap.xml, and each hreflang alternate in it, is a page of the site."""
    sitemap = site.root / "sitemap.xml"
    if not sitemap.is_file():
        return [Problem("sitemap.xml", "missing", "no sitemap.xml in the build")]
    problems: list[Problem] = []
    tree = ET.parse(sitemap)
    for element in tree.iter():
        url = element.text if element.tag.endswith("loc") else element.get("href") if element.tag.endswith("link") else None
        if not url:
            continue
        if not url.startswith(site.base_url):
            problems.append(Problem("sitemap.xml", "foreign URL", url))
        elif site.file_for(urlsplit(url).path) is None:
            problems.append(Problem("sitemap.xml", "dead link", url))
    return problems


def _check_url(site: Site, file: Path, page_url: str, value: str) -> list[Problem]:
    where = file.relative_to(site.root).as_posix()
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") or value.startswith("//"):
        if value.startswith(site.base_url):
            parts = urlsplit(value)  # an absolute link to ourselves: check it like an internal one
        elif parts.scheme != "https" or not parts.netloc or " " in value:
            return [Problem(where, "bad external URL", value)]
        else:
            return []
    elif parts.scheme:
        return [Problem(where, "unexpected URL scheme", value)]
    target_path = urlsplit(urljoin(page_url, value)).path if not parts.scheme else parts.path
    target = site.file_for(target_path)
    if target is None:
        return [Problem(where, "dead link", value)]
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".html" and fragment not in site.ids(target):
        return [Problem(where, "missing anchor", value)]
    return []


def check_third_party_loads(site: Site) -> list[Problem]:
    """No page makes the browser fetch anything from another host."""
    problems: list[Problem] = []
    host = urlsplit(site.base_url).netloc
    for file in site.html_files():
        soup = site.soup(file)
        urls = [tag.get(attr) for name, attr in _LOADING.items() for tag in soup.find_all(name)]
        urls += [
            tag.get("href") for tag in soup.find_all("link")
            if _LOADING_LINK_RELS & set(tag.get("rel") or [])
        ]
        for url in filter(None, urls):
            parts = urlsplit(url)
            if (parts.netloc and parts.netloc != host) or url.startswith("//"):
                problems.append(Problem(file.relative_to(site.root).as_posix(), "third-party request", url))
    return problems


def content_pages(site: Site) -> dict[str, dict[str, Path]]:
    """Pages by language, keyed by their language-independent path ('' for home, 'models/qwen/')."""
    pages: dict[str, dict[str, Path]] = {DEFAULT_LANGUAGE: {}}
    pages.update({language: {} for language in SECONDARY_LANGUAGES})
    for file in site.root.rglob("index.html"):
        rel = file.relative_to(site.root).as_posix().removesuffix("index.html")
        if rel.startswith(("assets/", "search/")):
            continue
        language = language_of_url(rel)
        key = rel if language == DEFAULT_LANGUAGE else rel[len(language) + 1:]
        pages[language][key] = file
    return pages


def heading_ids(site: Site, file: Path) -> list[str]:
    article = site.soup(file).select_one("article") or site.soup(file)
    return [h["id"] for h in article.find_all(["h2", "h3", "h4", "h5", "h6"]) if h.get("id")]


def check_parity(site: Site) -> list[Problem]:
    """Every page exists in every language with the same heading ids, all explicit ASCII ids."""
    problems: list[Problem] = []
    pages = content_pages(site)
    languages = list(pages)
    all_keys = set().union(*(set(p) for p in pages.values()))
    for key in sorted(all_keys):
        present = {lang: pages[lang].get(key) for lang in languages}
        missing = [lang for lang, file in present.items() if file is None]
        if missing:
            problems.append(Problem(key or "(home)", "missing twin", f"no {', '.join(missing)} version"))
            continue
        ids = {lang: heading_ids(site, file) for lang, file in present.items()}
        for lang, found in ids.items():
            for bad in [i for i in found if not HEADING_ID.match(i)]:
                problems.append(Problem(f"{lang}:{key}", "bad heading id", bad))
        reference = set(ids[DEFAULT_LANGUAGE])
        for lang in languages[1:]:
            if set(ids[lang]) != reference:
                only_zh = sorted(reference - set(ids[lang]))
                only_other = sorted(set(ids[lang]) - reference)
                problems.append(Problem(key or "(home)", "heading ids differ", f"only zh-TW: {only_zh}; only {lang}: {only_other}"))
    return problems
