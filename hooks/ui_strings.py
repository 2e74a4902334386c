"""MkDocs hook: the page's interface strings (kb.ui) for the templates and, through them, the scripts."""

from __future__ import annotations

from kb.i18n import page_language
from kb.ui import for_scripts


def on_page_context(context, *, page, config, nav):
    context["kb_ui"] = for_scripts(page_language(page))
    return context


def on_template_context(context, *, template_name, config):
    """Static templates (404.html) have no page: they take the language being built."""
    context["kb_ui"] = for_scripts(config["theme"]["language"])
    return context
