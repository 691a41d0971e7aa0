/**
 * Pictures of a computation graph: {@link io.github.micrograd4j.viz.GraphDot} writes it for Graphviz (micrograd's
 * {@code draw_dot}), {@link io.github.micrograd4j.viz.GraphHtml} writes a self-contained web page that steps
 * through the backward pass node by node, each with its formula and the numbers that went into it.
 */
package io.github.micrograd4j.viz;
