#!/usr/bin/env bash
# Screenshots of every page type of the handbook for design review, into docs/screenshots/:
# builds the release binary and the site, serves public/ on a free loopback port, runs
# scripts/screenshots.mjs, and stops the server on exit.
#   scripts/screenshots.sh            # SKIP_CARGO_BUILD=1 reuses target/release/handbook
#   OUT=/tmp/shots scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-docs/screenshots}

[ -n "${SKIP_CARGO_BUILD:-}" ] || cargo build --release
target/release/handbook build
[ -d tests/browser/node_modules ] || npm ci --prefix tests/browser --no-audit --no-fund

# The first of the preferred pages under public/$1/ that exists, else the first page there.
pick() {
  local section=$1; shift
  for slug in "$@"; do [ -f "public/$section/$slug/index.html" ] && { echo "/$section/$slug/"; return; }; done
  local first; first=$(find "public/$section" -mindepth 2 -maxdepth 2 -name index.html | sort | head -n 1)
  [ -n "$first" ] || { echo "no page under public/$section/" >&2; exit 1; }
  echo "${first#public}" | sed 's/index\.html$//'
}
document=$(pick documents guterres-s-grand-plan-to-remake-the-un-s-peace-and-security-pillar)
resolution=$(pick resolutions 2553-2020)
official=$(pick officials antonio-guterres)
mission=$(pick missions unmiss untac)

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 "$port" --directory public >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null' EXIT
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

node scripts/screenshots.mjs "http://127.0.0.1:$port" "$OUT" \
  home=/ document="$document" resolution="$resolution" official="$official" mission="$mission" \
  documents=/documents/ resolutions=/resolutions/ missions=/missions/ officials=/officials/ \
  timeline=/timeline/ timeline-year=/timeline/2020/ search='/search/?q=security+council' 404=/404.html \
  document-preview="$document"

# Palette PNGs are a fifth of the size and look the same (Debian's pngquant, where installed).
if command -v pngquant >/dev/null; then pngquant --force --ext .png --quality 70-95 --skip-if-larger "$OUT"/*.png || true; fi
