"""PyTorch side of bench/compare-digits.sh: the digits training of BenchmarkDigits in float64 on two threads.

The same network (Linear 64-32, ReLU, Linear 32-10) from the same initial weights (init.csv, micrograd4j's
parameter order: per layer, per neuron, its weights then its bias), softmax cross-entropy, Adam (lr 1e-2, betas
0.9/0.999, eps 1e-8), batches of 32 over a shuffled order, 15 epochs, on the same split (train.csv, test.csv:
label then 64 pixels in [0, 1]). Warm-up runs first, then the median time per epoch over the timed runs' epochs.
    python3 bench/digits_torch.py DIR [WARMUP] [RUNS] [THREADS]
"""
import statistics
import sys
import time

import torch

directory = sys.argv[1]
warmup = int(sys.argv[2]) if len(sys.argv) > 2 else 1
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 2
torch.set_num_threads(threads)
torch.set_default_dtype(torch.float64)


def read(name):
    rows = [list(map(float, line.split(","))) for line in open(f"{directory}/{name}")]
    data = torch.tensor(rows, dtype=torch.float64)
    return data[:, 1:].contiguous(), data[:, 0].long()


x, y = read("train.csv")
xt, yt = read("test.csv")
init = [float(line) for line in open(f"{directory}/init.csv")]


def model():
    net = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.ReLU(), torch.nn.Linear(32, 10))
    at = 0
    with torch.no_grad():
        for layer in (net[0], net[2]):
            for o in range(layer.out_features):
                n = layer.in_features
                layer.weight[o] = torch.tensor(init[at:at + n])
                layer.bias[o] = init[at + n]
                at += n + 1
    assert at == len(init), (at, len(init))
    return net


def train(epochs=15, batch=32):
    net = model()
    opt = torch.optim.Adam(net.parameters(), lr=1e-2)
    loss_fn = torch.nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(1)
    seconds = []
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(len(x), generator=g)
        for i in range(0, len(x), batch):
            idx = order[i:i + batch]
            loss = loss_fn(net(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        seconds.append(time.perf_counter() - start)
    with torch.no_grad():
        accuracy = (net(xt).argmax(1) == yt).double().mean().item()
    return seconds, accuracy


timed = []
for r in range(warmup + runs):
    seconds, accuracy = train()
    if r >= warmup:
        timed += seconds
    print(f"run {r + 1}{' (warm-up)' if r < warmup else ''}: {statistics.median(seconds):.4f} s per epoch "
          f"(median), test accuracy {100 * accuracy:.2f}%")
print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, float64")
print(f"median_s_per_epoch={statistics.median(timed):.6f}")
print(f"test_accuracy={accuracy:.4f}")
