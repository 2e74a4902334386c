"""The site's languages, read once from the i18n plugin's settings in mkdocs.yml, and the one way to
tell which language a page, a source file or a URL is in.

Every module that needs the language list imports it from here; adding a language is a change to
mkdocs.yml (and to the text the data files and kb.ui carry), not to the code.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

import yaml

MKDOCS_YML = Path(__file__).resolve().parents[2] / "mkdocs.yml"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its tags (!ENV takes its default, python tags are ignored)."""


_ConfigLoader.add_constructor(
    "!ENV", lambda loader, node: loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) else None
)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_mkdocs_yml(path: Path = MKDOCS_YML) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)


def i18n_languages(config: dict) -> list[dict]:
    """The `languages:` list of the i18n plugin in a mkdocs.yml mapping."""
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            return plugin["i18n"]["languages"]
    raise ValueError("mkdocs.yml has no i18n plugin with languages")


def _languages(config: dict) -> tuple[str, ...]:
    entries = i18n_languages(config)
    defaults = [entry["locale"] for entry in entries if entry.get("default")]
    if len(defaults) != 1:
        raise ValueError(f"mkdocs.yml: exactly one i18n language must be the default, found {defaults}")
    return tuple(defaults + [entry["locale"] for entry in entries if not entry.get("default")])


LANGUAGES: tuple[str, ...] = _languages(read_mkdocs_yml())  # the default language first
DEFAULT_LANGUAGE: str = LANGUAGES[0]
SECONDARY_LANGUAGES: tuple[str, ...] = LANGUAGES[1:]


def language_of_source(src_uri: str) -> str:
    """'models/qwen.en.md' → 'en'; 'models/qwen.md' → the default language (static-i18n's suffix structure)."""
    return next((lang for lang in SECONDARY_LANGUAGES if src_uri.endswith(f".{lang}.md")), DEFAULT_LANGUAGE)


def language_of_url(url: str) -> str:
    """'en/models/qwen/' → 'en'; 'models/qwen/' → the default language. URLs relative to the site root."""
    url = url.lstrip("/")
    return next((lang for lang in SECONDARY_LANGUAGES if url == lang or url.startswith(f"{lang}/")), DEFAULT_LANGUAGE)


def page_language(page) -> str:
    return language_of_source(page.file.src_uri)


def page_url(src_path: str, language: str) -> str:
    """Where a page is published, relative to the site root: ('models/qwen.md', 'en') → 'en/models/qwen/'."""
    stem = src_path.removesuffix(".md").removesuffix(f".{language}")
    url = "" if stem == "index" else stem.removesuffix("/index") + "/"
    return url if language == DEFAULT_LANGUAGE else f"{language}/{url}"


def relative_url(from_url: str, to_url: str) -> str:
    """A relative link between two directory URLs of the site ('en/models/' → 'en/models/qwen/' is 'qwen/')."""
    if from_url == to_url:
        return "./"
    return posixpath.relpath("/" + to_url, "/" + from_url) + "/"
