"""MkDocs hook: validate data/*.yml once per build and render the comparison tables at their markers.

Thin wrappers only; the work is in kb.loader (load + validate) and kb.markers (render).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from kb.build import site_data
from kb.cells import RenderContext
from kb.i18n import page_language
from kb.markers import TableError, check_markers, render_markers


def on_config(config, **_):
    docs_dir = Path(config["docs_dir"])
    problems = check_markers(docs_dir, site_data(docs_dir, revalidate=True))
    if problems:
        raise PluginError("invalid table markers:\n  " + "\n  ".join(problems))
    return config


def on_page_markdown(markdown: str, *, page, config, files) -> str:
    ctx = RenderContext(language=page_language(page), page_url=page.url)
    try:
        return render_markers(markdown, site_data(Path(config["docs_dir"])), ctx)
    except TableError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from error
