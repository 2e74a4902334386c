"""The site's Python examples, checked against the pinned library versions (the `examples` extra).

blocks.py     finds every fenced Python block in docs/**/*.md with its page and line, and its check kind
signature.py  static check: every import resolves, every keyword argument exists on the pinned versions
standins.py   hub stand-ins: tiny random models and tokenizers in an offline cache, generated data files
runner.py     runs examples in a subprocess, offline, and reports each one as JSON
session.py    the examples to run, planted failures included, run in the background of the test session
pins.py       the pins in pyproject.toml and the version statements on the pages
"""
