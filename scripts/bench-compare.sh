#!/usr/bin/env bash
# Benchmarks two commits on this machine in one sitting and writes a markdown table comparing them.
#
#   scripts/bench-compare.sh <before> <after>
#
# Each commit is checked out in a temporary git worktree under /tmp (node_modules hard-linked from
# this checkout with cp -al, so nothing is downloaded), built, and benchmarked with its own
# scripts. Runs alternate, A B in odd rounds and B A in even ones (A B B A A B …), so that both
# sides meet the same moments of a shared machine and a load that rises or falls favours neither.
# The bench settings come from the environment and are the same for both sides, e.g.
#
#   BENCH_DURATION=4 BENCH_WARMUP=1 BENCH_ITINERARIES=1000 BENCH_LINES=500000 \
#     BENCH_COMPARE_ROUNDS=2 scripts/bench-compare.sh ec9d14e main
#
# BENCH_COMPARE_ROUNDS  runs per side (default 2)
# BENCH_COMPARE_PARTS   which programs: http (bench-http.ts), parity (bench.ts), growth
#                       (bench-growth.ts); default "http parity". A part missing on either side is skipped.
# BENCH_COMPARE_OUT     output directory (default /tmp/bench-compare-<time>); keeps every run's stdout
#                       (.out) and stderr (.err), meta.txt and table.md
# BENCH_COMPARE_KEEP=1  keep the temporary worktrees
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 <before-commit> <after-commit>" >&2
  exit 2
fi

REPO=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${BENCH_COMPARE_ROUNDS:-2}
PARTS=${BENCH_COMPARE_PARTS:-http parity}
OUT=${BENCH_COMPARE_OUT:-/tmp/bench-compare-$(date -u +%Y%m%dT%H%M%SZ)}
WORK=$(mktemp -d /tmp/bench-compare-trees.XXXXXX)
mkdir -p "$OUT"

SHA_A=$(git -C "$REPO" rev-parse --verify "$1^{commit}")
SHA_B=$(git -C "$REPO" rev-parse --verify "$2^{commit}")

cleanup() {
  if [ "${BENCH_COMPARE_KEEP:-0}" = 1 ]; then
    echo "bench-compare: kept $WORK" >&2
    return
  fi
  for side in A B; do
    [ -d "$WORK/$side" ] && git -C "$REPO" worktree remove --force "$WORK/$side" >/dev/null 2>&1 || true
  done
  rm -rf "$WORK"
  git -C "$REPO" worktree prune
}
trap cleanup EXIT

prepare() { # side sha
  local dir="$WORK/$1"
  git -C "$REPO" worktree add --detach --quiet "$dir" "$2"
  cp -al "$REPO/node_modules" "$dir/node_modules"
  (cd "$dir" && npm run -s build)
}

script_of() { # part
  case "$1" in
    http) echo scripts/bench-http.ts ;;
    parity) echo scripts/bench.ts ;;
    growth) echo scripts/bench-growth.ts ;;
    *) echo "bench-compare: unknown part $1" >&2; exit 2 ;;
  esac
}

prepare A "$SHA_A"
prepare B "$SHA_B"

{
  echo "A $1 $SHA_A $(git -C "$REPO" log -1 --format=%s "$SHA_A")"
  echo "B $2 $SHA_B $(git -C "$REPO" log -1 --format=%s "$SHA_B")"
  echo "started $(date -u +%FT%TZ)"
  echo "node $(node --version); $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "rounds $ROUNDS; parts $PARTS"
  env | grep -E '^BENCH_' | grep -v '^BENCH_COMPARE_' | sort | sed 's/^/env /' || true
} >"$OUT/meta.txt"

for round in $(seq 1 "$ROUNDS"); do
  for part in $PARTS; do
    script=$(script_of "$part")
    if [ ! -f "$WORK/A/$script" ] || [ ! -f "$WORK/B/$script" ]; then
      [ "$round" = 1 ] && echo "skipped $part: $script missing on one side" >>"$OUT/meta.txt"
      continue
    fi
    order="A B"
    [ $((round % 2)) = 0 ] && order="B A"
    for side in $order; do
      name="$side-$part-$round"
      echo "bench-compare: $name (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
      start=$(date +%s)
      if (cd "$WORK/$side" && node_modules/.bin/tsx "$script") >"$OUT/$name.out" 2>"$OUT/$name.err"; then
        echo "run $name $(($(date +%s) - start)) s, load after $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/meta.txt"
      else
        echo "run $name FAILED after $(($(date +%s) - start)) s (see $name.err)" >>"$OUT/meta.txt"
      fi
    done
  done
done
echo "finished $(date -u +%FT%TZ)" >>"$OUT/meta.txt"

"$REPO/node_modules/.bin/tsx" "$REPO/scripts/bench/compare-table.ts" "$OUT" >"$OUT/table.md"
cat "$OUT/table.md"
echo "bench-compare: outputs in $OUT" >&2
