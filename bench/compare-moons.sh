#!/usr/bin/env bash
# Side by side: ../shared/perf/HandBackprop.java (the hand-written floor) and BenchmarkMoons (the library),
# alternating ROUNDS times in one session with default JVM flags, then the ratio of the medians.
#   bash bench/compare-moons.sh [ROUNDS] [CSV]      e.g. bash bench/compare-moons.sh 5 ../shared/refdata/moons1000.csv
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
csv=${2:-}
perf=../shared/perf
[ -f "$perf/HandBackprop.java" ] || { echo "needs $perf/HandBackprop.java (the shared reference folder)"; exit 2; }
mvn -q test-compile
cp=target/classes:target/test-classes
hand_args=()
lib_args=()
if [ -n "$csv" ]; then
  hand_args=("$(realpath "$csv")")
  lib_args=(--data "$csv")
fi
hand=()
lib=()
for r in $(seq "$rounds"); do
  h=$(cd "$perf" && java HandBackprop.java "${hand_args[@]}" | sed -n 's/^median_ms_per_step=//p')
  l=$(java -cp "$cp" io.github.micrograd4j.examples.BenchmarkMoons "${lib_args[@]}" | sed -n 's/^median_ms_per_step=//p')
  echo "round $r: HandBackprop $h ms/step, micrograd4j $l ms/step, ratio $(echo "$l / $h" | bc -l | cut -c1-5)"
  hand+=("$h")
  lib+=("$l")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mh=$(median "${hand[@]}")
ml=$(median "${lib[@]}")
echo "median over $rounds rounds: HandBackprop $mh ms/step, micrograd4j $ml ms/step, ratio $(echo "$ml / $mh" | bc -l | cut -c1-5)"
