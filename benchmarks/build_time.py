"""Full strict build time (both languages, all hooks), median of 3 runs.

    .venv/bin/python benchmarks/build_time.py [runs]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_once(destination: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-q", "-d", str(destination)],
        cwd=ROOT, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), check=True, capture_output=True,
    )
    return time.perf_counter() - start


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as tmp:
        times = [build_once(Path(tmp) / f"site-{i}") for i in range(runs)]
        pages = sum(1 for _ in (Path(tmp) / "site-0").rglob("index.html"))
    print(f"strict build, {pages} pages (both languages): median {statistics.median(times):.1f} s "
          f"over {runs} runs ({', '.join(f'{t:.1f}' for t in times)})")


if __name__ == "__main__":
    main()
