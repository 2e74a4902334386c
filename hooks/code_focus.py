"""MkDocs hook: code blocks can take keyboard focus from the start, so a reader can scroll them.

Material gives a code block tabindex="0" when it overflows sideways (and removes it when it does
not), but with content.lazy (mkdocs.yml) only once the block has scrolled into view; until then a
block that will overflow is a scrollable region the keyboard cannot reach (WCAG 2.1.1). Rendered
focusable here, each block is reachable before Material looks at it, and Material still takes the
tab stop away from blocks that turn out not to scroll.
"""

from __future__ import annotations

import re

# pymdownx.highlight's block: <div class="language-x highlight"><pre><span></span><code>
_CODE = re.compile(r'(<div class="[^"]*\bhighlight\b[^"]*"><pre[^>]*><span></span>)<code>')


def on_page_content(html: str, *, page, config, files) -> str:
    return make_code_focusable(html)


def make_code_focusable(html: str) -> str:
    return _CODE.sub(r'\1<code tabindex="0">', html)
