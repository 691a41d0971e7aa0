/**
 * Saving and loading models: {@link io.github.micrograd4j.io.ModelFile} stores an MLP with its sizes and
 * activations in one file, {@link io.github.micrograd4j.io.Safetensors} moves its weights to and from PyTorch's
 * format, and {@link io.github.micrograd4j.io.Onnx} writes it as an ONNX model that ONNX Runtime runs.
 */
package io.github.micrograd4j.io;
