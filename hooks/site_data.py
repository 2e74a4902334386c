"""MkDocs hook: validate data/*.yml once per build and render the comparison tables at their markers.

Thin wrappers only; the work is in kb.loader (load + validate) and kb.tables (render).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from kb.loader import DataError, SiteData, load_site_data
from kb.tables import RenderContext, TableError, check_markers, render_markers

log = logging.getLogger("mkdocs.hooks.site_data")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"

# static-i18n runs the page hooks once per language; the data is loaded once per set of file versions.
_cache: dict[str, object] = {"signature": None, "data": None}


def on_config(config, **_):
    docs_dir = Path(config["docs_dir"])
    problems = check_markers(docs_dir, site_data(docs_dir))
    if problems:
        raise PluginError("invalid table markers:\n  " + "\n  ".join(problems))
    return config


def on_page_markdown(markdown: str, *, page, config, files) -> str:
    ctx = RenderContext(language=page_language(page), page_url=page.url)
    try:
        return render_markers(markdown, site_data(Path(config["docs_dir"])), ctx)
    except TableError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from error


def site_data(docs_dir: Path) -> SiteData:
    """The validated data, loaded again only when a data file or the set of pages changed."""
    signature = _signature(docs_dir)
    if _cache["signature"] != signature:
        try:
            _cache["data"] = load_site_data(DATA_DIR, docs_dir)
        except DataError as error:
            _cache["signature"] = None
            raise PluginError(str(error)) from error
        _cache["signature"] = signature
        log.debug("loaded data files from %s", DATA_DIR)
    return _cache["data"]


def page_language(page) -> str:
    # static-i18n sets the source file's language on the File object.
    return getattr(page.file, "locale", None) or "zh-TW"


def _signature(docs_dir: Path) -> tuple:
    data = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(DATA_DIR.glob("*.yml")))
    pages = tuple(sorted(str(p.relative_to(docs_dir)) for p in docs_dir.rglob("*.md")))
    return data, pages
