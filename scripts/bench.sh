#!/usr/bin/env bash
# bench.sh [SCALE] - time nclint against reading the files, on a generated org.
#
# Writes the synthetic org of internal/benchorg at SCALE (default 1; about
# 21,600 files and 113 MB at 1) into $BENCH_DIR (default a temporary
# directory; an existing org of the same scale there is reused), builds
# nclint, then prints, each as the median of $RUNS runs (default 3) with a
# warm page cache:
#   cat       wall and CPU (user+system) time of `find ORG -type f | xargs cat > /dev/null`
#             (ORG/.git left out)
#   nclint    wall and CPU time of `nclint --no-cache --format json ORG > /dev/null`
#             (every file parsed)
#   ratio     nclint / cat (target: <= 1.2 wall at scale 1); the CPU ratio
#             is steadier when other jobs share the machine
#   rss       peak resident memory of nclint (target: <= 64 MB at 1, <= 200 MB at 8)
#   cold      a full run that writes the parse cache (emptied before each run)
#   warm      a full run with every file in the parse cache
#   one-file  wall time of linting one changed file (`nclint ORG/.../PS_1.permissionset-meta.xml`)
#             with a warm parse cache, and its ratio to cat (target: <= 0.6)
#   pre-commit  wall time of `nclint --new-from-rev HEAD ORG` (the pre-commit hooks'
#             command) with PS_1 changed since the commit, warm parse cache, and its
#             ratio to cat (target: <= 0.6); the org is made a git repository once
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
export NCLINT_CACHE_DIR="$dir/cache-$scale"
nocache=(--no-cache)
help=$("$bin" --help 2>&1 || true)
[[ "$help" == *-no-cache* ]] || nocache=() # an older nclint without the cache

# measure CMD... : "wall cpu rss" of one run (seconds, seconds of user+system
# time, peak RSS in KB), output discarded
measure() {
  /usr/bin/time -f '%e %U %S %M' -o "$dir/time.out" "$@" > /dev/null 2>&1 || true
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$dir/time.out"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
runs3() { for _ in $(seq "$runs"); do measure "$@"; done; }
lintcmd=("$bin" --format json --fail-on none --now 2026-06-01)

catcmd="find '$org' -path '$org/.git' -prune -o -type f -print0 | xargs -0 cat > /dev/null"
bash -c "$catcmd"; "${lintcmd[@]}" "$org" > /dev/null 2>&1 || true # warm the page cache
catm=$(runs3 bash -c "$catcmd")
full=$(runs3 "${lintcmd[@]}" "${nocache[@]}" "$org")
cold=$(for _ in $(seq "$runs"); do rm -rf "$NCLINT_CACHE_DIR"; measure "${lintcmd[@]}" "$org"; done)
"${lintcmd[@]}" "$org" > /dev/null 2>&1 || true # fill the cache
warm=$(runs3 "${lintcmd[@]}" "$org")
onef=$(runs3 "${lintcmd[@]}" "$one")
if [[ ! -d "$org/.git" ]]; then
  git -C "$org" init -q
  git -C "$org" add -A
  git -C "$org" -c user.name=bench -c user.email=bench@example.com commit -q -m org
fi
cp "$one" "$dir/ps1.orig"
sed -i '2a\    <!-- changed since the commit -->' "$one"
prec=$(runs3 "${lintcmd[@]}" --new-from-rev HEAD "$org")
cp "$dir/ps1.orig" "$one"
c=$(echo "$catm" | awk '{print $1}' | median); ccpu=$(echo "$catm" | awk '{print $2}' | median)
n=$(echo "$full" | awk '{print $1}' | median); ncpu=$(echo "$full" | awk '{print $2}' | median)
rss=$(echo "$full" | awk '{print $3}' | sort -n | tail -1)
o=$(echo "$onef" | awk '{print $1}' | median)
pc=$(echo "$prec" | awk '{print $1}' | median)
cw=$(echo "$cold" | awk '{print $1}' | median); crss=$(echo "$cold" | awk '{print $3}' | sort -n | tail -1)
ww=$(echo "$warm" | awk '{print $1}' | median); wrss=$(echo "$warm" | awk '{print $3}' | sort -n | tail -1)
files=$(find "$org" -path "$org/.git" -prune -o -type f -print | wc -l)
bytes=$(du -sb --exclude=.git "$org" | cut -f1)
printf 'machine:  %s, %s CPUs (%s), load %s\n' "$(uname -m)" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'org:      scale %s, %s files, %s MB\n' "$scale" "$files" "$((bytes / 1000000))"
printf 'cat:      %s s wall, %s s CPU\n' "$c" "$ccpu"
printf 'nclint:   %s s wall, %s s CPU\n' "$n" "$ncpu"
printf 'ratio:    %s wall, %s CPU\n' "$(echo "scale=2; $n / $c" | bc)" "$(echo "scale=2; $ncpu / $ccpu" | bc)"
printf 'rss:      %s MB (peak of the runs)\n' "$((rss / 1024))"
printf 'cold:     %s s wall, %s MB (writes the parse cache: %s MB)\n' "$cw" "$((crss / 1024))" "$(du -sm "$NCLINT_CACHE_DIR" 2>/dev/null | cut -f1)"
printf 'warm:     %s s wall (ratio %s), %s MB\n' "$ww" "$(echo "scale=2; $ww / $c" | bc)" "$((wrss / 1024))"
printf 'one-file: %s s wall (ratio %s)\n' "$o" "$(echo "scale=2; $o / $c" | bc)"
printf 'pre-commit: %s s wall (ratio %s)\n' "$pc" "$(echo "scale=2; $pc / $c" | bc)"
