"""The library versions the examples are pinned to (pyproject.toml's `examples` extra), and the
version statements on the pages, which must agree with them.

A statement is a library name followed by a version without a "v": "TRL 1.16.0", "transformers 5.24.0"
must equal the pin, "TRL 1.16" its major.minor. "TRL v0.29", "Transformers 4.x" and "Transformers v5"
describe history or a series, not the version the examples run on, and are not checked.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .blocks import DOCS, ROOT

LIBRARIES = {  # how pages name them -> distribution
    "trl": "trl", "peft": "peft", "transformers": "transformers", "datasets": "datasets",
    "accelerate": "accelerate", "pytorch": "torch", "torch": "torch", "bitsandbytes": "bitsandbytes",
}
STATEMENT = re.compile(r"\b(TRL|PEFT|Transformers|transformers|Datasets|Accelerate|PyTorch|bitsandbytes)"
                       r" (\d+\.\d+(?:\.\d+)?)(?![\d.]*\w)")


def pins(pyproject: Path = ROOT / "pyproject.toml") -> dict[str, str]:
    extra = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["optional-dependencies"]["examples"]
    found = {}
    for requirement in extra:
        name, _, version = requirement.partition("==")
        if not version:
            raise ValueError(f"pyproject.toml examples extra: {requirement!r} is not an exact pin (name==version)")
        found[name.strip().lower()] = version.strip()
    return found


@dataclass(frozen=True)
class Statement:
    page: str
    line: int
    library: str
    version: str


def statements(docs: Path = DOCS) -> list[Statement]:
    found = []
    for path in sorted(docs.rglob("*.md")):
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in STATEMENT.finditer(text):
                found.append(Statement(str(path.relative_to(docs)), number, LIBRARIES[match.group(1).lower()], match.group(2)))
    return found


def disagreements(docs: Path = DOCS, pinned: dict[str, str] | None = None) -> list[str]:
    pinned = pins() if pinned is None else pinned
    wrong = []
    for s in statements(docs):
        pin = pinned.get(s.library)
        if pin is None:
            wrong.append(f"docs/{s.page}:{s.line}: names {s.library} {s.version}, which the examples extra does not pin")
        elif s.version.count(".") == 2 and s.version != pin or s.version.count(".") == 1 and not (pin + ".").startswith(s.version + "."):
            wrong.append(f"docs/{s.page}:{s.line}: names {s.library} {s.version}; the examples run on {pin}")
    return wrong
