"""Writes the safetensors fixtures for SafetensorsTest: /usr/bin/python3 make.py (Debian's python3-torch 1.13).

Debian has no package of the `safetensors` library, so the files are written here the way its reference
implementation (the Rust crate that `safetensors.torch.save_file` calls) serializes a state_dict, byte for byte:
an unsigned little-endian 64-bit header length; the header, compact JSON (no spaces) that maps each name to
{"dtype", "shape", "data_offsets"} in that key order, "__metadata__" first when there is one, the tensors sorted
by dtype (the widest first) and then by name; the header padded with spaces to a multiple of 8 bytes; then each
tensor's bytes, little-endian, row-major, in the header's order. The tensors themselves (their values, shapes and
bytes) come from PyTorch: the state_dict of a seeded nn.Sequential.

Files:
  tanh-3-4-4-2.f64.safetensors   float64 state_dict of Sequential(Linear(3, 4), Tanh(), Linear(4, 4), Tanh(),
                                 Linear(4, 2)), torch.manual_seed(19), initialised in float64, no metadata
  tanh-3-4-4-2.f32.safetensors   the same module rounded to float32, with __metadata__ {"format": "pt"} (as Hugging
                                 Face's transformers writes)
  expected.txt                   each tensor's values (float.hex, row-major), then the float64 module's outputs
                                 on five inputs: "input x1 x2 x3 -> y1 y2"
"""
import json
import struct
import sys

import torch
from torch import nn

assert sys.byteorder == "little"
DTYPES = {torch.float64: ("F64", "<f8"), torch.float32: ("F32", "<f4")}


def save(state_dict, path, metadata=None):
    # every tensor has the same dtype, so the reference's order (by dtype, then by name) is by name
    names = sorted(state_dict)
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    offset = 0
    blobs = []
    for name in names:
        t = state_dict[name].contiguous()
        dtype, numpy_type = DTYPES[t.dtype]
        blob = t.numpy().astype(numpy_type).tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


torch.manual_seed(19)
torch.set_default_dtype(torch.float64)   # initialised in float64: every value uses all 53 bits
model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 4), nn.Tanh(), nn.Linear(4, 2))
save(model.state_dict(), "tanh-3-4-4-2.f64.safetensors")
model32 = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 4), nn.Tanh(), nn.Linear(4, 2)).float()
model32.load_state_dict(model.state_dict())   # rounds each value to float32
save(model32.state_dict(), "tanh-3-4-4-2.f32.safetensors", {"format": "pt"})

inputs = torch.tensor([[0.0, 0.0, 0.0], [1.0, -2.0, 0.5], [0.25, 0.75, -1.5], [-3.0, 2.0, 1.0], [0.1, 0.2, 0.3]],
                      dtype=torch.float64)
with open("expected.txt", "w") as f:
    for prefix, m in (("f64", model), ("f32", model32)):
        for name, t in m.state_dict().items():
            f.write(f"{prefix} {name} {list(t.shape)} " + " ".join(float(v).hex() for v in t.flatten().tolist()) + "\n")
    with torch.no_grad():
        outputs = model(inputs)
    for x, y in zip(inputs.tolist(), outputs.tolist()):
        f.write("input " + " ".join(v.hex() for v in x) + " -> " + " ".join(v.hex() for v in y) + "\n")
