#!/usr/bin/env python3
"""Time from a saved one-page edit to the new HTML being served by `handbook serve`.

    python3 bench/serve_latency.py --handbook target/release/handbook --root DIR [--edits 5] [--json]

Starts `handbook --root DIR serve --port 0`, reads the announced http://127.0.0.1:PORT/ from its
stderr, then edits one document (default: the first in content/documents/ by name) EDITS times. Each
edit appends a paragraph with a fresh token and saves the file in place (open, write, close, like
most editors); the clock starts when the file is closed and stops when a GET of the page's URL on
127.0.0.1 returns HTML containing the token (polled every POLL milliseconds). Between edits it waits
for the server to go quiet, so one edit's rebuild never overlaps the next. The page is restored and
the server stopped (SIGINT) at the end, whatever happens.

With --mention TEXT, each edit also adds or removes a mention (even edits cite TEXT, odd ones do
not), so every edit changes what the page links to: the longer way through the entity pages.

With --every S, each edit is saved S seconds after the previous one (or as soon as it is served,
if that takes longer), as an editor saving while typing does: the server may still be busy with
the last edit's follow-up work (the search index) when the next one comes.

Prints the latencies and their median, the time from launch to the first page being served, and the
server's own "rebuilt N files in T" figures. Python standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ANSI = re.compile(r"\x1b\[[0-9;]*m")
SERVING = re.compile(r"serving .* at (http://[^\s]+/)")
REBUILT = re.compile(r"rebuilt (\d+) files in ([0-9.]+)(ns|µs|us|ms|s)\b")
UNITS = {"ns": 1e-6, "µs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1000.0}


class ServerLog:
    """Drains the server's stderr on a thread, so the server never blocks on a full pipe."""

    def __init__(self, stream):
        self.lines: list[str] = []
        self.url: str | None = None
        self.rebuilds: list[tuple[float, float, int]] = []  # (when, server ms, files)
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._run, args=(stream,), daemon=True)
        self.thread.start()

    def _run(self, stream):
        for raw in stream:
            line = ANSI.sub("", raw.decode("utf-8", "replace")).rstrip("\n")
            with self.cond:
                self.lines.append(line)
                if self.url is None and (m := SERVING.search(line)):
                    self.url = m.group(1)
                if m := REBUILT.search(line):
                    self.rebuilds.append((time.perf_counter(), float(m.group(2)) * UNITS[m.group(3)], int(m.group(1))))
                self.cond.notify_all()
        with self.cond:
            self.lines.append("<server stderr closed>")
            self.cond.notify_all()

    def wait_for(self, predicate, timeout: float) -> bool:
        with self.cond:
            return self.cond.wait_for(predicate, timeout=timeout)

    def tail(self, n: int = 20) -> str:
        with self.cond:
            return "\n".join(self.lines[-n:])


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def wait_quiet(log: ServerLog, quiet: float, timeout: float) -> None:
    """Returns once no rebuild has been reported for `quiet` seconds."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        with log.cond:
            last = log.rebuilds[-1][0] if log.rebuilds else 0.0
        idle = time.perf_counter() - last
        if idle >= quiet:
            return
        time.sleep(quiet - idle)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--handbook", required=True, help="the handbook binary")
    ap.add_argument("--root", type=Path, required=True, help="the handbook to serve (the folder with site.yaml)")
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--page", help="the document to edit, relative to ROOT (default: first in content/documents/)")
    ap.add_argument("--poll", type=float, default=5.0, help="milliseconds between polls (default 5)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for startup or one edit")
    ap.add_argument("--quiet-period", type=float, default=0.5, help="seconds without rebuilds between edits")
    ap.add_argument("--every", type=float, default=0.0,
                    help="save each edit this many seconds after the last save, as an editor saving while "
                         "typing does, instead of waiting for the server to go quiet (default: wait)")
    ap.add_argument("--mention", metavar="TEXT",
                    help="make every edit change the page's mentions: even edits add a sentence citing TEXT "
                         "(e.g. 'resolution 2553 (2020)'), odd edits leave it out (default: no mention)")
    ap.add_argument("--log", type=Path, metavar="FILE",
                    help="write the server's stderr here (with HANDBOOK_LOG=debug set, each rebuild's phases)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = ap.parse_args(argv)

    root = args.root.resolve()
    if args.page:
        page = root / args.page
    else:
        docs = sorted(p for p in (root / "content" / "documents").glob("*.md") if p.name != "_index.md")
        if not docs:
            ap.error(f"{root}/content/documents has no documents")
        page = docs[0]
    rel = page.relative_to(root / "content")
    site_path = "/" + "/".join(rel.with_suffix("").parts) + "/"
    original = page.read_bytes()

    env = dict(os.environ, NO_COLOR="1")
    launched = time.perf_counter()
    proc = subprocess.Popen([args.handbook, "--root", str(root), "serve", "--port", "0"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    log = ServerLog(proc.stderr)
    latencies: list[float] = []
    try:
        if not log.wait_for(lambda: log.url is not None or proc.poll() is not None, args.timeout) or log.url is None:
            raise SystemExit(f"serve_latency: the server announced no URL:\n{log.tail()}")
        url = log.url.rstrip("/") + site_path
        status, _ = get(url)
        startup = time.perf_counter() - launched
        if status != 200:
            raise SystemExit(f"serve_latency: GET {url} returned {status}:\n{log.tail()}")
        wait_quiet(log, args.quiet_period, args.timeout)

        text = original.decode("utf-8")
        for i in range(args.edits):
            token = f"benchedit{i}z{secrets.token_hex(6)}"
            cites = f" The Council recalled {args.mention}." if args.mention and i % 2 == 0 else ""
            edited = text.rstrip("\n") + f"\n\nBenchmark edit {token}.{cites}\n"
            with open(page, "w", encoding="utf-8", newline="\n") as f:
                f.write(edited)
            saved = time.perf_counter()
            deadline = saved + args.timeout
            while True:
                status, body = get(url)
                if status == 200 and token in body:
                    break
                if proc.poll() is not None:
                    raise SystemExit(f"serve_latency: the server exited ({proc.returncode}):\n{log.tail()}")
                if time.perf_counter() > deadline:
                    raise SystemExit(f"serve_latency: edit {i + 1} not served after {args.timeout:.0f} s:\n{log.tail()}")
                time.sleep(args.poll / 1000)
            latencies.append((time.perf_counter() - saved) * 1000)
            if args.every > 0:
                time.sleep(max(0.0, saved + args.every - time.perf_counter()))
            else:
                wait_quiet(log, args.quiet_period, args.timeout)
        with log.cond:
            edit_rebuilds = [ms for _, ms, _ in log.rebuilds[1:]]  # not the restore's
    finally:
        page.write_bytes(original)
        if proc.poll() is None:
            time.sleep(0.2)  # let the watcher see the restore before the server goes
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    with log.cond:
        if args.log:
            args.log.write_text("\n".join(log.lines) + "\n", encoding="utf-8")
        initial = log.rebuilds[0][1] if log.rebuilds else None
        files = log.rebuilds[0][2] if log.rebuilds else 0
    # The first "rebuilt" line is the initial build; the rest follow the edits.
    result = {
        "page": str(rel),
        "edits": len(latencies),
        "latency_ms": [round(x, 1) for x in latencies],
        "median_ms": round(statistics.median(latencies), 1),
        "startup_ms": round(startup * 1000, 1),
        "files": files,
        "initial_build_ms": round(initial, 1) if initial is not None else None,
        "server_rebuild_ms": [round(x, 1) for x in edit_rebuilds],
        "rebuilds": len(edit_rebuilds),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"edit-to-served: median {result['median_ms']} ms over {result['edits']} edits of {rel} "
              f"({', '.join(f'{x:.0f}' for x in latencies)} ms)")
        print(f"startup to first page served: {result['startup_ms']:.0f} ms ({files} files)")
        print(f"server rebuilds after edits: {', '.join(f'{x:.0f}' for x in edit_rebuilds)} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
