#!/usr/bin/env bash
# Benchmarks `handbook build` against Hugo and Zola on the same synthetic corpus, and times
# `handbook serve` from a saved edit to the new page being served. See BENCHMARKS.md.
#
#   bench/run.sh [--sizes 1000,10000] [--runs 3] [--seed 1] [--edits 5] [--tools handbook,hugo,zola,zola-light]
#                [--out-dir DIR] [--settle SECONDS]
#
# Environment:
#   HANDBOOK=/path/to/handbook  use this binary instead of building one (cargo build --release)
#   HUGO=/path/to/hugo          default: hugo on PATH; the Hugo rows are skipped, with a note, if absent
#   ZOLA=/path/to/zola          Zola is not packaged: its rows are skipped, with a note, unless set
#   BENCH_DIR=DIR               keep corpora and results here (reused when the generator and the
#                               size and seed are unchanged); default: a temporary folder, removed
#   TIME=/usr/bin/time          GNU time (Debian: apt-get install time)
#
# Each build is run once untimed (to warm the page cache), then --runs times into an emptied output
# folder; the table shows medians. Outputs go under --out-dir (default BENCH_DIR/out; /dev/shm takes
# the disk out of the comparison). After an output folder is deleted, the run waits --settle seconds
# (default 10): deleting 13,000 files leaves the disk of a VM busy for seconds, and whichever tool
# ran next would pay for it. The floor row is `cp -r` of the handbook's output: creating the same
# folders and files with no generator at all. Import: `handbook import` of the same documents as
# raw text (generated in the corpus's seeds/ flavour), into a fresh copy of the skeleton each run.
# Prints Markdown on stdout (and saves it as BENCH_DIR/report.md); progress goes to stderr.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$HERE")

SIZES=1000
RUNS=3
SEED=1
EDITS=5
TOOLS=handbook,hugo,zola,zola-light
OUT_DIR=
SETTLE=10

usage() { sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
die() { echo "run.sh: $*" >&2; exit 1; }
note() { echo "run.sh: $*" >&2; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --sizes) SIZES=${2:?--sizes needs a value}; shift 2 ;;
        --runs) RUNS=${2:?--runs needs a value}; shift 2 ;;
        --seed) SEED=${2:?--seed needs a value}; shift 2 ;;
        --edits) EDITS=${2:?--edits needs a value}; shift 2 ;;
        --tools) TOOLS=${2:?--tools needs a value}; shift 2 ;;
        --out-dir) OUT_DIR=${2:?--out-dir needs a value}; shift 2 ;;
        --settle) SETTLE=${2:?--settle needs a value}; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done
[[ $SIZES =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--sizes: expected numbers separated by commas, got '$SIZES'"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs: expected a positive number, got '$RUNS'"
[[ $EDITS =~ ^[0-9]+$ ]] || die "--edits: expected a number, got '$EDITS'"
[[ $SEED =~ ^[0-9]+$ ]] || die "--seed: expected a number, got '$SEED'"
[[ $SETTLE =~ ^[0-9]+$ ]] || die "--settle: expected a number of seconds, got '$SETTLE'"
if (( RUNS < 3 )); then note "--runs $RUNS: fewer than 3 runs; the medians are not the documented method"; fi

want() { [[ ",$TOOLS," == *",$1,"* ]]; }

# --- tools ------------------------------------------------------------------------------------------
TIME=${TIME:-/usr/bin/time}
"$TIME" --version 2>&1 | grep GNU > /dev/null || die "$TIME is not GNU time (apt-get install time, or set TIME=)"

if [[ -z ${HANDBOOK:-} ]]; then
    note "building handbook (cargo build --release) in $REPO"
    (cd "$REPO" && cargo build --release --quiet) >&2
    HANDBOOK=${CARGO_TARGET_DIR:-$REPO/target}/release/handbook
fi
[[ -x $HANDBOOK ]] || die "no handbook binary at $HANDBOOK"

NOTES=()
FLAVORS=handbook,seeds
if want hugo; then
    HUGO=${HUGO:-$(command -v hugo || true)}
    if [[ -n $HUGO && -x $HUGO ]]; then FLAVORS+=,hugo; else NOTES+=("Hugo skipped: not found (install it or set HUGO=/path/to/hugo)."); fi
fi
for flavor in zola zola-light; do
    if want $flavor; then
        if [[ -n ${ZOLA:-} && -x ${ZOLA:-} ]]; then FLAVORS+=,$flavor; else NOTES+=("Zola ($flavor) skipped: set ZOLA=/path/to/zola (0.19 or later) to include it."); fi
    fi
done
for n in "${NOTES[@]}"; do note "$n"; done

# --- where ------------------------------------------------------------------------------------------
KEEP=1
if [[ -n ${BENCH_DIR:-} ]]; then
    mkdir -p "$BENCH_DIR"
    BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
else
    KEEP=0
    BENCH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/handbook-bench.XXXXXX")
    trap 'rm -rf "$BENCH_DIR"' EXIT
fi
RESULTS=$BENCH_DIR/results.jsonl
: > "$RESULTS"
SCRATCH=$BENCH_DIR/scratch
mkdir -p "$SCRATCH"
OUT_DIR=${OUT_DIR:-$BENCH_DIR/out}
mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)

# --- measuring --------------------------------------------------------------------------------------
now_ns() { date +%s%N; }

# size_of DIR: the bytes of every file under DIR.
size_of() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s }'; }

