/**
 * Neural networks built from {@link io.github.micrograd4j.engine.Value}s, as in micrograd: {@link
 * io.github.micrograd4j.nn.Neuron}, {@link io.github.micrograd4j.nn.Layer} and {@link io.github.micrograd4j.nn.MLP}
 * (all {@link io.github.micrograd4j.nn.Module}s), their {@link io.github.micrograd4j.nn.Activation}s and
 * {@link io.github.micrograd4j.nn.Init}ialisations, mean-reduced {@link io.github.micrograd4j.nn.Losses}, and the
 * {@link io.github.micrograd4j.nn.Functions} a GPT is made of (softmax, RMS norm). Optimizers are in
 * {@code optim}, saving and loading in {@code io}, the multi-threaded trainer in {@code train}.
 */
package io.github.micrograd4j.nn;
