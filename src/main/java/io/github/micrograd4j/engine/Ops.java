package io.github.micrograd4j.engine;

/**
 * The built-in operations, each defined once, side by side: its name, what it computes and the text of its
 * derivative (for the pictures), its value, its local derivative as a number (given the operand, the constant and
 * the value {@code y}), and the same derivative as a graph ({@code g} times it, for {@link Autograd}), built from
 * the operand nodes alone, so that it reads the operands as they are when {@code Autograd} runs. {@link Value}'s methods make
 * nodes with them, {@link Tape} replays them, {@link Autograd} differentiates them and the pictures print them.
 * Adding an operation means adding it here and a method to {@code Value} that makes its node.
 */
final class Ops {

    private Ops() {
    }

    // ---- one operand and a constant c: value(x, c), partial(x, c, y) = d(value)/dx, chain(g, x, c, y) ----------

    static final Op.Unary ADD_C = new Op.Unary("+", "x0 + c", "1") {
        double value(double x, double c) { return x + c; }
        double partial(double x, double c, double y) { return 1.0; }
        Value chain(Value g, Value x, double c, Value y) { return g; }
    };

    static final Op.Unary SUB_C = new Op.Unary("-", "x0 - c", "1") {
        double value(double x, double c) { return x - c; }
        double partial(double x, double c, double y) { return 1.0; }
        Value chain(Value g, Value x, double c, Value y) { return g; }
    };

    static final Op.Unary RSUB = new Op.Unary("rsub", "c - x0", "-1") {
        double value(double x, double c) { return c - x; }
        double partial(double x, double c, double y) { return -1.0; }
        Value chain(Value g, Value x, double c, Value y) { return g.neg(); }
    };

    static final Op.Unary MUL_C = new Op.Unary("*", "x0 * c", "c") {
        double value(double x, double c) { return x * c; }
        double partial(double x, double c, double y) { return c; }
        Value chain(Value g, Value x, double c, Value y) { return g.mul(c); }
    };

    static final Op.Unary DIV_C = new Op.Unary("/", "x0 / c", "1/c") {
        double value(double x, double c) { return x / c; }
        double partial(double x, double c, double y) { return 1.0 / c; }
        Value chain(Value g, Value x, double c, Value y) { return g.mul(1.0 / c); }
    };

    static final Op.Unary RDIV = new Op.Unary("rdiv", "c / x0", "-c/x0²") {
        double value(double x, double c) { return c / x; }
        double partial(double x, double c, double y) { return -y / x; }                      // -c/x^2
        Value chain(Value g, Value x, double c, Value y) { return g.mul(x.rdiv(c).div(x)).neg(); }
    };

    static final Op.Unary POW_C = new Op.Unary("**", "x0 ** c", "k·x0^(k-1), k = c") {
        double value(double x, double c) { return Math.pow(x, c); }
        double partial(double x, double c, double y) { return c == 0 ? 0.0 : c * Math.pow(x, c - 1); }
        Value chain(Value g, Value x, double c, Value y) { return c == 0 ? null : g.mul(x.pow(c - 1).mul(c)); }
    };

    static final Op.Unary NEG = new Op.Unary("neg", "-x0", "-1") {
        double value(double x, double c) { return -x; }
        double partial(double x, double c, double y) { return -1.0; }
        Value chain(Value g, Value x, double c, Value y) { return g.neg(); }
    };

    static final Op.Unary RELU = new Op.Unary("relu", "relu(x0)", "(x0 > 0 ? 1 : 0)") {
        double value(double x, double c) { return Math.max(0.0, x); }
        double partial(double x, double c, double y) { return x <= 0 ? 0.0 : 1.0; }          // NaN passes
        Value chain(Value g, Value x, double c, Value y) { return g.mul(x.step()); }
    };

    static final Op.Unary TANH = new Op.Unary("tanh", "tanh(x0)", "1 - y²") {
        double value(double x, double c) { return Math.tanh(x); }
        double partial(double x, double c, double y) { return 1 - y * y; }
        Value chain(Value g, Value x, double c, Value y) { Value t = x.tanh(); return g.mul(t.mul(t).rsub(1.0)); }
    };

    static final Op.Unary EXP = new Op.Unary("exp", "exp(x0)", "y") {
        double value(double x, double c) { return Math.exp(x); }
        double partial(double x, double c, double y) { return y; }
        Value chain(Value g, Value x, double c, Value y) { return g.mul(x.exp()); }
    };

    static final Op.Unary LOG = new Op.Unary("log", "log(x0)", "1/x0") {
        double value(double x, double c) { return Math.log(x); }
        double partial(double x, double c, double y) { return 1.0 / x; }
        Value chain(Value g, Value x, double c, Value y) { return g.div(x); }
    };

