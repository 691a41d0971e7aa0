/**
 * The autograd engine: {@link io.github.micrograd4j.engine.Value}, one scalar node of a computation graph with
 * reverse-mode differentiation ({@code backward()}); custom operations ({@code Value.custom} for one point,
 * {@link io.github.micrograd4j.engine.CustomOp} for operations a tape can replay);
 * {@link io.github.micrograd4j.engine.Tape}, which records a graph once and replays it on flat arrays; the
 * finite-difference checker {@link io.github.micrograd4j.engine.GradCheck}; the Graphviz exporter
 * {@link io.github.micrograd4j.engine.GraphDot}, the step-by-step backpropagation page
 * {@link io.github.micrograd4j.engine.GraphHtml}; and the checked backward pass
 * {@link io.github.micrograd4j.engine.AnomalyMode}.
 */
package io.github.micrograd4j.engine;
