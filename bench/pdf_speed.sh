#!/usr/bin/env bash
# PDF import throughput: the 14 sample reports with a text layer through `handbook import`, next to
# `pdftotext` (poppler-utils) on the same files; OCR seconds a page on the scanned samples (both
# cores, an empty cache each run); peak memory of an import of the largest sample.
#
#   bench/pdf_speed.sh [RUNS]        (needs hyperfine, pdftotext, tesseract-ocr, GNU time)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
bin=${HANDBOOK:-target/release/handbook}
[ -x "$bin" ] || cargo build --release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

site() { # site DIR PDF... : a fresh site whose seeds are the given PDFs
  local dir=$1; shift
  mkdir -p "$dir/seeds"; printf 'title: Bench\n' >"$dir/site.yaml"
  for f in "$@"; do cp "$f" "$dir/seeds/"; done
}
pages() { local n=0; for f in "$@"; do n=$((n + $(pdfinfo "$f" | awk '/^Pages:/{print $2}'))); done; echo "$n"; }

mapfile -t text_pdfs < <(for t in tests/fixtures/samples/reports/*.txt; do echo "tests/fixtures/pdf/$(basename "$t" .txt).pdf"; done)
site "$work/text" "${text_pdfs[@]}"
echo "== ${#text_pdfs[@]} PDFs with a text layer, $(pages "${text_pdfs[@]}") pages"
hyperfine --warmup 1 --runs "$runs" --export-json "$work/text.json" \
  --prepare "rm -rf $work/text/content" \
  -n "handbook import" "$bin --root $work/text -q import" \
  -n "pdftotext (one process a file)" "for f in ${text_pdfs[*]}; do pdftotext \$f /dev/null; done"
python3 -c 'import json,sys; [print(f"median {r[\"command\"]}: {r[\"median\"]:.3f} s") for r in json.load(open(sys.argv[1]))["results"]]' "$work/text.json"

scanned=(tests/fixtures/pdf/UNIKOM_S_1995_836.pdf tests/fixtures/pdf/UNIKOM_S_2000_914.pdf tests/fixtures/pdf/MIPONUH_S_1999_181.pdf)
site "$work/scan" "${scanned[@]}"
echo "== OCR: ${#scanned[@]} scanned PDFs, $(pages "${scanned[@]}") pages, an empty cache each run"
hyperfine --runs 3 --prepare "rm -rf $work/scan/content $work/scan/.handbook-cache" \
  -n "handbook import (OCR)" "$bin --root $work/scan -q import"

largest=$(ls -S tests/fixtures/pdf/*.pdf | head -1)
site "$work/large" "$largest"
echo "== peak memory: $largest ($(pages "$largest") pages, scanned), handbook's own process"
/usr/bin/time -f "first import (OCR): %e s, %M KB peak" "$bin" --root "$work/large" -q import
for i in 1 2 3; do
  rm -rf "$work/large/content"
  /usr/bin/time -f "re-import (cached OCR): %e s, %M KB peak" "$bin" --root "$work/large" -q import
done
