#!/usr/bin/env bash
# Side by side, whole process (JVM start included, as a C program's time includes its start), default JVM flags:
# Karpathy's microgpt (1,000 training steps on makemore's names, then 20 samples) as MicroGpt runs it eagerly (a new
# graph every step, as microgpt.py builds it) and through the Tape (one recording per document length), ROUNDS
# times each, alternating; with a C port or microgpt.py beside them when given. Every run's standard output is
# compared with the first one's (they must print the same lines). Pictures are not drawn (--no-pictures).
#   bash bench/compare-microgpt.sh [ROUNDS]
#   MICROGPT_C=/path/to/microgpt bash bench/compare-microgpt.sh        # a built C port, e.g. 1duo/microgpts'
#   MICROGPT_PY=/path/to/microgpt.py bash bench/compare-microgpt.sh    # CPython too (about 5 minutes a run)
# The C port reads input.txt in its working directory: the script runs it in a scratch directory holding the names.
# microgpt.py downloads input.txt unless it is there: the script runs it in that directory too.
# MicroGpt also prints, on standard error with --timing, the training loop's own time (no JVM start, no data).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
source bench/lib.sh                                  # builds; sets $cp; defines median
main=io.github.micrograd4j.examples.MicroGpt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gzip -dc src/main/resources/io/github/micrograd4j/data/names.txt.gz >"$work/input.txt"

# seconds of wall-clock time of a command, its output into $work/out.<label>
seconds() {
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  "$@" >"$work/out.$label" 2>"$work/err.$label"
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}
loop() { sed -n 's/^training loop: \([0-9.]*\) s.*/\1/p' "$work/err.$1"; }
same() {   # the printed lines, progress lines (ended by \r) included, against the first eager run's
  if ! cmp -s "$work/out.$1" "$work/out.first"; then
    echo "  ($1 printed other lines than the first eager run)"
  fi
}

echo "java $(java -version 2>&1 | head -1), default flags; $(nproc) cpus; $(date -u +%Y-%m-%dT%H:%MZ)"
java -cp "$cp" $main --no-pictures >"$work/out.first"
eager=(); tape=(); c=(); eagerLoop=(); tapeLoop=()
for r in $(seq "$rounds"); do
  e=$(seconds eager java -cp "$cp" $main --no-pictures --timing); same eager
  t=$(seconds tape java -cp "$cp" $main --no-pictures --timing --tape); same tape
  eager+=("$e"); tape+=("$t"); eagerLoop+=("$(loop eager)"); tapeLoop+=("$(loop tape)")
  line="round $r: eager $e s (loop ${eagerLoop[-1]} s), tape $t s (loop ${tapeLoop[-1]} s)"
  if [ -n "${MICROGPT_C:-}" ]; then
    k=$(cd "$work" && seconds c "$MICROGPT_C")
    c+=("$k")
    line="$line, C $k s"
  fi
  echo "$line"
done
me=$(median "${eager[@]}"); mt=$(median "${tape[@]}")
echo "median of $rounds rounds, whole process: eager $me s, tape $mt s;" \
  "training loop alone: eager $(median "${eagerLoop[@]}") s, tape $(median "${tapeLoop[@]}") s"
if [ -n "${MICROGPT_C:-}" ]; then
  mc=$(median "${c[@]}")
  awk -v e="$me" -v t="$mt" -v c="$mc" -v el="$(median "${eagerLoop[@]}")" -v tl="$(median "${tapeLoop[@]}")" \
    'BEGIN { printf "C port %.2f s: eager/C %.2f, tape/C %.2f, tape loop/C %.2f, eager loop/C %.2f\n", c, e / c, t / c, tl / c, el / c }'
fi
# the steps' own cost once the JIT has compiled them: the last 1,000 of 5,000 steps
steady() { java -cp "$cp" $main --no-pictures --timing --steps 5000 --samples 0 "$@" 2>&1 >/dev/null \
  | sed -n 's/^its last 1000 steps: \([0-9.]*\) s/\1/p'; }
echo "warmed up (the last 1,000 of 5,000 steps, one run each): eager $(steady) s, tape $(steady --tape) s"
if [ -n "${MICROGPT_PY:-}" ]; then
  cp "$MICROGPT_PY" "$work/microgpt.py"
  p=$(cd "$work" && seconds python python3 microgpt.py)
  if tr '\r' '\n' <"$work/out.python" | grep -v '^$' | cmp -s - <(tr '\r' '\n' <"$work/out.first" | grep -v '^$'); then
    echo "CPython (microgpt.py) $p s, the same lines"
  else
    echo "CPython (microgpt.py) $p s, OTHER lines than MicroGpt's"
  fi
fi
