#!/usr/bin/env bash
# Side by side, with default JVM flags: micrograd's moons training step built as a new graph every step
# (BenchmarkMoons), replayed from a recorded graph (BenchmarkMoons --tape), and written by hand on double[]
# (HandWrittenMoons, the floor). The three alternate ROUNDS times in one session; every round and the medians
# are printed, with the ratios to the floor. Then CompareMoons times the three in one JVM, a whole run of each in
# turn, so that all three meet the same machine (on a shared machine whose speed changes from second to second,
# the rounds' ratios scatter). Needs only this repository, Java 17+ and Maven.
#   bash bench/compare-moons.sh [ROUNDS] [CSV]      e.g. bash bench/compare-moons.sh 5
# CSV: points to train on instead of micrograd's 100 (a header naming x1, x2 and y; y = -1 or +1).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
csv=${2:-}
source bench/lib.sh                                  # builds; sets $cp; defines median
args=()
if [ -n "$csv" ]; then
  args=(--data "$csv")
fi
# each program prints min_ms_per_step and median_ms_per_step over its timed runs; on a loaded machine the minimum
# is the steadier figure (a longer run is more often interrupted), so both are kept
field() { sed -n "s/^$1_ms_per_step=\([0-9.]*\).*/\1/p" <<<"$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
main=io.github.micrograd4j.examples
echo "java $(java -version 2>&1 | head -1), default flags; $(nproc) cpus; $(date -u +%Y-%m-%dT%H:%MZ)"
eager=(); tape=(); floor=(); eagerMin=(); tapeMin=(); floorMin=()
for r in $(seq "$rounds"); do
  e=$(java -cp "$cp" $main.BenchmarkMoons ${args[@]+"${args[@]}"})
  t=$(java -cp "$cp" $main.BenchmarkMoons --tape ${args[@]+"${args[@]}"})
  f=$(java -cp "$cp" $main.HandWrittenMoons ${args[@]+"${args[@]}"})
  eager+=("$(field median "$e")"); tape+=("$(field median "$t")"); floor+=("$(field median "$f")")
  eagerMin+=("$(field min "$e")"); tapeMin+=("$(field min "$t")"); floorMin+=("$(field min "$f")")
  i=$((r - 1))
  echo "round $r: median ms/step eager ${eager[$i]}, tape ${tape[$i]}, floor ${floor[$i]}:" \
    "eager/floor $(ratio "${eager[$i]}" "${floor[$i]}"), tape/floor $(ratio "${tape[$i]}" "${floor[$i]}")" \
    "(min: ${eagerMin[$i]}, ${tapeMin[$i]}, ${floorMin[$i]}; tape/floor $(ratio "${tapeMin[$i]}" "${floorMin[$i]}"))"
done
me=$(median "${eager[@]}"); mt=$(median "${tape[@]}"); mf=$(median "${floor[@]}")
echo "median of $rounds rounds: eager $me, tape $mt, floor $mf ms/step;" \
  "eager/floor $(ratio "$me" "$mf"), tape/floor $(ratio "$mt" "$mf")"
me=$(median "${eagerMin[@]}"); mt=$(median "${tapeMin[@]}"); mf=$(median "${floorMin[@]}")
echo "median of the minima: eager $me, tape $mt, floor $mf ms/step;" \
  "eager/floor $(ratio "$me" "$mf"), tape/floor $(ratio "$mt" "$mf")"
echo "in one JVM, a whole run of each in turn:"
java -cp "$cp" $main.CompareMoons ${args[@]+"${args[@]}"} | tail -4
