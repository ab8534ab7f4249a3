#!/usr/bin/env bash
# Growth from one corpus size to another, measured alternately: each build of the large corpus
# runs between two builds of the small one, so that a machine whose speed drifts compares like
# with like. Prints one line per build: size wall user sys peak-RSS-KB.
#
#   bench/growth.sh BIN SMALL_SITE LARGE_SITE [ROUNDS] [OUT]
#   bench/growth.sh target/release/handbook /dev/shm/corpus10k/handbook /dev/shm/corpus100k/handbook 3
#
# SMALL_SITE and LARGE_SITE are the `handbook/` folders `bench/gen_corpus.py` writes; OUT (the
# output folder, emptied before each build) defaults to a temporary folder in /dev/shm.
set -euo pipefail
bin=$(realpath "$1"); small=$2; large=$3; rounds=${4:-3}
out=${5:-$(mktemp -d /dev/shm/growth.XXXXXX)}
trap 'rm -rf "$out"' EXIT
for _ in $(seq "$rounds"); do
  for site in "$small" "$large" "$small"; do
    rm -rf "$out"; sync
    label=$([ "$site" = "$small" ] && echo small || echo large)
    (cd "$site" && /usr/bin/time -f "$label %e %U %S %M" "$bin" build -q --output-dir "$out" 2>&1 >/dev/null | tail -1)
  done
done
