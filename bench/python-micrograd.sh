#!/usr/bin/env bash
# Times micrograd's own moons demo loop (github.com/karpathy/micrograd, demo.ipynb: MLP(2, [16, 16, 1]), hinge
# loss + 1e-4 L2, SGD with lr = 1.0 - 0.9 * k / 100) with micrograd's engine.py and nn.py from a checkout that you
# name, on this repository's copy of the demo's 100 points (moons100.csv). Nothing of micrograd is copied here.
#   git clone https://github.com/karpathy/micrograd /tmp/micrograd
#   bash bench/python-micrograd.sh /tmp/micrograd [STEPS]      (default 3 steps)
# Prints each step's loss, accuracy and seconds, the median seconds per step, and the Values one step builds.
set -euo pipefail
dir=${1:?usage: bash bench/python-micrograd.sh MICROGRAD_DIR [STEPS]}
steps=${2:-3}
[ -f "$dir/micrograd/engine.py" ] && [ -f "$dir/micrograd/nn.py" ] \
  || { echo "no micrograd/engine.py and micrograd/nn.py under $dir (a checkout of karpathy/micrograd)" >&2; exit 2; }
csv="$(cd "$(dirname "$0")/.." && pwd)/src/main/resources/io/github/micrograd4j/data/moons100.csv"
python3 - "$dir" "$csv" "$steps" <<'PY'
import csv, random, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from micrograd.engine import Value
from micrograd.nn import MLP

with open(sys.argv[2]) as f:
    rows = list(csv.DictReader(f))
X = [[float(r["x1"]), float(r["x2"])] for r in rows]
y = [float(r["y"]) for r in rows]
steps = int(sys.argv[3])

random.seed(1337)                       # as the demo notebook
model = MLP(2, [16, 16, 1])

def loss():                             # the demo's loss(), full batch
    inputs = [list(map(Value, xrow)) for xrow in X]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    alpha = 1e-4
    reg_loss = alpha * sum((p * p for p in model.parameters()))
    total_loss = data_loss + reg_loss
    accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(y, scores)]
    return total_loss, sum(accuracy) / len(accuracy)

times = []
for k in range(steps):
    t0 = time.perf_counter()
    total_loss, acc = loss()
    model.zero_grad()
    total_loss.backward()
    learning_rate = 1.0 - 0.9 * k / 100
    for p in model.parameters():
        p.data -= learning_rate * p.grad
    times.append(time.perf_counter() - t0)
    print(f"step {k} loss {total_loss.data}, accuracy {acc*100}%, {times[-1]:.3f} s")

built = 0                               # Values one step builds: counted in one more, untimed loss() and backward()
init = Value.__init__
def counting_init(self, *args, **kwargs):
    global built
    built += 1
    init(self, *args, **kwargs)
Value.__init__ = counting_init
total_loss, acc = loss()
total_loss.backward()
Value.__init__ = init
nodes, stack = set(), [total_loss]      # the graph below the loss, parameters included
while stack:
    v = stack.pop()
    if v not in nodes:
        nodes.add(v)
        stack.extend(v._prev)
print(f"python {sys.version.split()[0]}: median {statistics.median(times):.3f} s per step over {steps} steps; "
      f"{built} Values built per step, {len(nodes)} nodes in the graph with the parameters")
PY
