#!/usr/bin/env bash
# Fuzzes the importer, front-matter parsing, the entity recognizer and Markdown annotation with
# cargo-fuzz (libFuzzer), seeded with the repository's own documents and pages. cargo-fuzz needs a
# nightly toolchain; without one this script says so and stops, and the inputs saved under
# fuzz/regressions/ still replay on stable in `cargo test`.
#   scripts/fuzz.sh                          # every target, one 5-minute round each
#   SECONDS_PER_TARGET=60 scripts/fuzz.sh import annotate
#   UNTIL_PLATEAU=1 SECONDS_PER_TARGET=600 JOBS=2 scripts/fuzz.sh
#     # rounds of 10 minutes, two targets at a time, each target until its coverage plateaus
# Settings: SECONDS_PER_TARGET (a round's length), UNTIL_PLATEAU (repeat rounds until coverage
# plateaus: see campaign below), MAX_ROUNDS (default 12), JOBS (targets run at once; the machine's cores),
# PLATEAU_ROUNDS (default 2), OWN_COVERAGE (default 1, where llvm-tools is installed),
# MINIMIZE (default 1: merge each corpus down to the inputs that add coverage before its first
# round), SANITIZER (default none: the handbook has no unsafe code, and without AddressSanitizer a target
# runs two to three times as many inputs; `address` checks the dependencies' unsafe code too).
# Debug assertions and overflow checks are always on. Each round's libFuzzer log is kept in
# fuzz/logs/<target>.<round>.log and its coverage is appended to fuzz/logs/rounds.tsv: libFuzzer's
# (every instrumented edge, the dependencies' too) and, where the nightly toolchain has llvm-tools
# (`rustup component add llvm-tools --toolchain nightly`), the regions and lines of the handbook's
# own code (src/) that the corpus reaches, measured by replaying it under source-based coverage
# (`cargo fuzz coverage`; OWN_COVERAGE=0 skips it). A crash or
# a hang is left in fuzz/artifacts/<target>/: minimize it (cargo +nightly fuzz tmin), copy it to
# fuzz/regressions/<target>/, and fix it.
set -euo pipefail
# Stopping the script stops every round it started (they run in xargs' children), and only them.
stop_descendants() { local child; for child in $(pgrep -P "$1"); do stop_descendants "$child"; kill "$child" 2>/dev/null || true; done; }
trap 'trap - INT TERM; stop_descendants $$; exit 130' INT TERM
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${SECONDS_PER_TARGET:-300}
UNTIL_PLATEAU=${UNTIL_PLATEAU:-0}
MAX_ROUNDS=${MAX_ROUNDS:-12}
MINIMIZE=${MINIMIZE:-1}
PLATEAU_ROUNDS=${PLATEAU_ROUNDS:-2}
# Every run of a target: an input taking 10 s is a hang; one using 4 GB is a bug.
LIMITS="-timeout=10 -rss_limit_mb=4096"
JOBS=${JOBS:-1}
SANITIZER=${SANITIZER:-none}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(import pdf front_matter recognize annotate)

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
# The small PDFs of the fixtures (the sample reports are 15 KB to 2 MB: mutations of the small
# ones reach the parser's corners sooner).
mapfile -t pdfs < <(find tests/fixtures/pdf tests/fixtures/pdf-bad -type f -name '*.pdf' -size -64k | sort)
seed pdf "${pdfs[@]}"
seed front_matter "${pages[@]}"
seed recognize "${pages[@]}" "${documents[@]}"
seed annotate "${pages[@]}"
# Hand-made inputs for shapes the real ones lack (byte-order marks, UTF-16, a press release's
# header), which mutations of long documents seldom reach: a byte-order mark counts only at byte 0.
for t in "${targets[@]}"; do [ ! -d "fuzz/seeds/$t" ] || seed "$t" "fuzz/seeds/$t"/*; done

flags=(-O -a -s "$SANITIZER")
cargo +nightly fuzz build "${flags[@]}"

host=$(rustc +nightly -vV | sed -n 's/^host: //p')
llvm_bin="$(rustc +nightly --print sysroot)/lib/rustlib/$host/bin"
OWN_COVERAGE=${OWN_COVERAGE:-1}
if [ "$OWN_COVERAGE" = 1 ] && [ ! -x "$llvm_bin/llvm-cov" ]; then
  echo "fuzz.sh: no llvm-cov in the nightly toolchain (rustup component add llvm-tools --toolchain nightly):"
  echo "         reporting libFuzzer's coverage only, and a plateau by it"
  OWN_COVERAGE=0
fi

# libFuzzer's options for a target. -max_len: the importer needs whole documents (page furniture
# repeats, the header is at the top; the longest seed is 77 KB); the recognizer and annotation
# read sentences and blocks, which 16 KB holds many of, and run several times as many inputs a
# second on them. -dict: the tokens the target's code matches with regexes and automata, which
# libFuzzer cannot learn from byte comparisons (fuzz/dicts/).
options() {
  local t=$1
  case $t in
    import | pdf) echo -max_len=131072 ;;
    front_matter) echo -max_len=65536 ;;
    *) echo -max_len=16384 ;;
  esac
  [ ! -f "fuzz/dicts/$t.dict" ] || echo "-dict=fuzz/dicts/$t.dict"
}

# One round of one target; prints "target round runs cov-at-start cov-at-end ft exec/s".
round() {
  local t=$1 n=$2 log="fuzz/logs/$1.$2.log"
  local -a target_options
  mapfile -t target_options < <(options "$t")
  # shellcheck disable=SC2086 # LIMITS is a list of options
  cargo +nightly fuzz run "${flags[@]}" "$t" "fuzz/corpus/$t" -- -max_total_time="$SECONDS_PER_TARGET" \
    $LIMITS "${target_options[@]}" -print_final_stats=1 >"$log" 2>&1 \
    || echo "   $t stopped early: see $log and fuzz/artifacts/$t/" >&2
  local runs inited last
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  inited=$(grep -m1 -E 'INITED cov: [0-9]+' "$log" | grep -oE 'cov: [0-9]+' | grep -oE '[0-9]+' || echo 0)
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$n" "$runs" "$inited" \
    "$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo 0)" \
    "$(grep -oE 'ft: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo 0)" \
    "$(grep -oE 'exec/s: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo 0)"
}

# "regions lines": how many of the handbook's own code regions and lines (src/, not the
# dependencies, the standard library or the fuzz target) the target's corpus reaches. libFuzzer's
# cov counts pulldown-cmark's, regex's and serde_yaml's edges as well, and those keep rising
# long after the handbook's code has stopped: each new nesting of Markdown is new paths in the
# parser. Source-based coverage of src/ is what says whether the fuzzer still finds new ground
# in the code this project owns.
own_coverage() {
  local t=$1 report added
  local dir="fuzz/coverage/$t" inputs="fuzz/corpus/$t"
  # A replay under coverage runs several times slower than fuzzing (import: 100 ms an input), so
  # after the first only the inputs added since are replayed, and their counts merged into the
  # campaign's: what the corpus has reached at any time since the campaign began (an input
  # libFuzzer shortens and deletes reaches no more than the shorter one it keeps).
  mkdir -p "$dir"
  touch "$dir/replayed.next"
  if [ -f "$dir/campaign.profdata" ]; then
    # cargo fuzz coverage reads directories only: the new inputs, linked into one.
    inputs="$dir/added"
    rm -rf "$inputs" && mkdir "$inputs"
    find "fuzz/corpus/$t" -type f -newer "$dir/replayed" -exec ln -t "$inputs" {} +
  fi
  added=$(find "$inputs" -type f | wc -l)
  if [ "$added" -gt 0 ]; then
    rm -rf "$dir/raw" "$dir/coverage.profdata"
    # shellcheck disable=SC2086 # LIMITS is a list of options
    if ! cargo +nightly fuzz coverage -O -a -j 1 "$t" "$inputs" -- $LIMITS \
        >"fuzz/logs/$t.coverage.log" 2>&1; then
      echo "   $t: coverage replay failed, see fuzz/logs/$t.coverage.log" >&2; echo "- -"; return
    fi
    if [ -f "$dir/campaign.profdata" ]; then
      "$llvm_bin/llvm-profdata" merge -sparse "$dir/campaign.profdata" "$dir/coverage.profdata" -o "$dir/merged.profdata"
      mv "$dir/merged.profdata" "$dir/campaign.profdata"
    else
      mv "$dir/coverage.profdata" "$dir/campaign.profdata"
    fi
  fi
  mv "$dir/replayed.next" "$dir/replayed"
  # cargo fuzz coverage builds into target/ of the directory it runs in, apart from fuzzing's build.
  report=$("$llvm_bin/llvm-cov" report "target/$host/coverage/$host/release/$t" \
    -instr-profile="$dir/campaign.profdata" "$PWD/src")
  # TOTAL  regions missed cover  functions missed executed  lines missed cover ...
  awk '/^TOTAL/ { print $2 - $3, $8 - $9 }' <<<"$report"
}

# Rounds of one target: one, or (UNTIL_PLATEAU=1) until coverage plateaus. With OWN_COVERAGE, a
# plateau is PLATEAU_ROUNDS rounds in a row (default 2) after which the corpus reaches no more
# regions of src/ than before; without it, a round that adds fewer of libFuzzer's coverage points than
# 0.2% of those it started with (not none: a few edges come and go between runs, e.g. with hash
# seeds).
campaign() {
  local t=$1 n line runs inited cov
  # Rounds are numbered on from the last run's: the corpus carries over.
  n=$(( $(grep -c "^$t	" fuzz/logs/rounds.tsv 2>/dev/null || true) + 1 ))
  local first=$n
  # A round starts by running every input in the corpus, and libFuzzer keeps each input it
  # shortened beside the longer one: merged down to the inputs that add coverage, the corpus is
  # a fraction of the size, and the rounds spend their time on new inputs.
  if [ "$MINIMIZE" = 1 ]; then
    local -a target_options
    mapfile -t target_options < <(options "$t")
    local before after
    before=$(find "fuzz/corpus/$t" -type f | wc -l)
    # shellcheck disable=SC2086 # LIMITS is a list of options
    cargo +nightly fuzz cmin "${flags[@]}" "$t" "fuzz/corpus/$t" -- $LIMITS \
      "${target_options[0]}" >"fuzz/logs/$t.cmin.log" 2>&1 || echo "   $t: cmin failed, see fuzz/logs/$t.cmin.log" >&2
    after=$(find "fuzz/corpus/$t" -type f | wc -l)
    echo "   $t: corpus merged from $before to $after inputs" >&2
  fi
  local own="- -" regions=- flat=0 plateau
  if [ "$OWN_COVERAGE" = 1 ]; then
    # A campaign measures its corpus afresh: it may have been merged, or fuzzed by an older build.
    rm -f "fuzz/coverage/$t/campaign.profdata"
    own=$(own_coverage "$t")
    regions=${own%% *}
    echo "   $t: before round $n the corpus reaches $regions regions and ${own##* } lines of src/" >&2
  fi
  while :; do
    line=$(round "$t" "$n")
    read -r _ _ runs inited cov _ _ <<<"$line"
    # A round that ran nothing (a bad option, a crash on the corpus) is not a round.
    if [ "$runs" = 0 ]; then echo "   $t: round $n ran no input; stopping $t" >&2; break; fi
    if [ "$OWN_COVERAGE" = 1 ]; then
      local before=$regions
      own=$(own_coverage "$t")
      regions=${own%% *}
      # Counts, not sets: the campaign's profile only gains, so a round reaching a new region
      # shows as a higher count. (It can lose a few if src/ changes mid-campaign: the rebuilt
      # binary disowns the old counts of what changed. Hence -le.)
      if [[ $regions =~ ^[0-9]+$ && $before =~ ^[0-9]+$ ]] && [ "$regions" -le "$before" ]; then
        flat=$((flat + 1))
      else
        flat=0
      fi
      plateau=$([ "$flat" -ge "$PLATEAU_ROUNDS" ] && echo 1 || echo 0)
    else
      plateau=$([ $((cov - inited)) -le $((inited / 500)) ] && echo 1 || echo 0)
    fi
    printf '%s\t%s\t%s\n' "$line" "${own%% *}" "${own##* }" | tee -a fuzz/logs/rounds.tsv
    if [ "$UNTIL_PLATEAU" != 1 ] || [ $((n - first + 1)) -ge "$MAX_ROUNDS" ] || [ "$plateau" = 1 ]; then
      break
    fi
    n=$((n + 1))
  done
}
export -f options round own_coverage campaign
export SECONDS_PER_TARGET UNTIL_PLATEAU MAX_ROUNDS MINIMIZE OWN_COVERAGE PLATEAU_ROUNDS LIMITS host llvm_bin
export FLAGS="${flags[*]}"

echo "== ${#targets[@]} target(s), rounds of ${SECONDS_PER_TARGET}s, $JOBS at a time, sanitizer $SANITIZER"
printf 'target\tround\truns\tcov at start\tcov at end\tft\texec/s\tsrc regions\tsrc lines\n'
# In the background and waited for, so that a signal reaches the trap at once (bash runs traps
# only between commands, and `wait` is the one that can be interrupted).
printf '%s\n' "${targets[@]}" | xargs -P "$JOBS" -I{} bash -c 'flags=($FLAGS); campaign {}' &
wait $!
