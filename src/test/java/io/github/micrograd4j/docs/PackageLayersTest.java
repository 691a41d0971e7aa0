package io.github.micrograd4j.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The packages' layers, read from the imports (and fully qualified names) of the library's sources: {@code engine}
 * and {@code data} stand alone, {@code nn}, {@code optim} and {@code viz} build on {@code engine} only, {@code train}
 * and {@code io} on {@code engine} and {@code nn}. A new import across these lines fails here.
 */
@DisplayName("Each package uses only the packages below it (engine and data at the bottom)")
class PackageLayersTest {

    private static final Path SOURCES = Path.of("src/main/java/io/github/micrograd4j");
    private static final Pattern USE = Pattern.compile("io\\.github\\.micrograd4j\\.(\\w+)\\.[A-Z]");

    static final Map<String, Set<String>> ALLOWED = Map.of(
            "engine", Set.of(),
            "data", Set.of(),
            "nn", Set.of("engine"),
            "optim", Set.of("engine"),
            "viz", Set.of("engine"),
            "train", Set.of("engine", "nn"),
            "io", Set.of("engine", "nn"));

    @Test
    @DisplayName("the imports follow the layers, and every package is in them")
    void layers() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                String pkg = SOURCES.relativize(file).getName(0).toString();
                if (pkg.endsWith(".java")) {
                    continue;                                  // module-level files, if any
                }
                Set<String> used = uses.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = USE.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        assertThat(uses.keySet()).containsExactlyInAnyOrderElementsOf(ALLOWED.keySet());
        uses.forEach((pkg, used) -> assertThat(used).as("the packages %s uses", pkg).isSubsetOf(ALLOWED.get(pkg)));
    }
}
