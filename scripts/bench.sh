#!/usr/bin/env bash
# bench.sh [SCALE] - time nclint against reading the files, on a generated org.
#
# Writes the synthetic org of internal/benchorg at SCALE (default 1; about
# 21,600 files and 113 MB at 1) into $BENCH_DIR (default a temporary
# directory; an existing org of the same scale there is reused), builds
# nclint, then prints, each as the median of $RUNS runs (default 3) with a
# warm page cache:
#   cat       wall time of `find ORG -type f | xargs cat > /dev/null`
#   nclint    wall time of `nclint --format json ORG > /dev/null`
#   ratio     nclint / cat (target: <= 1.2 at scale 1)
#   rss       peak resident memory of nclint (target: <= 64 MB at 1, <= 200 MB at 8)
#   one-file  wall time of linting one changed file (`nclint ORG/.../PS_1.permissionset-meta.xml`)
#             and its ratio to cat (target: <= 0.6)
# Set NCLINT to time another binary. The load average is printed: other
# jobs on the machine make wall times noisy.
set -euo pipefail
scale=${1:-1}
runs=${RUNS:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_DIR:-$(mktemp -d)}
org="$dir/org-$scale"
bin=${NCLINT:-}
if [[ -z "$bin" ]]; then
  bin="$dir/nclint"
  (cd "$here" && go build -o "$bin" ./cmd/nclint)
fi
if [[ ! -f "$org/.complete" ]]; then
  rm -rf "$org"
  (cd "$here" && go run ./internal/benchorg/genorg "$org" "$scale")
  touch "$org/.complete"
fi
one=$(find "$org" -name 'PS_1.permissionset-meta.xml' | head -1)

# secs CMD... : wall seconds of one run (output discarded)
secs() {
  local s e
  s=$(date +%s%N)
  "$@" > /dev/null 2>&1 || true
  e=$(date +%s%N)
  echo "scale=3; ($e - $s) / 1000000000" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
readall() { find "$org" -type f -print0 | xargs -0 cat > /dev/null; }
lint() { "$bin" --format json --fail-on none --now 2026-06-01 "$@"; }

readall; lint "$org" > /dev/null 2>&1 || true # warm the page cache
c=$(for _ in $(seq "$runs"); do secs readall; done | median)
n=$(for _ in $(seq "$runs"); do secs lint "$org"; done | median)
o=$(for _ in $(seq "$runs"); do secs lint "$one"; done | median)
rss=$( { /usr/bin/time -f '%M' "$bin" --format json --fail-on none --now 2026-06-01 "$org" > /dev/null; } 2>&1 | tail -1)
files=$(find "$org" -type f | wc -l)
bytes=$(du -sb "$org" | cut -f1)
printf 'machine:  %s, %s CPUs, load %s\n' "$(uname -m)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'org:      scale %s, %s files, %s MB\n' "$scale" "$files" "$((bytes / 1000000))"
printf 'cat:      %s s\n' "$c"
printf 'nclint:   %s s\n' "$n"
printf 'ratio:    %s\n' "$(echo "scale=2; $n / $c" | bc)"
printf 'rss:      %s MB\n' "$((rss / 1024))"
printf 'one-file: %s s (ratio %s)\n' "$o" "$(echo "scale=2; $o / $c" | bc)"
