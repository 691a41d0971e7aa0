package io.github.micrograd4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Names: makemore's names, and any file of one document a line read as microgpt reads it")
class NamesTest {

    /** sha256 of the names joined by "\n", from CPython: makemore's names.txt read by microgpt's rule. */
    static final String NAMES_SHA256 = "0a30b5557f192f32ab962680889aac5f6fda0f4cecf40a6d0b5694f58ea8cc4d";

    static String sha256(List<String> docs) throws NoSuchAlgorithmException {
        byte[] joined = String.join("\n", docs).getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(joined));
    }

    @Test
    @DisplayName("load() is makemore's 32,033 names in file order, emma first and zzyzx last, over a to z")
    void names() throws NoSuchAlgorithmException {
        List<String> names = Names.load();
        assertThat(names).hasSize(Names.SIZE).startsWith("emma", "olivia", "ava").endsWith("zyrie", "zyron", "zzyzx");
        assertThat(sha256(names)).isEqualTo(NAMES_SHA256);
        String letters = names.stream().flatMapToInt(String::chars).distinct().sorted()
                .mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining());
        assertThat(letters).isEqualTo("abcdefghijklmnopqrstuvwxyz");
        assertThatThrownBy(() -> names.add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("load(file) strips Python's whitespace, skips empty lines and ends lines at \\n, \\r\\n and \\r")
    void documentRule(@TempDir Path dir) throws IOException {
        // the same bytes give CPython's [line.strip() for line in open(f, encoding='utf-8') if line.strip()]:
        // ['emma', 'olivia', 'ava', 'mia', 'zo\xeb  lee', '\U0001f600x', 'last']
        Path file = dir.resolve("docs.txt");
        Files.write(file, ("emma\r\n  olivia\t\r\rava \n\n   \n\u00a0mia\u2007\n\u0085\u3000zo\u00eb  lee\u202f\n"
                + "\ud83d\ude00x\n\u001c\u001f\u000b\u000c\nlast").getBytes(StandardCharsets.UTF_8));
        assertThat(Names.load(file)).containsExactly("emma", "olivia", "ava", "mia", "zo\u00eb  lee", "\ud83d\ude00x",
                "last");
    }

    @Test
    @DisplayName("Python's whitespace is Java's plus the no-break spaces and U+0085, over the whole BMP")
    void pythonWhitespace() {
        // CPython: [hex(c) for c in range(0x110000) if chr(c).isspace()]
        List<Integer> python = List.of(0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
                0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029,
                0x202f, 0x205f, 0x3000);
        for (int c = 0; c <= 0xffff; c++) {
            assertThat(Names.isSpace((char) c)).as("U+%04X", c).isEqualTo(python.contains(c));
        }
    }

    @Test
    @DisplayName("an empty or blank file has no documents; a missing or non-UTF-8 file throws")
    void emptyAndBad(@TempDir Path dir) throws IOException {
        Path empty = Files.write(dir.resolve("empty.txt"), new byte[0]);
        Path blank = Files.write(dir.resolve("blank.txt"), " \n\t\r\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(Names.load(empty)).isEmpty();
        assertThat(Names.load(blank)).isEmpty();
        assertThatThrownBy(() -> Names.load(dir.resolve("missing.txt"))).isInstanceOf(NoSuchFileException.class);
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'z', 'o', (byte) 0xeb});
        assertThatThrownBy(() -> Names.load(latin1)).isInstanceOf(MalformedInputException.class);
        assertThatThrownBy(() -> Names.load(null)).isInstanceOf(NullPointerException.class).hasMessage("file == null");
    }
}
