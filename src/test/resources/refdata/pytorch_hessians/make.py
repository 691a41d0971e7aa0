"""Writes hessians.txt for PytorchHessianTest: /usr/bin/python3 make.py (Debian's python3-torch, float64).

Each row is an expression in the S-expression language of ../pytorch_cases.txt (plus rsub, rdiv, sum and
neuron = relu(b + sum w_i x_i)), its inputs, its value, its gradient and its Hessian, row by row in the order of
the inputs, all from torch.autograd.grad(create_graph=True). Columns are separated by tabs."""
import torch

torch.set_default_dtype(torch.float64)

CASES = [
    ("add", "(+ a b)", "a=0.3,b=-1.2"),
    ("add_const", "(* (+ x 1.5) (+ x 1.5))", "x=0.7"),
    ("sub", "(* (- a b) (- a b))", "a=0.3,b=-1.2"),
    ("rsub", "(pow (rsub 2.0 x) 3.0)", "x=0.4"),
    ("mul", "(* (* a b) b)", "a=1.3,b=-0.7"),
    ("mul_const", "(* (* x x) 2.5)", "x=-0.9"),
    ("div", "(/ a b)", "a=1.3,b=0.7"),
    ("div_const", "(/ (* x x) 4.0)", "x=1.1"),
    ("rdiv", "(rdiv 3.0 x)", "x=1.7"),
    ("rdiv_product", "(rdiv 2.0 (* a b))", "a=0.8,b=1.9"),
    ("pow_const", "(pow x 2.6)", "x=1.4"),
    ("pow_cube", "(pow x 3.0)", "x=-2.0"),
    ("pow_neg", "(pow x -0.5)", "x=0.09"),
    ("pow_value", "(pow a b)", "a=1.3,b=0.7"),
    ("pow_value_expr", "(pow (+ a 1.0) (* a b))", "a=0.6,b=-1.4"),
    ("neg", "(* (neg x) (exp x))", "x=0.35"),
    ("relu_on", "(* (relu x) (relu x))", "x=1.5"),
    ("relu_off", "(+ (relu (- x 2.0)) (* x x))", "x=1.5"),
    ("relu_mix", "(* (relu (* a b)) (tanh b))", "a=0.8,b=1.1"),
    ("tanh", "(tanh x)", "x=0.6"),
    ("tanh_product", "(tanh (* a b))", "a=0.4,b=-1.3"),
    ("exp", "(exp (* a b))", "a=0.4,b=-1.3"),
    ("log", "(log x)", "x=2.2"),
    ("log_sum", "(log (+ (* a a) (* b b)))", "a=0.5,b=-1.5"),
    ("sigmoid", "(sigmoid x)", "x=-0.8"),
    ("sigmoid_product", "(sigmoid (* a (+ b 1.0)))", "a=0.9,b=-0.2"),
    ("sum", "(* (sum a b c) (sum a (* b c)))", "a=0.3,b=-0.8,c=1.6"),
    ("neuron_on", "(* (neuron b w1 x1 w2 x2) (neuron b w1 x1 w2 x2))",
     "b=0.1,w1=0.5,x1=0.9,w2=-0.4,x2=-1.1"),
    ("neuron_off", "(+ (neuron b w1 x1 w2 x2) (* w1 x2))", "b=-0.5,w1=0.5,x1=-0.9,w2=0.4,x2=0.3"),
    ("rosenbrock", "(+ (pow (rsub 1.0 x) 2.0) (* (pow (- y (pow x 2.0)) 2.0) 100.0))", "x=-1.2,y=1.0"),
    ("softplus", "(log (+ 1.0 (exp x)))", "x=-0.4"),
    ("reuse_twice", "(let ((u (* x y))) (+ (* u u) (tanh u)))", "x=0.3,y=-1.7"),
    ("mixed_all", "(/ (* (exp a) (sigmoid b)) (+ (tanh (* a c)) 2.0))", "a=0.2,b=-0.6,c=1.3"),
    ("neuron_chain", "(tanh (neuron b w1 (sigmoid x1) w2 (* x1 x2)))", "b=0.2,w1=-0.7,x1=0.4,w2=1.3,x2=0.8"),
]


def tokens(text):
    return text.replace("(", " ( ").replace(")", " ) ").split()


def read(ts):
    t = ts.pop(0)
    if t != "(":
        return t
    out = []
    while ts[0] != ")":
        out.append(read(ts))
    ts.pop(0)
    return out


def ev(node, env):
    if isinstance(node, str):
        return env[node] if node in env else float(node)
    head = node[0]
    if head == "let":
        inner = dict(env)
        for name, expr in node[1]:
            inner[name] = ev(expr, inner)
        return ev(node[2], inner)
    args = [ev(n, env) for n in node[1:]]
    unary = {"neg": lambda x: -x, "relu": torch.relu, "tanh": torch.tanh, "exp": torch.exp, "log": torch.log,
             "sigmoid": torch.sigmoid}
    if head in unary:
        return unary[head](args[0])
    if head == "sum":
        total = args[0]
        for a in args[1:]:
            total = total + a
        return total
    if head == "neuron":
        z = args[0]
        for w, x in zip(args[1::2], args[2::2]):
            z = z + w * x
        return torch.relu(z)
    a, b = args
    return {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "/": lambda: a / b,
            "pow": lambda: torch.pow(a, b), "rsub": lambda: a - b, "rdiv": lambda: a / b}[head]()


def main():
    lines = ["# id\texpr\tinputs\toutput\tgrads\thessian (rows in input order, ';' between rows)   "
             "(PyTorch " + torch.__version__ + " float64, torch.autograd.grad(create_graph=True); compare at "
             "relative 1e-10, or absolute 1e-12 where the expected value is below 1e-12)"]
    for cid, expr, inputs in CASES:
        names = [kv.split("=")[0] for kv in inputs.split(",")]
        values = [float(kv.split("=")[1]) for kv in inputs.split(",")]
        leaves = [torch.tensor(v, requires_grad=True) for v in values]
        out = ev(read(tokens(expr)), dict(zip(names, leaves)))
        grads = torch.autograd.grad(out, leaves, create_graph=True, allow_unused=True)
        grads = [g if g is not None else torch.tensor(0.0) for g in grads]
        rows = []
        for g in grads:
            if g.requires_grad:
                row = torch.autograd.grad(g, leaves, retain_graph=True, allow_unused=True)
                rows.append([r.item() if r is not None else 0.0 for r in row])
            else:
                rows.append([0.0] * len(leaves))
        lines.append("\t".join([
            cid, expr, inputs, repr(out.item()),
            ",".join(n + "=" + repr(g.item()) for n, g in zip(names, grads)),
            ";".join(",".join(repr(x) for x in row) for row in rows)]))
    with open("hessians.txt", "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
