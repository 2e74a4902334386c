"""Fenced Python blocks of the pages, with page, line and check kind.

Check kinds (shown in each test id, `page:line[kind]`):
- ``executed``: the block touches a model library and runs unchanged against tiny stand-ins (and is
  signature-checked as well);
- ``signature``: the fence says ``data-check="signature"`` (a deliberately partial example, or one that
  needs what a CPU does not have): every import resolves and every keyword argument exists;
- ``parse``: the block imports no model library (plain Python, metrics, a vLLM client); it must
  parse (any import of a model library it has must resolve).

A fence marks its check kind with an attribute in the brace form pymdownx.superfences accepts:
``` {.python data-check="signature"} ```. It renders as a data- attribute on the code block.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

# Libraries whose use makes a block an example that configures, loads, trains or evaluates a model.
MODEL_LIBRARIES = ("torch", "transformers", "trl", "peft", "datasets", "accelerate", "bitsandbytes")
KINDS = ("executed", "signature", "parse")

FENCE = re.compile(r"^(?P<indent>\s*)(?P<ticks>`{3,})\s*(?P<info>.*)$")
BRACE = re.compile(r"^\{(?P<body>.*)\}$")
ATTR = re.compile(r'([\w-]+)="([^"]*)"')


@dataclass(frozen=True)
class Block:
    page: str  # docs-relative path, e.g. "methods/peft/lora.md"
    line: int  # 1-based line of the first code line in the page
    code: str
    attrs: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def imports(self) -> set[str]:
        return top_level_imports(self.code)

    @property
    def kind(self) -> str:
        declared = self.attrs.get("data-check")
        if declared:
            if declared not in KINDS:
                raise ValueError(f"{self.page}:{self.line}: data-check={declared!r}: one of {KINDS}")
            return declared
        return "executed" if self.imports & set(MODEL_LIBRARIES) else "parse"

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}[{self.kind}]"


def top_level_imports(code: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def language_and_attrs(info: str) -> tuple[str | None, dict]:
    info = info.strip()
    brace = BRACE.match(info)
    if brace:
        body = brace.group("body")
        classes = re.findall(r"(?:^|\s)\.([\w-]+)", body)
        return (classes[0] if classes else None), dict(ATTR.findall(body))
    language = info.split()[0] if info else None
    return language, dict(ATTR.findall(info))


def page_blocks(path: Path, docs: Path = DOCS) -> list[Block]:
    """Python blocks of one page (fences may be indented, e.g. inside admonitions or tabs)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks, i = [], 0
    while i < len(lines):
        fence = FENCE.match(lines[i])
        if not fence:
            i += 1
            continue
        indent, ticks = fence.group("indent"), fence.group("ticks")
        language, attrs = language_and_attrs(fence.group("info"))
        j = i + 1
        while j < len(lines) and not re.match(rf"^\s*{ticks}\s*$", lines[j]):
            j += 1
        if language == "python":
            body = [line[len(indent):] if line.startswith(indent) else line.lstrip() for line in lines[i + 1 : j]]
            blocks.append(Block(str(path.relative_to(docs)), i + 2, "\n".join(body) + "\n", attrs))
        i = j + 1
    return blocks


def all_blocks(docs: Path = DOCS) -> list[Block]:
    return [block for path in sorted(docs.rglob("*.md")) for block in page_blocks(path, docs)]


def compile_at_page_line(block: Block, filename: str | None = None):
    """Compile so that tracebacks and warnings name the page and the page's line numbers."""
    padded = "\n" * (block.line - 1) + block.code
    return compile(padded, filename or f"docs/{block.page}", "exec")
