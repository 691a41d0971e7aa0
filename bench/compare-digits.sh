#!/usr/bin/env bash
# Side by side, with default JVM flags: the digits training (MLP 64-32-10, softmax cross-entropy, Adam 1e-2,
# batches of 32, 15 epochs, Digits.load().split(1500, 0)) through the library's Trainer on 2 threads and on 1,
# with a new graph every batch (eager), split into its parts on one tape, and in PyTorch (float64,
# torch.set_num_threads(2), the same network, initial weights, loss, optimizer, batch size and epochs), when
# `python3 -c "import torch"` works. ROUNDS rounds alternate the programs; every round and the medians are
# printed. Needs this repository, Java 17+ and Maven; PyTorch optional (Debian: apt-get install python3-torch).
#   bash bench/compare-digits.sh [ROUNDS]      e.g. bash bench/compare-digits.sh 3
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
source bench/lib.sh                                  # builds; sets $cp; defines median
main=io.github.micrograd4j.examples.BenchmarkDigits
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
java -cp "$cp" $main --export "$data"
python=""
for p in ${PYTHON:-} python3 /usr/bin/python3; do
  if "$p" -c "import torch" 2>/dev/null; then python=$p; break; fi
done
if [ -z "$python" ]; then
  echo "PyTorch is not installed (python3 -c 'import torch' fails): only the Java side runs."
  echo "  Debian/Ubuntu: sudo apt-get install python3-torch    elsewhere: pip install torch   (or set PYTHON=...)"
fi
field() { sed -n "s/^$1=\([0-9.]*\).*/\1/p" <<<"$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "java $(java -version 2>&1 | head -1), default flags; $(nproc) cpus; load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
t2=(); t1=(); eager=(); torch=()
for r in $(seq "$rounds"); do
  a=$(java -cp "$cp" $main --mode tape --threads 2)
  b=$(java -cp "$cp" $main --mode tape --threads 1)
  c=$(java -cp "$cp" $main --mode eager --warmup 2 --runs 2)
  d=$(java -cp "$cp" $main --mode parts --threads 1)
  [ "$r" = 1 ] && { grep -h '^a batch' <<<"$a"; grep -h '^per epoch' <<<"$d"; }
  t2+=("$(field median_s_per_epoch "$a")"); t1+=("$(field median_s_per_epoch "$b")")
  eager+=("$(field median_s_per_epoch "$c")")
  line="round $r: s per epoch: tape 2 threads ${t2[-1]} (test $(field test_accuracy "$a")), tape 1 thread ${t1[-1]}, eager ${eager[-1]}"
  if [ -n "$python" ]; then
    e=$("$python" bench/digits_torch.py "$data" 1 3 2)
    [ "$r" = 1 ] && grep -h '^torch' <<<"$e"
    torch+=("$(field median_s_per_epoch "$e")")
    line="$line, pytorch ${torch[-1]} (test $(field test_accuracy "$e")): tape(2)/pytorch $(ratio "${t2[-1]}" "${torch[-1]}")"
  fi
  echo "$line"
done
m2=$(median "${t2[@]}"); m1=$(median "${t1[@]}"); me=$(median "${eager[@]}")
line="median of $rounds rounds: tape 2 threads $m2, tape 1 thread $m1 (2 threads: $(ratio "$m1" "$m2")x as fast), eager $me s per epoch"
if [ -n "$python" ]; then
  mt=$(median "${torch[@]}")
  line="$line, pytorch $mt; tape(2)/pytorch $(ratio "$m2" "$mt"), eager/pytorch $(ratio "$me" "$mt")"
fi
echo "$line"
