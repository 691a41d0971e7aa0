#!/usr/bin/env bash
# Hands the moons demo's trained model to readers we did not write: PyTorch (python3-torch) and the onnx package
# (python3-onnx), both from Debian, run through /usr/bin/python3. Not part of `mvn test` (which needs no Python).
#   bash bench/pytorch-check.sh [OUT_DIR]          (default: a new temporary directory)
# 1. MoonsDemo --rng java --onnx moons.onnx --safetensors moons.safetensors (100 steps, 100% accuracy);
# 2. PyTorch: the nn.Sequential the demo prints takes moons.safetensors with load_state_dict(strict=True), read
#    as the safetensors specification says (the header's JSON with the json module, each tensor with
#    torch.frombuffer: Debian has no package of the safetensors library); it must classify the 100 points right;
# 3. onnx: check_model(full_check=True) accepts moons.onnx, and its initializers equal PyTorch's tensors bit for bit.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out=${1:-$(mktemp -d)}
mkdir -p "$out"
cd "$root"
mvn -q test-compile exec:java -Dexec.args="--rng java --out $out/moons.png --training-out $out/moons-training.png \
--onnx $out/moons.onnx --safetensors $out/moons.safetensors" | tee "$out/demo.txt" | tail -3
module=$(sed -n 's/^wrote the weights to .* (PyTorch: \(.*\)\.load_state_dict(.*$/\1/p' "$out/demo.txt")
/usr/bin/python3 - "$out" "$module" "$root/src/main/resources/io/github/micrograd4j/data/moons100.csv" <<'PY'
import csv, json, struct, sys
import numpy as np
import onnx, onnx.numpy_helper, torch
from torch import nn

out, module, points = sys.argv[1], sys.argv[2], sys.argv[3]
raw = open(f"{out}/moons.safetensors", "rb").read()
(n,) = struct.unpack("<Q", raw[:8])
header = json.loads(raw[8:8 + n].decode("utf-8"))
data = raw[8 + n:]
types = {"F64": torch.float64, "F32": torch.float32}
state = {name: torch.frombuffer(bytearray(data[i["data_offsets"][0]:i["data_offsets"][1]]),
                                dtype=types[i["dtype"]]).reshape(i["shape"])
         for name, i in header.items() if name != "__metadata__"}
model = eval(module)
print("PyTorch module:", model)
print("load_state_dict(strict=True):", model.load_state_dict(state, strict=True))
rows = list(csv.DictReader(open(points)))
x = torch.tensor([[float(r["x1"]), float(r["x2"])] for r in rows], dtype=torch.float64)
y = [float(r["y"]) for r in rows]
with torch.no_grad():
    scores = model(x)[:, 0].tolist()
right = sum((s > 0) == (t > 0) for s, t in zip(scores, y))
print(f"PyTorch classifies {right} of {len(y)} points right; score of point 0: {scores[0]!r}")

m = onnx.load(f"{out}/moons.onnx")
onnx.checker.check_model(m, full_check=True)
inits = {t.name: onnx.numpy_helper.to_array(t) for t in m.graph.initializer}
same = sorted(inits) == sorted(state) and all(
    inits[k].dtype == np.float64 and np.array_equal(inits[k].view(np.uint64), state[k].numpy().view(np.uint64))
    for k in state)
print(f"onnx.checker (full_check): ok; the ONNX initializers equal PyTorch's tensors bit for bit: {same}")
sys.exit(0 if right == len(y) and same else 1)
PY
