"""MkDocs hook: mark Chinese text on English pages with lang="zh-TW".

English pages quote Chinese terms (通義千問, 過擬合); screen readers and fonts need to know they are
Chinese (WCAG 3.1.2). Runs of Han characters and CJK punctuation in text are wrapped in
<span lang="zh-TW">; code, math, scripts and attribute values are left alone.
"""

from __future__ import annotations

import re

from kb.build import DEFAULT_LANGUAGE, page_language

_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff][\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff01-\uff65]*")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
_SKIP = {"code", "pre", "script", "style", "math", "textarea", "title", "span-zh"}


def on_page_content(html: str, *, page, config, files) -> str:
    return mark_chinese(html) if page_language(page) != DEFAULT_LANGUAGE else html


def mark_chinese(html: str) -> str:
    out, position, skipping = [], 0, []
    for tag in _TAG.finditer(html):
        out.append(_wrap(html[position:tag.start()]) if not skipping else html[position:tag.start()])
        out.append(tag.group(0))
        closing, name, self_closing = tag.group(1), tag.group(2).lower(), tag.group(3)
        if name in _SKIP and not self_closing:
            if closing and skipping and skipping[-1] == name:
                skipping.pop()
            elif not closing:
                skipping.append(name)
        position = tag.end()
    out.append(_wrap(html[position:]) if not skipping else html[position:])
    return "".join(out)


def _wrap(text: str) -> str:
    return _HAN_RUN.sub(lambda m: f'<span lang="zh-TW">{m.group(0)}</span>', text)
