#!/usr/bin/env bash
# What each of the Tape's speed-ups buys, on three workloads, default JVM flags: micrograd's moons training
# replayed from a tape (BenchmarkMoons --tape; ms per step), the digits training on one tape per batch size
# (BenchmarkDigits --mode parts, one thread; s per epoch) and microgpt on one tape per document length (MicroGpt
# --tape; seconds for the last 1,000 of 5,000 steps), each with every speed-up and without each one in turn,
# ROUNDS rounds alternating. Prints every run and, per speed-up, the median time without it over the median time
# with all: how many times slower the replay is without it (1.00: it buys nothing there).
#   bash bench/tape-speedups.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
source bench/lib.sh                                  # builds; sets $cp; defines median
main=io.github.micrograd4j.examples
speedups=(none DENSE_LAYERS DOT_PRODUCTS SKIP_ZEROS SKIP_RUNS)
without() { [ "$1" = none ] && echo "" || echo "--without $1"; }
echo "java $(java -version 2>&1 | head -1), default flags; $(nproc) cpus; $(date -u +%Y-%m-%dT%H:%MZ)"
declare -A moons digits gpt
for r in $(seq "$rounds"); do
  for s in "${speedups[@]}"; do
    # shellcheck disable=SC2046
    m=$(java -cp "$cp" $main.BenchmarkMoons --tape $(without "$s") | sed -n 's/^median_ms_per_step=//p')
    # shellcheck disable=SC2046
    d=$(java -cp "$cp" $main.BenchmarkDigits --mode parts --runs 3 $(without "$s") \
      | sed -n 's/^median_s_per_epoch=//p')
    # shellcheck disable=SC2046
    g=$(java -cp "$cp" $main.MicroGpt --tape --no-pictures --timing --steps 5000 --samples 0 $(without "$s") 2>&1 \
      >/dev/null | sed -n 's/^its last 1000 steps: \([0-9.]*\) s/\1/p')
    moons[$s]="${moons[$s]:-} $m"; digits[$s]="${digits[$s]:-} $d"; gpt[$s]="${gpt[$s]:-} $g"
    echo "round $r, without ${s}: moons $m ms/step, digits $d s/epoch, microgpt $g s/1000 steps"
  done
done
# shellcheck disable=SC2086
m0=$(median ${moons[none]}); d0=$(median ${digits[none]}); g0=$(median ${gpt[none]})
echo "every speed-up: moons $m0 ms/step, digits $d0 s/epoch, microgpt $g0 s/1000 steps (medians of $rounds)"
for s in "${speedups[@]:1}"; do
  # shellcheck disable=SC2086
  m=$(median ${moons[$s]}); d=$(median ${digits[$s]}); g=$(median ${gpt[$s]})
  awk -v s="$s" -v m="$m" -v d="$d" -v g="$g" -v m0="$m0" -v d0="$d0" -v g0="$g0" \
    'BEGIN { printf "without %-12s moons %.2fx, digits %.2fx, microgpt %.2fx\n", s, m / m0, d / d0, g / g0 }'
done
