package micrograd;

import java.util.List;

/** Anything with parameters to learn: micrograd's {@code Module}. */
public interface Module {

    /**
     * Returns the parameters, in a fixed order.
     *
     * @return the parameters
     */
    List<Value> parameters();

    /** Task 4.3. Sets the grad of every parameter to 0 (before each backward pass of training). */
    default void zeroGrad() {
        Value.zeroGrad(parameters());
    }
}