# time_build TOOL DOCS OUTDIR CMD...: one warm-up, then RUNS timed builds into an emptied OUTDIR
# (OUTDIR "-": the command writes nothing).
# With KEEP_OUTPUT=1 the output of the previous run is left in place (a rebuild of an unchanged site).
time_build() {
    local tool=$1 docs=$2 out=$3
    shift 3
    local run start end wall cpu rss bytes files timings
    for ((run = 0; run <= RUNS; run++)); do
        if [[ ${KEEP_OUTPUT:-0} != 1 && $out != - && -e $out ]]; then
            rm -rf "$out"
            sync
            sleep "$SETTLE"
        fi
        if [[ -n ${BEFORE_RUN:-} ]]; then "$BEFORE_RUN"; fi
        start=$(now_ns)
        if ! "$TIME" -f '%U %S %M' -o "$SCRATCH/time" "$@" > "$SCRATCH/stdout" 2> "$SCRATCH/stderr"; then
            cat "$SCRATCH/stderr" >&2
            die "$tool failed on $docs documents: $*"
        fi
        end=$(now_ns)
        [[ $run -eq 0 ]] && continue
        wall=$(( (end - start) / 1000000 ))
        read -r user sys rss < <(tail -n 1 "$SCRATCH/time")
        cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')
        bytes=0 files=0
        local written=${COUNT_DIR:-$out}
        if [[ $written != - ]]; then
            bytes=$(size_of "$written")
            files=$(find "$written" -type f | wc -l)
        fi
        timings=$(grep -o 'timings: .*' "$SCRATCH/stderr" | tail -n 1 || true)
        printf '{"kind":"%s","tool":"%s","docs":%d,"run":%d,"wall_ms":%d,"cpu_ms":%d,"user_s":%s,"sys_s":%s,"rss_kib":%d,"out_bytes":%d,"files":%d,"input_bytes":%d,"timings":"%s"}\n' \
            "${KIND:-build}" "$tool" "$docs" "$run" "$wall" "$cpu" "$user" "$sys" "$rss" "$bytes" "$files" "${INPUT_BYTES:-0}" "$timings" >> "$RESULTS"
        note "  $tool run $run: ${wall} ms wall, ${cpu} ms CPU, $((rss / 1024)) MiB${timings:+, $timings}"
    done
}

# Before each import run: a fresh copy of the skeleton with its seeds and nothing imported.
fresh_import_site() { rm -rf "$import_dir" && cp -r "$import_skeleton" "$import_dir"; }

