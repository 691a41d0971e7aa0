/**
 * The autograd engine. {@link io.github.micrograd4j.engine.Value} is one scalar node of a computation graph: each
 * operation ({@code add}, {@code mul}, {@code pow}, {@code tanh}, ...) returns a new value that remembers its
 * operands and its local derivatives, and {@code backward()} applies the chain rule from a root to the leaves in
 * one topological order. Every operation, built in or the user's own {@link io.github.micrograd4j.engine.CustomOp},
 * is one definition (its value, its partials as numbers and as values, its formula), so each is differentiated the
 * same way everywhere: by {@code backward()}, by a {@link io.github.micrograd4j.engine.Tape} that records a graph
 * once and replays it on flat arrays, and by {@link io.github.micrograd4j.engine.Autograd} for derivatives of
 * derivatives. {@link io.github.micrograd4j.engine.Linear} is a layer of weighted sums as one node;
 * {@link io.github.micrograd4j.engine.GradCheck} compares gradients with finite differences and
 * {@link io.github.micrograd4j.engine.AnomalyMode} finds the first node that makes a NaN.
 */
package io.github.micrograd4j.engine;
