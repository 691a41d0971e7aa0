package io.github.micrograd4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * makemore's names: 32,033 lowercase first names, one document each, the data set on which Karpathy's makemore and
 * microgpt learn to make up names; shipped with the library as a 103 KB compressed resource. {@link #load(Path)}
 * reads any other text file of one document a line the same way.
 *
 * <pre>{@code
 * List<String> docs = new ArrayList<>(Names.load());   // emma, olivia, ava, ...
 * new PythonRandom(42).shuffle(docs);                  // microgpt's order
 * System.out.println(docs.subList(0, 3));              // [yuheng, diondre, xavien]
 * }</pre>
 *
 * <h2>Source and licence</h2>
 * The names are makemore's {@code names.txt} (Andrej Karpathy,
 * <a href="https://github.com/karpathy/makemore">github.com/karpathy/makemore</a>, MIT licence; the most common
 * names of 2018 from the U.S. Social Security Administration), unchanged. See the repository's NOTICE file.
 */
public final class Names {

    /** The number of names in {@link #load()}. */
    public static final int SIZE = 32_033;

    private static final String RESOURCE = "names.txt.gz";

    private Names() {
    }

    /**
     * Returns makemore's 32,033 names in the file's order (the first are emma, olivia, ava).
     *
     * @return an unmodifiable list
     */
    public static List<String> load() {
        try (InputStream raw = Names.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the micrograd4j jar");
            }
            return documents(new String(new GZIPInputStream(raw).readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the documents of a UTF-8 text file, one a line, by microgpt's rule
     * {@code [line.strip() for line in open(file) if line.strip()]}: each line (ended by {@code \n}, {@code \r\n}
     * or {@code \r}, as Python's universal newlines end them) loses its leading and trailing whitespace, and lines
     * left empty are skipped. Whitespace is Python's ({@code str.isspace}): {@link Character#isWhitespace(int)}'s
     * characters and the no-break spaces U+00A0, U+2007 and U+202F and U+0085 (next line).
     *
     * @param file the file
     * @return the documents in file order, an unmodifiable list (empty if the file has none)
     * @throws IOException if the file cannot be read or is not UTF-8
     */
    public static List<String> load(Path file) throws IOException {
        Objects.requireNonNull(file, "file == null");
        return documents(Files.readString(file));
    }

    /** The text's lines (ended by \n, \r\n or \r), stripped, the empty ones left out: microgpt's docs. */
    private static List<String> documents(String text) {
        List<String> docs = new ArrayList<>();
        for (int from = 0, end; from < text.length(); from = end + 1) {
            end = text.indexOf('\n', from);
            end = end < 0 ? text.length() : end;
            for (String line : text.substring(from, end).split("\r")) {   // a lone \r ends a line too
                String doc = strip(line);
                if (!doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return List.copyOf(docs);
    }

    /** Returns {@code s.strip()} as Python strips: without its leading and trailing {@link #isSpace} characters. */
    static String strip(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isSpace(s.charAt(from))) {
            from++;
        }
        while (to > from && isSpace(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    /** Python's {@code str.isspace()} for one character (all such characters are in the BMP). */
    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || c == '\u00a0' || c == '\u2007' || c == '\u202f' || c == '\u0085';
    }
}
