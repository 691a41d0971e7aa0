package micrograd;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("task3.4")
@DisplayName("Task 3.4  zero the grads                  Value.zeroGrad")
class Task3_4ZeroGradTest {

    @Test
    @Order(1)
    @DisplayName("zeroGrad sets the given values' grads to 0, and only theirs")
    void zeroes() {
        Value a = new Value(1);
        Value b = new Value(2);
        Value c = new Value(3);
        a.setGrad(5);
        b.setGrad(-1);
        c.setGrad(7);
        Value.zeroGrad(List.of(a, b));
        Expect.exactly("a.grad() after zeroGrad(a, b)", 0.0, a.grad(), "for each value: setGrad(0)");
        Expect.exactly("b.grad() after zeroGrad(a, b)", 0.0, b.grad(), "for each value: setGrad(0)");
        Expect.exactly("c.grad() after zeroGrad(a, b): c was not given", 7.0, c.grad(), "zero only the values given");
        Expect.exactly("a.data() after zeroGrad: data is not a gradient", 1.0, a.data(), "setGrad(0), not setData");
    }

    @Test
    @Order(2)
    @DisplayName("grads add up across backward passes; zeroGrad makes the second pass right again")
    void twoPasses() {
        Value x = new Value(3);
        Value y = x.mul(x);
        y.backward();
        y.backward();
        Expect.exactly("x.grad() after two backward() passes of y = x * x at x = 3, not zeroed", 12.0, x.grad(),
                "this is why training zeroes: the leaves' grads add up pass after pass (2x = 6 twice)");
        Value.zeroGrad(List.of(x));
        y.backward();
        Expect.exactly("x.grad() after zeroGrad, then one backward() of y = x * x at x = 3", 6.0, x.grad(),
                "zeroGrad sets the grads to 0; then the pass adds dy/dx = 2x = 6 once");
    }

    @Test
    @Order(3)
    @DisplayName("gradient descent on (x - 3)^2: x walks to 3 when each step zeroes first")
    void descent() {
        Value x = new Value(0);
        for (int step = 0; step < 60; step++) {
            Value loss = x.sub(3).pow(2);
            Value.zeroGrad(List.of(x));
            loss.backward();
            x.setData(x.data() - 0.1 * x.grad());
            if (step == 1) {
                // step 0: grad 2(0 - 3) = -6, x = 0.6; step 1: grad 2(0.6 - 3) = -4.8, x = 1.08
                Expect.close("x after two steps of x -= 0.1 * grad from x = 0", 1.08, x.data(), 1e-12,
                        "zero the grad before each backward(): without it step 1 would use -6 - 4.8 = -10.8");
            }
        }
        Expect.close("x after 60 steps of gradient descent on (x - 3)^2", 3.0, x.data(), 1e-4,
                "each step: zeroGrad, backward, x -= lr * grad");
    }
}