GEN_HASH=$(sha256sum "$HERE/gen_corpus.py" | cut -c1-16)
IFS=, read -r -a SIZE_LIST <<< "$SIZES"
for docs in "${SIZE_LIST[@]}"; do
    corpus=$BENCH_DIR/corpus-$docs-seed$SEED
    stamp="$GEN_HASH $docs $SEED $FLAVORS"
    if [[ -f $corpus/.stamp && $(cat "$corpus/.stamp") == "$stamp" ]]; then
        note "reusing $corpus"
    else
        note "generating $docs documents into $corpus"
        start=$(now_ns)
        python3 "$HERE/gen_corpus.py" --docs "$docs" --seed "$SEED" --out "$corpus" --flavors "$FLAVORS" --repo "$REPO"
        note "  generated in $(( ($(now_ns) - start) / 1000000 )) ms"
        echo "$stamp" > "$corpus/.stamp"
    fi

    out=$OUT_DIR/$docs
    mkdir -p "$out"
    note "handbook build, $docs documents"
    time_build handbook "$docs" "$out/handbook" \
        "$HANDBOOK" --root "$corpus/handbook" -q build --timings --output-dir "$out/handbook"
    # The floor: the same folders and files created by cp, from the page cache.
    note "floor: cp -r of the handbook's output, $docs documents"
    time_build "floor (cp -r of that output)" "$docs" "$out/copy" cp -r "$out/handbook" "$out/copy"
    # The everyday case: building again over the last good public/ (unchanged files are compared
    # and hard-linked, then the old tree is removed).
    note "handbook rebuild over an existing public/, $docs documents"
    KEEP_OUTPUT=1 time_build "handbook (over existing public/)" "$docs" "$out/handbook" \
        "$HANDBOOK" --root "$corpus/handbook" -q build --timings --output-dir "$out/handbook"
    # Everything but writing: the same pipeline with the files discarded (OUTDIR "-": none).
    note "handbook check, $docs documents"
    time_build "handbook check (no writing)" "$docs" - "$HANDBOOK" --root "$corpus/handbook" -q check
    if [[ $FLAVORS == *hugo* ]]; then
        note "hugo build, $docs documents"
        time_build hugo "$docs" "$out/hugo" \
            "$HUGO" --source "$corpus/hugo" --destination "$out/hugo" --quiet
    fi
    if [[ ,$FLAVORS, == *,zola,* ]]; then
        note "zola build, $docs documents"
        time_build zola "$docs" "$out/zola" \
            "$ZOLA" --root "$corpus/zola" build --output-dir "$out/zola"
    fi
    if [[ ,$FLAVORS, == *,zola-light,* ]]; then
        note "zola build (light: no taxonomies, timeline or recent list), $docs documents"
        time_build "zola (light site)" "$docs" "$out/zola-light" \
            "$ZOLA" --root "$corpus/zola-light" build --output-dir "$out/zola-light"
    fi
    # Import: the same documents as raw text, into a fresh copy of the skeleton for every run.
    note "handbook import, $docs seeds"
    import_dir=$out/import import_skeleton=$corpus/seeds
    BEFORE_RUN=fresh_import_site COUNT_DIR="$import_dir/content/documents" INPUT_BYTES=$(size_of "$corpus/seeds/seeds") \
        KIND=import time_build "handbook import" "$docs" - \
        "$HANDBOOK" --root "$import_dir" -q import
    rm -rf "$import_dir"
    if (( EDITS > 0 )); then
        note "handbook serve: $EDITS edits, $docs documents"
        serve_json=$(python3 "$HERE/serve_latency.py" --handbook "$HANDBOOK" --root "$corpus/handbook" \
            --edits "$EDITS" --json)
        printf '{"kind":"serve","tool":"handbook","docs":%d,"result":%s}\n' "$docs" "$serve_json" >> "$RESULTS"
        note "  $serve_json"
    fi
done

# --- report -----------------------------------------------------------------------------------------
# The source revision: the last commit that touched the generator (bench/ commits do not change it).
src_rev=$(git -C "$REPO" log -1 --format=%h -- src Cargo.toml Cargo.lock 2>/dev/null || echo '?')
if ! git -C "$REPO" diff --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null; then src_rev+=", with uncommitted changes"; fi
versions=("handbook: $("$HANDBOOK" --version), source $src_rev, binary $HANDBOOK")
if [[ $FLAVORS == *hugo* ]]; then versions+=("hugo: $("$HUGO" version | sed -n 1p)"); fi
if [[ $FLAVORS == *zola* ]]; then versions+=("zola: $("$ZOLA" --version | sed -n 1p)"); fi
versions+=("python: $(python3 --version 2>&1)")

{
    echo "## Results ($(date -u +%Y-%m-%dT%H:%MZ))"
    echo
    echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(free -h | awk '/^Mem:/ { print $2 }') RAM; load average before the last run: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    for v in "${versions[@]}"; do echo "- $v"; done
    for n in "${NOTES[@]}"; do echo "- $n"; done
    echo
    echo "Command: \`bench/run.sh --sizes $SIZES --runs $RUNS --seed $SEED --edits $EDITS --tools $TOOLS\`"
    echo
    python3 "$HERE/summarize.py" "$RESULTS"
} | tee "$BENCH_DIR/report.md"
if (( KEEP )); then note "raw results: $RESULTS; report: $BENCH_DIR/report.md"; fi
