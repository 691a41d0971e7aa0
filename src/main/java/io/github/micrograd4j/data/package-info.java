/**
 * Small data sets and their loading: micrograd's {@link io.github.micrograd4j.data.Moons}, EurekaLabs
 * micrograd's {@link io.github.micrograd4j.data.YinYang} with its {@link io.github.micrograd4j.data.XorShift64Star}
 * generator, and {@link io.github.micrograd4j.data.Csv} tables as {@link io.github.micrograd4j.data.Dataset}s.
 */
package io.github.micrograd4j.data;
