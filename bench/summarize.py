#!/usr/bin/env python3
"""Turn bench/run.sh's results.jsonl into the Markdown tables of BENCHMARKS.md.

    python3 bench/summarize.py BENCH_DIR/results.jsonl

Builds: medians of the timed runs for wall and CPU (user + system) time; pages/s is documents
divided by the median wall time; peak RSS is the largest of the runs; output is the bytes of every
file written. Handbook timings: the median of each stage over the runs. Serve: the median of the
edits' edit-to-served times.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
from collections import defaultdict

UNITS = {"ns": 1e-6, "µs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1000.0}
STAGE = re.compile(r"(\w+) ([0-9.]+)(ns|µs|us|ms|s)\b")


def ms(text: str) -> str:
    value = float(text)
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def fmt_duration(millis: float) -> str:
    if millis >= 1000:
        return f"{millis / 1000:.2f} s"
    if millis >= 1:
        return f"{millis:.1f} ms"
    return f"{millis * 1000:.0f} µs"


def main(path: str) -> int:
    builds: dict[tuple[int, str], list[dict]] = defaultdict(list)
    serves: list[dict] = []
    imports: dict[tuple[int, str], list[dict]] = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            row = json.loads(line)
            if row["kind"] == "build":
                builds[(row["docs"], row["tool"])].append(row)
            elif row["kind"] == "serve":
                serves.append(row)
            elif row["kind"] == "import":
                imports[(row["docs"], row["tool"])].append(row)

    order = {"handbook": 0, "handbook (over existing public/)": 1, "handbook check (no writing)": 2, "hugo": 3,
             "zola": 4, "zola (light site)": 5, "floor (cp -r of that output)": 6}
    print("### Full build")
    print()
    print("| tool | docs | wall median | CPU median (user + sys) | pages/s | peak RSS MiB | output MiB | files | wall per run |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for (docs, tool), rows in sorted(builds.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], 9))):
        wall = statistics.median(r["wall_ms"] for r in rows)
        cpu = statistics.median(r["cpu_ms"] for r in rows)
        rss = max(r["rss_kib"] for r in rows) / 1024
        out = rows[-1]["out_bytes"] / 2**20
        files = rows[-1]["files"]
        runs = ", ".join(f"{r['wall_ms'] / 1000:.2f}" for r in rows)
        user = statistics.median(r.get("user_s", 0) for r in rows)
        sys_ = statistics.median(r.get("sys_s", 0) for r in rows)
        print(f"| {tool} | {docs:,} | {wall / 1000:.2f} s | {cpu / 1000:.2f} s ({user:.2f} + {sys_:.2f}) "
              f"| {docs / (wall / 1000):,.0f} "
              f"| {rss:.0f} | {f'{out:.1f}' if files else '–'} | {f'{files:,}' if files else '–'} | {runs} s |")
    print()

    timed = {k: v for k, v in builds.items() if k[1].startswith("handbook") and any(r["timings"] for r in v)}
    if timed:
        print("### Where the handbook's time goes (`handbook build --timings`, median of each stage)")
        print()
        for (docs, tool), rows in sorted(timed.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], 9))):
            stages: dict[str, list[float]] = defaultdict(list)
            for r in rows:
                for name, value, unit in STAGE.findall(r["timings"].removeprefix("timings:")):
                    stages[name].append(float(value) * UNITS[unit])
            line = ", ".join(f"{name} {fmt_duration(statistics.median(v))}" for name, v in stages.items())
            where = " over an existing public/" if "existing" in tool else ", clean output folder"
            print(f"- {docs:,} documents{where}: `timings: {line}` ({len(rows)} runs)")
        print()

    if imports:
        print("### `handbook import`: raw text to pages")
        print()
        print("| seeds | raw text | wall median | CPU median | seeds/s | MiB/s | peak RSS MiB | pages written | wall per run |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for (docs, tool), rows in sorted(imports.items()):
            wall = statistics.median(r["wall_ms"] for r in rows)
            cpu = statistics.median(r["cpu_ms"] for r in rows)
            mib = rows[-1].get("input_bytes", 0) / 2**20
            runs = ", ".join(f"{r['wall_ms'] / 1000:.2f}" for r in rows)
            print(f"| {docs:,} | {mib:.1f} MiB | {wall / 1000:.2f} s | {cpu / 1000:.2f} s | {docs / (wall / 1000):,.0f} "
                  f"| {mib / (wall / 1000):.1f} | {max(r['rss_kib'] for r in rows) / 1024:.0f} | {rows[-1]['files']:,} | {runs} s |")
        print()

    if serves:
        print("### `handbook serve`: saved edit to new HTML served")
        print()
        print("| docs | edits | median | min – max | server's rebuild (median) | start to first page |")
        print("|---:|---:|---:|---:|---:|---:|")
        for s in sorted(serves, key=lambda s: s["docs"]):
            r = s["result"]
            lat = r["latency_ms"]
            rebuild = statistics.median(r["server_rebuild_ms"]) if r["server_rebuild_ms"] else float("nan")
            print(f"| {s['docs']:,} | {r['edits']} | {ms(r['median_ms'])} ms | {ms(min(lat))} – {ms(max(lat))} ms "
                  f"| {ms(rebuild)} ms | {ms(r['startup_ms'])} ms |")
        print()
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.split("\n\n")[1])
    sys.exit(main(sys.argv[1]))
