/**
 * Optimizers that update parameters from their gradients: {@link io.github.micrograd4j.optim.SGD} (with
 * momentum and weight decay) and {@link io.github.micrograd4j.optim.Adam} (with decoupled weight decay, AdamW).
 */
package io.github.micrograd4j.optim;
