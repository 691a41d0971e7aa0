package io.github.micrograd4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What only a leaf may do, and what a leaf has: data that may change, no backward order. */
@DisplayName("Leaves: only a leaf's data may change; a leaf has no backward order")
class LeafRulesTest {

    @Test
    @DisplayName("setData on a computed value fails and names its op; on a leaf it changes the data")
    void setData() {
        Value x = new Value(1.0);
        Value y = x.mul(2.0);
        assertThatThrownBy(() -> y.setData(5.0)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("setData on a computed value (op \"*\")");
        assertThat(y.data()).isEqualTo(2.0);
        Value row = new Linear(new Value[][] {{new Value(1.0)}}, null, false).apply(x)[0];
        assertThatThrownBy(() -> row.setData(5.0)).isInstanceOf(IllegalStateException.class);
        x.setData(3.0);
        assertThat(x.data()).isEqualTo(3.0);
    }

    @Test
    @DisplayName("a leaf's backward order is empty; a node's starts with itself")
    void backwardOrder() {
        Value x = new Value(1.0);
        assertThat(x.backwardOrder()).isEmpty();
        Value y = x.mul(2.0).add(1.0);
        assertThat(y.backwardOrder()).hasSize(2).first().isSameAs(y);
        assertThat(List.copyOf(y.backwardOrder()).get(1).op()).isEqualTo("*");
    }
}
