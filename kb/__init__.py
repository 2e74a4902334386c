"""Lets `python -m kb.memory` run from the repository root: the package itself is hooks/kb."""

from pathlib import Path

__path__ = [str(Path(__file__).resolve().parent.parent / "hooks" / "kb")]
