#!/usr/bin/env bash
# Two handbook binaries and Zola, alternating round by round on the same 10,000-document corpus:
# what a before/after comparison on a shared machine needs (a slow spell hits all three alike).
#
#   bench/side_by_side.sh BEFORE AFTER [ROUNDS]
#
# Environment:
#   CORPUS=DIR   made by `python3 bench/gen_corpus.py --docs 10000 --seed 1 --out DIR --flavors
#                handbook,zola-light` (required)
#   ZOLA=PATH    Zola 0.19 or later (optional: without it, only the two binaries are timed)
#   OUT=DIR      where each build writes, emptied before each (default /dev/shm/side-by-side-out)
#   TIME=PATH    GNU time (default /usr/bin/time)
#
# Each build's line (tool, wall s, user s, system s, peak RSS KiB) goes to stderr as it ends; then
# stdout has the medians, and the medians of each binary's ratios to Zola's build of the same round.
set -euo pipefail

[ $# -ge 2 ] || { sed -n '5,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
BEFORE=$(realpath "$1")
AFTER=$(realpath "$2")
ROUNDS=${3:-5}
: "${CORPUS:?set CORPUS to a corpus made by bench/gen_corpus.py}"
OUT=${OUT:-/dev/shm/side-by-side-out}
TIME=${TIME:-/usr/bin/time}
TOOLS="before after"
[ -n "${ZOLA:-}" ] && TOOLS="$TOOLS zola"

for _ in $(seq "$ROUNDS"); do
  for tool in $TOOLS; do
    rm -rf "$OUT"
    sync
    case $tool in
      before) dir=$CORPUS/handbook; cmd=("$BEFORE" build -q --output-dir "$OUT") ;;
      after) dir=$CORPUS/handbook; cmd=("$AFTER" build -q --output-dir "$OUT") ;;
      zola) dir=$CORPUS/zola-light; cmd=("$ZOLA" build --output-dir "$OUT") ;;
    esac
    (cd "$dir" && "$TIME" -f "$tool %e %U %S %M" "${cmd[@]}" 2>&1 >/dev/null | tail -1)
  done
done | tee /dev/stderr | python3 -c '
import collections, statistics as st, sys
runs = collections.defaultdict(list)
for line in sys.stdin:
    tool, wall, user, system, rss = line.split()
    runs[tool].append((float(wall), float(user) + float(system), int(rss) / 1024))
for tool, v in runs.items():
    print(f"{tool}: wall {st.median(x[0] for x in v):.2f} s, CPU {st.median(x[1] for x in v):.2f} s, "
          f"peak RSS {st.median(x[2] for x in v):.0f} MiB (medians of {len(v)})")
for tool in ("before", "after"):
    if "zola" in runs:
        pairs = list(zip(runs[tool], runs["zola"]))
        wall = [a[0] / z[0] for a, z in pairs]
        rss = [a[2] / z[2] for a, z in pairs]
        print(f"{tool} / zola: wall {st.median(wall):.2f}x ({min(wall):.2f}-{max(wall):.2f}), "
              f"memory {st.median(rss):.2f}x")
'
