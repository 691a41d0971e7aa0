"""Writes the reference numbers of PythonRandomTest: python3 make.py (CPython 3.11; any CPython >= 3.9 gives
the same numbers for these calls). Each section restarts from random.seed(seed); floats are written with
float.hex, so a test can compare them bit for bit. "shuffle n" rows are n, then random.shuffle(list(range(n)));
"choices weights" rows are the weights, then random.choices(range(len(w)), weights=w)[0]."""
import math
import random
import sys

SEEDS = [0, 1, 42, 1337, 2**32, 2**63 - 1, -1337, -2**63]
BOUNDS = [1, 2, 3, 6, 7, 10, 100, 1000, 2**31 - 1, 2**31, 2**32 - 1, 2**32 + 1, 10**12, 2**62 + 1, 2**63 - 1]
SPANS = [(-5, 5), (0, 1), (-2**31, 2**31 - 1), (-10**18, 10**18), (2**62, 2**63 - 1), (-2**63, 2**63 - 1)]
SHUFFLE_SIZES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 16, 17, 27, 100, 257, 1000]
# weights for random.choices(range(n), weights=w): even, skewed, zeros (also first and last), one nonzero,
# tiny and huge magnitudes, a softmax over 27 tokens (microgpt's sampling), a single weight, integers
WEIGHTS = [[1.0, 1.0], [0.1, 0.6, 0.3], [0.0, 1.0, 0.0, 2.0, 0.0], [0.0, 0.0, 5.0], [3.0, 0.0, 0.0],
           [1e-300, 3e-300, 2e-300], [1e300, 5e307, 1e307], [0.25] * 4 + [0.0],
           [float(i % 7) + 0.5 for i in range(27)], [2.0 ** -i for i in range(60)], [7.0], [1, 2, 3, 4]]


def softmax27(i):
    logits = [((i * 31 + j * 17) % 23) / 4.0 - 2.0 for j in range(27)]
    m = max(logits)
    e = [math.exp(v - m) for v in logits]
    t = sum(e)
    return [x / t for x in e]


def weights(i):
    return softmax27(i) if i % 2 else WEIGHTS[i // 2 % len(WEIGHTS)]


def shuffled(n):
    x = list(range(n))
    random.shuffle(x)
    return " ".join([str(n)] + [str(v) for v in x])


def chosen(w):
    """A row: the weights (float.hex, comma-separated), then random.choices(range(len(w)), weights=w)[0]."""
    return ",".join(float(v).hex() for v in w) + " " + str(random.choices(range(len(w)), weights=w)[0])


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
        section(out, seed, "shuffle n", lambda: (shuffled(n) for n in SHUFFLE_SIZES))
        section(out, seed, "choices weights", lambda: (chosen(weights(i)) for i in range(300)))

