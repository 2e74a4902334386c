"""Live-reload time: how long `mkdocs serve` takes to rebuild after one page is edited.

Starts `mkdocs serve` on a free local port, waits for its first build, then appends a blank line to
one page (and takes it out again) RUNS times, timing each edit until the server logs that the build
is done. Reports the median in seconds.

    .venv/bin/python benchmarks/live_reload.py
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "methods" / "peft" / "lora.md"
RUNS = 3
DONE = re.compile(r"Documentation built in|Serving on")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{free_port()}"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    built = threading.Event()

    def read() -> None:
        for line in server.stdout:
            if DONE.search(line):
                built.set()

    threading.Thread(target=read, daemon=True).start()
    original = PAGE.read_text(encoding="utf-8")
    times = []
    try:
        if not built.wait(120):
            sys.exit("mkdocs serve did not finish its first build")
        time.sleep(2)  # the watcher settles
        for run in range(RUNS):
            built.clear()
            start = time.monotonic()
            PAGE.write_text(original + ("\n" if run % 2 == 0 else ""), encoding="utf-8")
            if not built.wait(120):
                sys.exit("no rebuild after the edit")
            times.append(time.monotonic() - start)
            time.sleep(2)
    finally:
        PAGE.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(10)
    print(f"live reload after editing {PAGE.relative_to(ROOT)}: median {statistics.median(times):.1f} s over {RUNS} edits "
          f"({', '.join(f'{t:.1f}' for t in times)})")


if __name__ == "__main__":
    main()
