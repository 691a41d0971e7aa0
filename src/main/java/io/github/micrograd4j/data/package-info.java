/**
 * Small data sets and their loading: micrograd's {@link io.github.micrograd4j.data.Moons}, EurekaLabs
 * micrograd's {@link io.github.micrograd4j.data.YinYang} with its {@link io.github.micrograd4j.data.XorShift64Star}
 * generator, scikit-learn's {@link io.github.micrograd4j.data.Digits}, makemore's
 * {@link io.github.micrograd4j.data.Names} (and any file of one document a line), {@link io.github.micrograd4j.data.Csv}
 * tables as {@link io.github.micrograd4j.data.Dataset}s, and CPython's {@code random} module as
 * {@link io.github.micrograd4j.data.PythonRandom}.
 */
package io.github.micrograd4j.data;
