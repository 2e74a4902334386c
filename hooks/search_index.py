"""MkDocs hook: per-language search with Chinese segmentation tuned to our domain (see kb.search)."""

from __future__ import annotations

import json
import logging
import posixpath
import re
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from kb.build import site_data
from kb.i18n import DEFAULT_LANGUAGE, SECONDARY_LANGUAGES, language_of_url
from kb.search import ZWSP, domain_terms, scope_index, user_dictionary

try:
    import jieba
except ImportError:  # Material would silently index Chinese as unsegmented runs
    jieba = None

log = logging.getLogger("mkdocs.hooks.search_index")

_CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)

_keywords_by_location: dict[str, list[str]] = {}
_dictionary_signature: tuple | None = None


def on_config(config, **_):
    if jieba is None:
        raise PluginError("jieba is not installed: Chinese search needs it (pip install jieba==0.42.1, see pyproject.toml)")
    load_user_dictionary(Path(config["docs_dir"]))
    return config


def on_page_markdown(markdown: str, *, page, config, files) -> str:
    keywords = page.meta.get("keywords") or []
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        raise PluginError(f"{page.file.src_uri}: front matter 'keywords' must be a list of strings")
    _keywords_by_location[page.url] = keywords
    return markdown


def on_post_page(output: str, *, page, config) -> str:
    """Point a secondary language's pages at their own search index and result URLs."""
    language = language_of(page.url)
    if not language:
        return output
    base = posixpath.relpath(f"/{language}/", "/" + page.url)  # directory URLs: "en/about/" → ".."
    return _CONFIG_SCRIPT.sub(lambda m: m.group(1) + _with_base(m.group(2), base) + m.group(3), output, count=1)


@event_priority(-200)  # after static-i18n (-100) has written the combined index of all languages
def on_post_build(config, **_):
    site_dir = Path(config["site_dir"])
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    if not any(language_of(doc["location"]) for doc in index["docs"]):
        return  # an intermediate per-language build, or already split
    for language, scoped in scope_index(index, _keywords_by_location, segment, SECONDARY_LANGUAGES).items():
        target = site_dir / language / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(scoped, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def load_user_dictionary(docs_dir: Path) -> None:
    """Generate the domain dictionary and load it into jieba by absolute path (once per set of terms)."""
    global _dictionary_signature
    glossary = site_data(docs_dir).tables.get("glossary", ())
    terms = domain_terms(docs_dir, [term.zh for term in glossary])
    signature = tuple(terms)
    if signature == _dictionary_signature:
        return
    with tempfile.NamedTemporaryFile("w", suffix=".txt", prefix="jieba-user-", delete=False, encoding="utf-8") as file:
        file.write(user_dictionary(terms))
    jieba.load_userdict(str(Path(file.name).resolve()))
    Path(file.name).unlink()
    _dictionary_signature = signature
    log.debug("jieba user dictionary: %d domain terms", len(terms))


def segment(text: str) -> str:
    """Segment Chinese runs the way Material does at build time (words joined by U+200B)."""
    return re.sub(r"[\u3400-\u9fff\uf900-\ufaff]+", lambda m: ZWSP.join(jieba.cut(m.group(0))), text)


def language_of(url: str) -> str:
    """A secondary language's code, or "" for the default language (whose index is the root one)."""
    language = language_of_url(url)
    return "" if language == DEFAULT_LANGUAGE else language


def _with_base(config_json: str, base: str) -> str:
    data = json.loads(config_json)
    data["base"] = base
    return json.dumps(data, ensure_ascii=False)