    static final Op.Unary SIGMOID = new Op.Unary("sigmoid", "sigmoid(x0)", "y·(1 - y)") {
        double value(double x, double c) {
            return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));        // never overflows
        }
        double partial(double x, double c, double y) { return y * (1 - y); }
        Value chain(Value g, Value x, double c, Value y) { Value s = x.sigmoid(); return g.mul(s.mul(s.rsub(1.0))); }
    };

    /** ReLU's derivative as a node (for {@link Autograd}): 1 where x &gt; 0 (or NaN), else 0; its own slope is 0. */
    static final Op.Unary STEP = new Op.Unary("step", "(x0 > 0 ? 1 : 0)", "0") {
        double value(double x, double c) { return x <= 0 ? 0.0 : 1.0; }
        double partial(double x, double c, double y) { return 0.0; }
        Value chain(Value g, Value x, double c, Value y) { return null; }
    };

    // ---- two operands: value(a, b), partialA and partialB, chainA and chainB -------------------------------------

    static final Op.Binary ADD = new Op.Binary("+", "x0 + x1", "1", "1") {
        double value(double a, double b) { return a + b; }
        double partialA(double a, double b, double y) { return 1.0; }
        double partialB(double a, double b, double y) { return 1.0; }
        Value chainA(Value g, Value a, Value b, Value y) { return g; }
        Value chainB(Value g, Value a, Value b, Value y) { return g; }
    };

    static final Op.Binary SUB = new Op.Binary("-", "x0 - x1", "1", "-1") {
        double value(double a, double b) { return a - b; }
        double partialA(double a, double b, double y) { return 1.0; }
        double partialB(double a, double b, double y) { return -1.0; }
        Value chainA(Value g, Value a, Value b, Value y) { return g; }
        Value chainB(Value g, Value a, Value b, Value y) { return g.neg(); }
    };

    static final Op.Binary MUL = new Op.Binary("*", "x0 * x1", "x1", "x0") {
        double value(double a, double b) { return a * b; }
        double partialA(double a, double b, double y) { return b; }
        double partialB(double a, double b, double y) { return a; }
        Value chainA(Value g, Value a, Value b, Value y) { return g.mul(b); }
        Value chainB(Value g, Value a, Value b, Value y) { return g.mul(a); }
    };

    static final Op.Binary DIV = new Op.Binary("/", "x0 / x1", "1/x1", "-y/x1") {
        double value(double a, double b) { return a / b; }
        double partialA(double a, double b, double y) { return 1.0 / b; }
        double partialB(double a, double b, double y) { return -y / b; }                     // -a/b^2
        Value chainA(Value g, Value a, Value b, Value y) { return g.div(b); }
        Value chainB(Value g, Value a, Value b, Value y) { return g.mul(a.div(b)).div(b).neg(); }
    };

    static final Op.Binary POW = new Op.Binary("**", "x0 ** x1", "x1·x0^(x1-1)", "y·ln(x0)") {
        double value(double a, double b) { return Math.pow(a, b); }
        double partialA(double a, double b, double y) { return b == 0 ? 0.0 : b * Math.pow(a, b - 1); }
        double partialB(double a, double b, double y) { return a == 0 && b >= 0 ? 0.0 : y * Math.log(a); }
        Value chainA(Value g, Value a, Value b, Value y) { return g.mul(b.mul(a.pow(b.sub(1.0)))); }
        Value chainB(Value g, Value a, Value b, Value y) { return g.mul(a.pow(b).mul(a.log())); }
    };

    // ---- any number of operands --------------------------------------------------------------------------------

    /** {@code x0 + x1 + ...}, added from 0 in order (as Python's {@code sum}); every partial is 1. */
    static final Op SUM = new Op("sum") {
        double value(double[] x, double c) {
            double total = 0.0;
            for (double xi : x) {
                total += xi;
            }
            return total;
        }

        void partials(double[] x, double c, double y, double[] out, int at) {
            java.util.Arrays.fill(out, at, at + x.length, 1.0);
        }

        void chain(Value g, Value[] x, double c, Value y, boolean[] wanted, Value[] shares) {
            for (int i = 0; i < x.length; i++) {
                shares[i] = wanted[i] ? g : null;
            }
        }

        String expression(int n, double c) {
            StringBuilder s = new StringBuilder("x0");
            for (int i = 1; i < n; i++) {
                s.append(" + x").append(i);
            }
            return s.toString();
        }

        String formula(int i, int n, double c) {
            return "1";
        }
    };

    /**
     * {@code a·b = a0*b0 + a1*b1 + ...} over the operands {@code a0..a(m-1), b0..b(m-1)} ({@code n = 2m}), added from
     * 0 in order; the partial of each factor is the other one.
     */
    static final Op DOT = new Op("dot") {
        double value(double[] x, double c) {
            int m = x.length / 2;
            double total = 0.0;
            for (int i = 0; i < m; i++) {
                total += x[i] * x[m + i];
            }
            return total;
        }

        void partials(double[] x, double c, double y, double[] out, int at) {
            int m = x.length / 2;
            for (int i = 0; i < m; i++) {
                out[at + i] = x[m + i];
                out[at + m + i] = x[i];
            }
        }

        void chain(Value g, Value[] x, double c, Value y, boolean[] wanted, Value[] shares) {
            int m = x.length / 2;
            for (int i = 0; i < m; i++) {
                shares[i] = wanted[i] ? g.mul(x[m + i]) : null;
                shares[m + i] = wanted[m + i] ? g.mul(x[i]) : null;
            }
        }

        String expression(int n, double c) {
            int m = n / 2;
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < m; i++) {
                s.append(i == 0 ? "" : " + ").append('x').append(i).append('·').append('x').append(m + i);
            }
            return s.toString();
        }

        String formula(int i, int n, double c) {
            int m = n / 2;
            return "x" + (i < m ? m + i : i - m);
        }
    };
}
