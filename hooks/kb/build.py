"""What every hook needs from the build: the validated data.

The only module of kb that knows MkDocs: it turns DataError into PluginError, which stops the build
with the message.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from kb.loader import DataError, SiteData, load_site_data_cached

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"


def site_data(docs_dir: Path) -> SiteData:
    """The validated data files (loaded once per set of file versions); stops the build if invalid."""
    try:
        return load_site_data_cached(DATA_DIR, docs_dir)
    except DataError as error:
        raise PluginError(str(error)) from error

