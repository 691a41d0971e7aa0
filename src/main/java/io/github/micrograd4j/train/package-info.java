/**
 * Training loops that are more than forward, backward and step: {@link io.github.micrograd4j.train.Trainer}
 * trains an MLP on mini-batches split over threads, each shard's graph recorded once on a tape, with the same
 * numbers whatever the number of threads.
 */
package io.github.micrograd4j.train;
