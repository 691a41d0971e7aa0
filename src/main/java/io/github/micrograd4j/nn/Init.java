package io.github.micrograd4j.nn;

/**
 * How a layer draws its initial weights. Every scheme draws {@code u = rng.nextDouble() * 2 - 1} (uniform on
 * [-1, 1)) once per weight, in {@link MLP#parameters()} order; biases start at 0 and draw nothing.
 */
public enum Init {
    /** {@code w = u}: micrograd's initialisation. */
    UNIFORM,
    /**
     * {@code w = u * nin^(-1/2)}: EurekaLabs micrograd's initialisation, which keeps the weighted sums of wide
     * layers near unit size. The factor is computed as {@code sqrt(1.0 / nin)}, exact for powers of two.
     */
    UNIFORM_FAN_IN;

    /**
     * Returns the factor applied to each uniform draw for a neuron with {@code nin} inputs.
     *
     * @param nin the number of inputs, &gt; 0
     * @return 1 for {@link #UNIFORM}, {@code sqrt(1 / nin)} for {@link #UNIFORM_FAN_IN}
     */
    public double scale(int nin) {
        return this == UNIFORM ? 1.0 : Math.sqrt(1.0 / nin);
    }
}
