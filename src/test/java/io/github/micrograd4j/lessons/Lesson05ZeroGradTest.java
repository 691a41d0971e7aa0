package io.github.micrograd4j.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.nn.MLP;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Lesson 5. Because gradients accumulate (Lesson 3), a parameter's grad keeps growing across training steps
 * unless it is reset. Every step is: forward, loss, zeroGrad, backward, update.
 */
@DisplayName("Lesson 5: zero the gradients before each backward")
class Lesson05ZeroGradTest {

    @Test
    @DisplayName("two backward passes without zeroing give twice the gradient")
    void forgetting() {
        Value w = new Value(3.0);
        w.mul(4).backward();
        w.mul(4).backward();                // a new graph, same parameter
        assertThat(w.grad()).isEqualTo(8.0);     // 4 + 4: the old gradient is still there
    }

    @Test
    @DisplayName("zeroGrad between steps leaves exactly this step's gradient")
    void zeroing() {
        MLP model = new MLP(new Random(1), 2, 3, 1);
        model.apply(1.0, 2.0).get(0).backward();
        double[] first = model.parameters().stream().mapToDouble(Value::grad).toArray();

        model.zeroGrad();
        model.apply(1.0, 2.0).get(0).backward();
        double[] second = model.parameters().stream().mapToDouble(Value::grad).toArray();
        assertThat(second).containsExactly(first);   // same input, same gradient: nothing left over

        model.apply(1.0, 2.0).get(0).backward();     // and without zeroing: doubled
        assertThat(model.parameters().get(0).grad()).isEqualTo(2 * first[0]);
    }
}
