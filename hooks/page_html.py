"""MkDocs hook: the one place a page's HTML is rewritten (the ordered pipeline is kb.page_html.PIPELINE)."""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from kb.i18n import page_language
from kb.page_html import PageContext, RewriteError, rewrite_page


def on_page_content(html: str, *, page, config, files) -> str:
    ctx = PageContext(
        where=page.file.src_uri,
        language=page_language(page),
        configured_permalink_title=config["mdx_configs"].get("toc", {}).get("permalink_title", ""),
    )
    try:
        return rewrite_page(html, ctx)
    except RewriteError as error:
        raise PluginError(str(error)) from None
