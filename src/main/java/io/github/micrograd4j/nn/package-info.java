/**
 * Neural networks built from {@link io.github.micrograd4j.engine.Value}s, as in micrograd: {@link
 * io.github.micrograd4j.nn.Neuron}, {@link io.github.micrograd4j.nn.Layer} and {@link io.github.micrograd4j.nn.MLP}
 * (all {@link io.github.micrograd4j.nn.Module}s), their {@link io.github.micrograd4j.nn.Activation}s and
 * {@link io.github.micrograd4j.nn.Init}ialisations, and mean-reduced {@link io.github.micrograd4j.nn.Losses}.
 * A trained {@link io.github.micrograd4j.nn.MLP} goes on elsewhere: {@link io.github.micrograd4j.io.Onnx} writes it
 * as an ONNX model for ONNX Runtime, {@link io.github.micrograd4j.io.Safetensors} moves its weights to and from
 * PyTorch.
 */
package io.github.micrograd4j.nn;
