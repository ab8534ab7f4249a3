#!/usr/bin/env bash
# Fuzzes the importer, front-matter parsing, the entity recognizer and Markdown annotation with
# cargo-fuzz (libFuzzer), one target after another, seeded with the repository's own documents
# and pages. cargo-fuzz needs a nightly toolchain; without one this script says so and stops, and
# the inputs saved under fuzz/regressions/ still replay on stable in `cargo test`.
#   scripts/fuzz.sh                   # every target, 5 minutes each
#   SECONDS_PER_TARGET=60 scripts/fuzz.sh import annotate
# Each target's libFuzzer log is kept in fuzz/logs/<target>.log; its last line of stats (cov:
# coverage points, ft: features, exec/s) and the number of runs are printed at the end. A crash or
# a hang is left in fuzz/artifacts/<target>/: minimize it, copy it to fuzz/regressions/<target>/,
# and fix it.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${SECONDS_PER_TARGET:-300}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(import front_matter recognize annotate)

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz.sh: no nightly toolchain here (cargo +nightly fails), and cargo-fuzz needs one."
  echo "The saved inputs in fuzz/regressions/ still run on stable: cargo test fuzz"
  exit 1
fi
command -v cargo-fuzz >/dev/null || cargo +nightly install cargo-fuzz --locked

# Seeds: what editors really send, and the pages the handbook is made of.
for t in "${targets[@]}"; do mkdir -p "fuzz/corpus/$t" fuzz/logs; done
seed() { local target=$1; shift; [ -d "fuzz/corpus/$target" ] || return 0; for f in "$@"; do cp -n "$f" "fuzz/corpus/$target/" 2>/dev/null || true; done; }
mapfile -t documents < <(find seeds tests/fixtures/samples -type f -name '*.txt' | sort)
mapfile -t pages < <(find content tests/fixtures -type f -name '*.md' | sort)
seed import "${documents[@]}"
seed front_matter "${pages[@]}"
seed recognize "${pages[@]}" "${documents[@]}"
seed annotate "${pages[@]}"

for t in "${targets[@]}"; do
  echo "== $t: ${SECONDS_PER_TARGET}s"
  # -timeout: a single input taking 10 s is a hang; -rss_limit_mb: the machine has 24 GB, a target
  # using 4 GB on one input is a bug.
  cargo +nightly fuzz run "$t" "fuzz/corpus/$t" -- -max_total_time="$SECONDS_PER_TARGET" \
    -timeout=10 -rss_limit_mb=4096 -max_len=262144 -print_final_stats=1 >"fuzz/logs/$t.log" 2>&1 \
    || echo "   $t stopped early: see fuzz/logs/$t.log and fuzz/artifacts/$t/"
done

echo "== results"
for t in "${targets[@]}"; do
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "fuzz/logs/$t.log" | grep -o '[0-9]*$' || echo "?")
  last=$(grep -E '^#[0-9]+' "fuzz/logs/$t.log" | tail -n 1 || true)
  echo "$t: $runs runs; last: $last"
done
