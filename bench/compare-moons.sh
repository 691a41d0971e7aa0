#!/usr/bin/env bash
# Side by side, with default JVM flags: micrograd's moons training step built as a new graph every step
# (BenchmarkMoons), replayed from a recorded graph (BenchmarkMoons --tape), and written by hand on double[]
# (HandWrittenMoons, the floor). The three alternate ROUNDS times in one session; every round and the medians
# are printed, with the ratios to the floor. Needs only this repository, Java 17+ and Maven.
#   bash bench/compare-moons.sh [ROUNDS] [CSV]      e.g. bash bench/compare-moons.sh 5
# CSV: points to train on instead of micrograd's 100 (a header naming x1, x2 and y; y = -1 or +1).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
csv=${2:-}
mvn -q test-compile
mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
args=()
if [ -n "$csv" ]; then
  args=(--data "$csv")
fi
median_of() { sed -n 's/^median_ms_per_step=//p'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "java $(java -version 2>&1 | head -1), default flags; $(nproc) cpus; $(date -u +%Y-%m-%dT%H:%MZ)"
eager=(); tape=(); floor=()
for r in $(seq "$rounds"); do
  e=$(java -cp "$cp" io.github.micrograd4j.examples.BenchmarkMoons ${args[@]+"${args[@]}"} | median_of)
  t=$(java -cp "$cp" io.github.micrograd4j.examples.BenchmarkMoons --tape ${args[@]+"${args[@]}"} | median_of)
  f=$(java -cp "$cp" io.github.micrograd4j.examples.HandWrittenMoons ${args[@]+"${args[@]}"} | median_of)
  echo "round $r: eager $e, tape $t, floor $f ms/step; eager/floor $(ratio "$e" "$f"), tape/floor $(ratio "$t" "$f")"
  eager+=("$e"); tape+=("$t"); floor+=("$f")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
me=$(median "${eager[@]}"); mt=$(median "${tape[@]}"); mf=$(median "${floor[@]}")
echo "median of $rounds rounds: eager $me, tape $mt, floor $mf ms/step; eager/floor $(ratio "$me" "$mf"), tape/floor $(ratio "$mt" "$mf")"
