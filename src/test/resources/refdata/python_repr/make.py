"""Writes reprs.txt for PythonFloatTest: python3 make.py (CPython 3.11). Each row is a double's 64 bits in hex
and CPython's repr of it: edge cases, every power of two, powers of ten and their neighbours, short decimals,
the losses and accuracies micrograd's demo notebook prints, and random bit patterns (seeded)."""
import math
import random
import struct


def bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def of_bits(b):
    return struct.unpack("<d", struct.pack("<Q", b))[0]


values = [0.0, -0.0, math.inf, -math.inf, math.nan, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
          1e-05, 1e-4, 0.0001, 0.00011, 9.999999999999999e-05, 1e16, 9999999999999998.0, 1e15, 1e17, 1e22, 1e23,
          2e23, 0.1, 0.2, 0.3, 0.1 + 0.2, 100.0, 1.0, -1.0, 1 / 3, 2 / 3, 2.0 ** 53, 2.0 ** 53 + 2, 123456789.0,
          50.0, 81.0, 0.5 * 100, 0.81 * 100, 0.07 * 100, 0.57 * 100, 0.29 * 100, 0.58 * 100, 0.14 * 100]
values += [float(line.split()[3].rstrip(",")) for line in open("../micrograd_demo/steps.txt") if line.startswith("step")]
values += [2.0 ** k for k in range(-1074, 1024)]
values += [float(f"1e{k}") for k in range(-323, 309)]
values += [math.nextafter(float(f"1e{k}"), 0) for k in range(-300, 309)]
values += [math.nextafter(float(f"1e{k}"), math.inf) for k in range(-300, 308)]
values += [n / 100 for n in range(101)] + [n * 100 / 100 for n in range(101)] + [k / 100 * 100 for k in range(101)]
rng = random.Random(2024)
values += [round(rng.uniform(-1000, 1000), rng.randrange(0, 12)) for _ in range(500)]
values += [rng.random() for _ in range(500)]
values += [rng.random() * 10.0 ** rng.randrange(-30, 30) for _ in range(500)]
patterns = 0
while patterns < 2000:
    x = of_bits(rng.getrandbits(64))
    if not math.isnan(x):
        values.append(x)
        patterns += 1
with open("reprs.txt", "w") as out:
    out.write("# bits repr: CPython's repr of the double with these bits; written by make.py\n")
    for x in values:
        out.write(f"{bits(x):016x} {x!r}\n")
