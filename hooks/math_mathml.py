"""Turn the math that pymdownx.arithmatex marks up into MathML at build time.

Browsers render MathML natively, so pages need no MathJax/KaTeX download and no CDN.
"""

from __future__ import annotations

import html
import re

from latex2mathml.converter import convert
from mkdocs.exceptions import PluginError

# arithmatex (generic mode) wraps inline math as \( … \) in a span and display math as \[ … \] in a div.
_INLINE = re.compile(r'<span class="arithmatex">\\\((.+?)\\\)</span>', re.DOTALL)
_UNKNOWN_COMMAND = re.compile(r">(\\[A-Za-z]+)<")
_BLOCK = re.compile(r'<div class="arithmatex">\\\[(.+?)\\\]</div>', re.DOTALL)


def on_page_content(html_text: str, *, page, config, files) -> str:
    return render_math(html_text, where=page.file.src_uri)


def render_math(html_text: str, *, where: str) -> str:
    """Replace arithmatex spans/divs by MathML; raise PluginError naming the page and formula on bad LaTeX."""

    def to_mathml(latex_escaped: str, display: str) -> str:
        latex = html.unescape(latex_escaped).strip()
        try:
            mathml = convert(latex, display=display)
        except Exception as error:  # latex2mathml raises several unrelated types
            raise PluginError(f"{where}: cannot render math {latex!r}: {type(error).__name__} {error}") from error
        unknown = _UNKNOWN_COMMAND.search(mathml)
        if unknown:  # latex2mathml prints commands it does not know as text instead of failing
            raise PluginError(f"{where}: cannot render math {latex!r}: unsupported command {unknown.group(1)}")
        return mathml

    html_text = _BLOCK.sub(lambda m: f'<div class="arithmatex">{to_mathml(m.group(1), "block")}</div>', html_text)
    return _INLINE.sub(lambda m: f'<span class="arithmatex">{to_mathml(m.group(1), "inline")}</span>', html_text)
