/**
 * micrograd4j: a tiny scalar reverse-mode autograd engine ({@code engine}) with a small neural-network library
 * ({@code nn}), optimizers ({@code optim}) and data sets ({@code data}) on top. No dependencies.
 */
module io.github.micrograd4j {
    exports io.github.micrograd4j.engine;
    exports io.github.micrograd4j.viz;
    exports io.github.micrograd4j.nn;
    exports io.github.micrograd4j.optim;
    exports io.github.micrograd4j.data;
}
