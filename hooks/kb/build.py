"""What every hook needs from the build: the validated data and a page's language.

The only module of kb that knows MkDocs: it turns DataError into PluginError (which stops the build
with the message) and reads static-i18n's per-file language.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from kb.loader import DataError, SiteData, load_site_data_cached

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"
DEFAULT_LANGUAGE = "zh-TW"


def site_data(docs_dir: Path) -> SiteData:
    """The validated data files (loaded once per set of file versions); stops the build if invalid."""
    try:
        return load_site_data_cached(DATA_DIR, docs_dir)
    except DataError as error:
        raise PluginError(str(error)) from error


def page_language(page) -> str:
    # static-i18n sets the source file's language on the File object.
    return getattr(page.file, "locale", None) or DEFAULT_LANGUAGE
