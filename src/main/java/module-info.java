/**
 * micrograd4j: a tiny scalar reverse-mode autograd engine with a small neural-network library on top, in packages
 * by concern: {@code engine} (values, operations, backward, tapes), {@code viz} (pictures of a graph), {@code nn}
 * (neurons, layers, losses), {@code optim} (optimizers), {@code train} (mini-batches on every core), {@code io}
 * (model files) and {@code data} (data sets). No dependencies.
 */
module io.github.micrograd4j {
    exports io.github.micrograd4j.engine;
    exports io.github.micrograd4j.viz;
    exports io.github.micrograd4j.nn;
    exports io.github.micrograd4j.optim;
    exports io.github.micrograd4j.train;
    exports io.github.micrograd4j.io;
    exports io.github.micrograd4j.data;
}
