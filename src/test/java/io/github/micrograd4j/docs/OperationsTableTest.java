package io.github.micrograd4j.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.micrograd4j.engine.Value;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README's table of operations lists every operation that {@link Value} makes: a new operation added to the
 * engine (its definition and its method on {@code Value}) fails here until the README has its row.
 */
@DisplayName("The README's operations table lists every operation Value makes")
class OperationsTableTest {

    /** The names of Value's public methods that make a new node. */
    static Set<String> operations() {
        Set<String> names = new TreeSet<>();
        for (Method m : Value.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && m.getReturnType() == Value.class) {
                names.add(m.getName());
            }
        }
        return names;
    }

    /** The first cells of the README's operations table, the one whose header starts with "| operation |". */
    static List<String> rows() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("| operation |")).findFirst()
                .orElseThrow(() -> new AssertionError("README.md has no table whose header starts with | operation |")));
        return lines.subList(header + 2, lines.size()).stream().takeWhile(l -> l.startsWith("|"))
                .map(l -> l.split("\\|")[1].trim()).collect(Collectors.toList());
    }

    @Test
    @DisplayName("a row for each of add, sub, rsub, mul, div, rdiv, pow, neg, relu, tanh, exp, log, sigmoid, sum, dot")
    void everyOperationHasARow() throws IOException {
        Set<String> operations = operations();
        assertThat(operations).contains("add", "mul", "pow", "relu", "tanh", "exp", "log", "sum", "dot");
        List<String> rows = rows();
        for (String op : operations) {
            assertThat(rows).as("the README's operations table has no row for Value.%s", op)
                    .anyMatch(cell -> cell.contains("." + op + "("));
        }
    }
}
