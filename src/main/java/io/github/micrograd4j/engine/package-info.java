/**
 * The autograd engine: {@link io.github.micrograd4j.engine.Value}, one scalar node of a computation graph with
 * reverse-mode differentiation ({@code backward()}), custom operations ({@code Value.custom}), the
 * finite-difference checker {@link io.github.micrograd4j.engine.GradCheck}, the Graphviz exporter
 * {@link io.github.micrograd4j.engine.GraphDot} and the checked backward pass
 * {@link io.github.micrograd4j.engine.AnomalyMode}.
 */
package io.github.micrograd4j.engine;
