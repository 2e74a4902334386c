"""What every hook needs from the build: the validated data.

The only module of kb that knows MkDocs: it turns DataError into PluginError, which stops the build
with the message.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from kb.loader import DataError, SiteData, load_site_data_cached

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"


def site_data(docs_dir: Path, *, revalidate: bool = False) -> SiteData:
    """The validated data files (loaded once per set of file versions); stops the build if invalid.

    `on_config` hooks revalidate (a data file or the set of pages may have changed since the last
    build); calls while pages render reuse what that check loaded."""
    try:
        return load_site_data_cached(DATA_DIR, docs_dir, revalidate=revalidate)
    except DataError as error:
        raise PluginError(str(error)) from error

