"""Writes the reference numbers of PythonRandomTest: python3 make.py (CPython 3.11; any CPython >= 3.9 gives
the same numbers for these calls). Each section restarts from random.seed(seed); floats are written with
float.hex, so a test can compare them bit for bit."""
import random
import sys

SEEDS = [0, 1, 42, 1337, 2**32, 2**63 - 1, -1337, -2**63]
BOUNDS = [1, 2, 3, 6, 7, 10, 100, 1000, 2**31 - 1, 2**31, 2**32 - 1, 2**32 + 1, 10**12, 2**62 + 1, 2**63 - 1]
SPANS = [(-5, 5), (0, 1), (-2**31, 2**31 - 1), (-10**18, 10**18), (2**62, 2**63 - 1), (-2**63, 2**63 - 1)]


def section(out, seed, title, rows):
    random.seed(seed)
    out.write(f"[{title}]\n")
    for row in rows():
        out.write(row + "\n")


for seed in SEEDS:
    with open(f"seed_{seed}.txt", "w") as out:
        out.write(f"# random.seed({seed}), CPython {sys.version.split()[0]}; written by make.py\n")
        section(out, seed, "random", lambda: (random.random().hex() for _ in range(1000)))
        section(out, seed, "uniform -1 1", lambda: (random.uniform(-1, 1).hex() for _ in range(1000)))
        section(out, seed, "getrandbits 32", lambda: (str(random.getrandbits(32)) for _ in range(200)))
        section(out, seed, "getrandbits 64", lambda: (str(random.getrandbits(64)) for _ in range(200)))
        section(out, seed, "randrange n",
                lambda: (f"{n} {random.randrange(n)}" for n in (BOUNDS[i % len(BOUNDS)] for i in range(300))))
        section(out, seed, "randrange a b",
                lambda: (f"{a} {b} {random.randrange(a, b)}" for a, b in (SPANS[i % len(SPANS)] for i in range(120))))
        section(out, seed, "randbytes n", lambda: (f"{n} {random.randbytes(n).hex()}" for n in (i % 10 for i in range(100))))
        section(out, seed, "gauss", lambda: (random.gauss().hex() for _ in range(200)))
        section(out, seed, "expovariate 1", lambda: (random.expovariate(1.0).hex() for _ in range(200)))
