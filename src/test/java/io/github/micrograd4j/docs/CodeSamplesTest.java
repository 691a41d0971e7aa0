package io.github.micrograd4j.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles every Java sample of the documentation against the library, so that no sample can stop compiling
 * unnoticed: the {@code ```java} blocks of {@code README.md} and {@code docs/*.md}, and the
 * {@code <pre>{@code ...}</pre>} blocks in the Javadoc of every public type under {@code src/main/java}.
 *
 * <p>How a sample is read (the rules for whoever writes one):
 * <ul>
 * <li>Every Markdown fence names its language ({@code ```java}, {@code ```sh}, {@code ```text},
 *     {@code ```xml}, {@code ```kotlin}, ...); only {@code java} blocks are compiled, and a fence without a
 *     language fails this test, so that no Java block is skipped by accident.</li>
 * <li>A sample may start with {@code import} lines. Then come statements, which are compiled as the body of a
 *     method that may throw any exception, and declarations (methods, classes, records, interfaces, enums
 *     starting at the sample's left margin), which are compiled as members of the class around that method.
 *     Every public type of the library is imported, and so are {@code java.util}, {@code java.util.function},
 *     {@code java.util.random}, {@code java.util.stream}, {@code java.io} and {@code java.nio.file}. Besides the
 *     library and the JDK, a sample may import ONNX Runtime ({@code ai.onnxruntime}, a test dependency).</li>
 * <li>A print statement with a trailing comment, {@code System.out.println(g.data());   // 24.7041}, states
 *     what it prints. A sample with at least one such line is also run: each of those lines must print a
 *     line that the comment contains as a whole word ({@code "24.7041"} in {@code "24.7041, the outcome"}),
 *     or that the comment matches when each {@code ...} in it stands for any text. Such a sample must print
 *     exactly one line per print statement.</li>
 * <li>A Markdown sample that goes on from the previous {@code java} block of the same file (after some prose)
 *     starts with the line {@code // continued}: it is compiled (and run) together with the blocks before it.</li>
 * <li>A sample that is deliberately incomplete starts with the line {@code // fragment: <why>}: it is
 *     listed, not compiled. Prefer a complete sample.</li>
 * </ul>
 * A failure names the file and line of the block and, for each compiler error, the file and line of the code.
 */
@DisplayName("Every Java sample in the README, docs/ and the Javadoc compiles (and prints what it says)")
class CodeSamplesTest {

    private static final Path ROOT = Path.of("");
    private static final Path MAIN_SOURCES = ROOT.resolve("src/main/java");
    private static final Path MAIN_CLASSES = ROOT.resolve("target/classes");

    private static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,}|~{3,})\\s*([^`\\s]*)(.*)$");
    private static final Pattern FRAGMENT = Pattern.compile("^//\\s*fragment\\b:?\\s*(.*)$");
    private static final Pattern CONTINUED = Pattern.compile("^//\\s*continued\\b.*");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?[\\w.]+(\\.\\*)?\\s*;\\s*$");
    private static final Pattern TYPE_DECLARATION = Pattern.compile(
            "^(@\\w+\\s+)*((public|protected|private|static|final|abstract|sealed|non-sealed|strictfp)\\s+)*"
                    + "(class|interface|enum|record|@interface)\\s+\\w+.*");
    private static final Pattern METHOD_DECLARATION = Pattern.compile(
            "^(@\\w+\\s+)*((public|protected|private|static|final|abstract|synchronized|default)\\s+)*"
                    + "(<[^>]+>\\s+)?[\\w.$]+(<[\\w.$<>, ?\\[\\]]*>)?(\\[\\])*\\s+(\\w+)\\s*\\(.*");
    private static final List<String> STATEMENT_KEYWORDS = List.of("return", "new", "throw", "else", "if", "for",
            "while", "do", "switch", "try", "catch", "synchronized", "yield", "var");
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^public\\s+((final|abstract|sealed|non-sealed|strictfp)\\s+)*(class|interface|enum|record|@interface)"
                    + "\\s+(\\w+)", Pattern.MULTILINE);
    /**
     * The libraries of the test classpath that samples may import besides this one (each named by one of its
     * classes): ONNX Runtime, which the README's "Serving it elsewhere" runs an exported model in.
     */
    private static final List<Class<?>> SAMPLE_LIBRARIES = List.of(ai.onnxruntime.OrtEnvironment.class);
    private static final List<String> JDK_IMPORTS = List.of("java.io.*", "java.nio.file.*", "java.util.*",
            "java.util.function.*", "java.util.random.*", "java.util.stream.*");

    /** One block of code and where each of its lines comes from. */
    record Sample(String file, int line, List<String> code, List<Integer> lines) {
        String where() {
            return file + ":" + line;
        }

        /** Returns the reason after a {@code // fragment:} first line, or null when the sample is complete. */
        String fragmentReason() {
            return code.stream().filter(l -> !l.isBlank()).findFirst()
                    .map(l -> FRAGMENT.matcher(l.strip()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1).strip())
                    .orElse(null);
        }
    }

    /** A fenced Markdown block: its language ("" when the fence names none) and its lines. */
    record Fence(String language, Sample sample) {
    }

    /** A sample wrapped as a compilation unit, with the origin of each generated line and the outputs it states. */
    record Wrapped(Sample sample, String className, String source, int[] origin, List<Expectation> expected,
                   int printStatements) {
    }

    /** A print statement's trailing comment: what the sample's {@code index}-th printed line must show. */
    record Expectation(int printIndex, int line, String comment) {
    }

    // ---------------------------------------------------------------------------------------------------------
    // the tests

    @TestFactory
    @DisplayName("each sample compiles, and a sample that states its output prints it")
    Stream<DynamicTest> samples(@TempDir Path out) throws IOException {
        List<Sample> samples = allSamples();
        List<Wrapped> wrapped = new ArrayList<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (Sample s : samples) {
            String reason = s.fragmentReason();
            if (reason != null) {
                tests.add(DynamicTest.dynamicTest(s.where() + " (a fragment: not compiled)", () -> assertThat(reason)
                        .as("%s: a '// fragment:' marker must say why the sample is incomplete", s.where())
                        .isNotBlank()));
            } else {
                wrapped.add(wrap(s, "Sample" + wrapped.size(), libraryImports()));
            }
        }
        Map<String, List<String>> errors = compileEach(wrapped, out);
        for (Wrapped w : wrapped) {
            tests.add(DynamicTest.dynamicTest(w.sample().where(), () -> {
                List<String> problems = errors.getOrDefault(w.className(), List.of());
                if (!problems.isEmpty()) {
                    fail(w.sample().where() + ": this java block does not compile:\n" + String.join("\n", problems));
                }
                if (!w.expected().isEmpty()) {
                    checkOutput(w, run(w, out));
                }
            }));
        }
        return tests.stream();
    }

    @Test
    @DisplayName("the samples are found: the README's, the docs' and the Javadoc's")
    void samplesAreFound() throws IOException {
        List<Sample> samples = allSamples();
        Map<String, Long> perFile = samples.stream().collect(Collectors.groupingBy(Sample::file, Collectors.counting()));
        assertThat(perFile.get("README.md")).as("java blocks in README.md").isGreaterThanOrEqualTo(2);
        assertThat(perFile).containsKeys("src/main/java/io/github/micrograd4j/engine/GradCheck.java",
                "src/main/java/io/github/micrograd4j/engine/Value.java", "src/main/java/io/github/micrograd4j/nn/MLP.java");
        assertThat(samples).hasSizeGreaterThanOrEqualTo(12);
        assertThat(samples).allSatisfy(s -> assertThat(s.code()).as(s.where()).isNotEmpty());
        Sample gradCheck = samples.stream().filter(s -> s.file().endsWith("GradCheck.java")).findFirst().orElseThrow();
        assertThat(gradCheck.code().get(0)).startsWith("GradCheck.Result r = GradCheck.check(");
        assertThat(gradCheck.lines().get(0)).isEqualTo(lineOf(MAIN_SOURCES.resolve("io/github/micrograd4j/engine/GradCheck.java"),
                "GradCheck.Result r = GradCheck.check("));
    }

    @Test
    @DisplayName("every Markdown fence names its language, so that no Java block goes unchecked")
    void fencesNameTheirLanguage() throws IOException {
        List<String> unnamed = new ArrayList<>();
        for (Path md : markdownFiles()) {
            for (Fence f : fences(name(md), Files.readAllLines(md))) {
                if (f.language().isEmpty()) {
                    unnamed.add(f.sample().where());
                }
            }
        }
        assertThat(unnamed).as("fences without a language (write ```sh, ```text, ```java, ...)").isEmpty();
    }

    @Test
    @DisplayName("only a block marked '// fragment: why' is left uncompiled, and the marker must say why")
    void fragmentsAreMarked() {
        List<Sample> samples = markdownSamples("F.md", List.of("```java", "// fragment: the loop body of the demo",
                "scores.add(model.apply(x).get(0));", "```", "```java", "//fragment", "x++;", "```", "```java",
                "// a fragment of nothing", "int x = 1;", "```"));
        assertThat(samples).extracting(Sample::fragmentReason).containsExactly("the loop body of the demo", "", null);
    }

    @Test
    @DisplayName("a '// continued' block is compiled with the java blocks before it")
    void continuedBlocks(@TempDir Path out) throws Exception {
        List<String> md = List.of("```java", "Value a = new Value(2);", "```", "Then:", "```java", "// continued",
                "System.out.println(a.mul(a).data());   // 4.0", "```");
        List<Sample> samples = markdownSamples("MORE.md", md);
        assertThat(samples).extracting(Sample::where).containsExactly("MORE.md:1", "MORE.md:5");
        assertThat(samples.get(1).lines()).containsExactly(2, 6, 7);
        Wrapped w = wrap(samples.get(1), "Continued", libraryImports());
        assertThat(compile(List.of(w), out)).isEmpty();
        checkOutput(w, run(w, out));
    }

    @Test
    @DisplayName("a sample that does not compile is reported with its file, its line and the compiler's message")
    void reportsWhereAndWhy(@TempDir Path out) {
        List<String> md = List.of("# Title", "", "```java", "Value a = new Value(1);", "Value b = a.mul(undefinedName);",
                "```", "", "```kotlin", "val x: Int = \"not java\"", "```");
        List<Fence> fences = fences("GUIDE.md", md);
        assertThat(fences).extracting(Fence::language).containsExactly("java", "kotlin");
        Wrapped w = wrap(fences.get(0).sample(), "Broken", libraryImports());
        List<String> problems = compile(List.of(w), out).get("Broken");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("  GUIDE.md:5: error: cannot find symbol")
                .contains("undefinedName").contains("Value b = a.mul(undefinedName);");
        assertThat(fences.get(0).sample().where()).isEqualTo("GUIDE.md:3");
    }

    @Test
    @DisplayName("GradCheck's old ambiguous call shape is caught: check(f, a, b) with a check(f, h, point...) overload")
    void catchesAnAmbiguousCall(@TempDir Path out) {
        List<String> javadoc = List.of("/**", " * <pre>{@code", " * class Checks {",
                " *     static double check(java.util.function.Function<List<Value>, Value> f, double... point) { return 0; }",
                " *     static double check(java.util.function.Function<List<Value>, Value> f, double h, double... point) { return h; }",
                " * }", " * double r = Checks.check(x -> x.get(0).mul(x.get(1)).tanh(), 0.3, -1.2);", " * }</pre>", " */");
        List<Sample> samples = javadocSamples("Old.java", javadoc);
        assertThat(samples).hasSize(1);
        Wrapped w = wrap(samples.get(0), "Old", libraryImports());
        assertThat(compile(List.of(w), out).get("Old")).singleElement().asString()
                .startsWith("  Old.java:7: error: reference to check is ambiguous");
    }

    @Test
    @DisplayName("a sample that prints something else than its comment says fails, naming the line")
    void checksPrintedOutput(@TempDir Path out) throws Exception {
        List<String> md = List.of("```java", "System.out.println(1 + 1);   // 2, the sum",
                "System.out.println(new Value(3).mul(2));   // Value(data=6.0, grad=...)",
                "System.out.printf(\"%.1f%n\", 0.25 * 2);   // 0.4", "```");
        Wrapped w = wrap(fences("OUT.md", md).get(0).sample(), "Printing", libraryImports());
        assertThat(w.expected()).extracting(Expectation::line).containsExactly(2, 3, 4);
        assertThat(compile(List.of(w), out)).doesNotContainKey("Printing");
        List<String> printed = run(w, out);
        assertThat(printed).containsExactly("2", "Value(data=6.0, grad=0.0)", "0.5");
        try {
            checkOutput(w, printed);
        } catch (AssertionError e) {
            assertThat(e.getMessage()).contains("OUT.md:4").contains("0.5").contains("0.4");
            return;
        }
        fail("the wrong output was not reported");
    }

    // ---------------------------------------------------------------------------------------------------------
    // finding the samples

    static List<Sample> allSamples() throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (Path md : markdownFiles()) {
            samples.addAll(markdownSamples(name(md), Files.readAllLines(md)));
        }
        for (Path java : publicSourceFiles()) {
            samples.addAll(javadocSamples(name(java), Files.readAllLines(java)));
        }
        return samples;
    }

    /** Returns the java blocks of a Markdown file, each "// continued" block joined to the ones before it. */
    static List<Sample> markdownSamples(String file, List<String> text) {
        List<Sample> samples = new ArrayList<>();
        Sample previous = null;
        for (Fence f : fences(file, text)) {
            if (!f.language().equalsIgnoreCase("java")) {
                continue;
            }
            Sample s = f.sample();
            boolean continued = s.code().stream().filter(l -> !l.isBlank()).findFirst()
                    .map(l -> CONTINUED.matcher(l.strip()).matches()).orElse(false);
            if (continued && previous != null) {
                List<String> code = new ArrayList<>(previous.code());
                code.addAll(s.code());
                List<Integer> lines = new ArrayList<>(previous.lines());
                lines.addAll(s.lines());
                s = new Sample(file, s.line(), code, lines);
            }
            samples.add(s);
            previous = s;
        }
        return samples;
    }

    private static List<Path> markdownFiles() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    private static List<Path> publicSourceFiles() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().filter(p -> {
                String name = p.getFileName().toString();
                return name.equals("package-info.java") || name.equals("module-info.java")
                        || PUBLIC_TYPE.matcher(read(p)).find();
            }).toList();
        }
    }

    /** Returns every fenced block of a Markdown file, with its language. */
    static List<Fence> fences(String file, List<String> text) {
        List<Fence> fences = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            Matcher open = FENCE.matcher(text.get(i));
            if (!open.matches()) {
                continue;
            }
            String indent = open.group(1);
            String marker = open.group(2);
            List<String> code = new ArrayList<>();
            List<Integer> lines = new ArrayList<>();
            int j = i + 1;
            for (; j < text.size(); j++) {
                String line = text.get(j);
                if (line.strip().startsWith(marker) && line.strip().replace(marker.substring(0, 1), "").isEmpty()) {
                    break;
                }
                code.add(line.startsWith(indent) ? line.substring(indent.length()) : line.stripLeading());
                lines.add(j + 1);
            }
            fences.add(new Fence(open.group(3), new Sample(file, i + 1, code, lines)));
            i = j;
        }
        return fences;
    }

    /** Returns the {@code <pre>{@code ...}</pre>} blocks of a source file's doc comments. */
    static List<Sample> javadocSamples(String file, List<String> text) {
        List<Sample> samples = new ArrayList<>();
        boolean inDoc = false;
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i);
            if (line.contains("/**")) {
                inDoc = true;
            }
            int start = line.indexOf("<pre>{@code");
            if (inDoc && start >= 0) {
                List<String> code = new ArrayList<>();
                List<Integer> lines = new ArrayList<>();
                String rest = line.substring(start + "<pre>{@code".length());
                int first = i + 1;
                int j = i;
                while (true) {
                    int end = rest.indexOf("}</pre>");
                    String content = end >= 0 ? rest.substring(0, end) : rest;
                    if (!content.isBlank() || (j > i && end < 0)) {
                        code.add(content);
                        lines.add(j + 1);
                    }
                    if (end >= 0 || ++j >= text.size()) {
                        break;
                    }
                    rest = text.get(j).replaceFirst("^\\s*\\*( |$)", "");
                }
                samples.add(new Sample(file, first, stripIndent(code), lines));
                i = j;
            }
            if (line.contains("*/")) {
                inDoc = false;
            }
        }
        return samples;
    }

    private static List<String> stripIndent(List<String> code) {
        int indent = code.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        return code.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }

    // ---------------------------------------------------------------------------------------------------------
    // wrapping, compiling, running

    /** Imports every public type of the library by name (so that, for example, nn.Module wins over java.lang's). */
    static List<String> libraryImports() {
        try {
            Map<String, List<String>> bySimpleName = new HashMap<>();
            for (Path p : publicSourceFiles()) {
                Matcher m = PUBLIC_TYPE.matcher(read(p));
                if (m.find()) {
                    String pkg = MAIN_SOURCES.relativize(p.getParent()).toString().replace(p.getFileSystem().getSeparator(), ".");
                    bySimpleName.computeIfAbsent(m.group(4), k -> new ArrayList<>()).add(pkg + "." + m.group(4));
                }
            }
            List<String> imports = new ArrayList<>();
            for (List<String> names : bySimpleName.values()) {
                if (names.size() == 1) {
                    imports.add(names.get(0));
                } else {                           // the same simple name in two packages: import both packages
                    names.forEach(n -> imports.add(n.substring(0, n.lastIndexOf('.')) + ".*"));
                }
            }
            imports.addAll(JDK_IMPORTS);
            return List.copyOf(new TreeSet<>(imports));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Splits a sample into imports, members and statements and wraps it as a public class with a run() method. */
    static Wrapped wrap(Sample s, String className, List<String> imports) {
        List<String> out = new ArrayList<>();
        List<Integer> origin = new ArrayList<>();
        for (String i : imports) {
            out.add("import " + i + ";");
            origin.add(-1);
        }
        List<String> code = s.code();
        int k = 0;
        for (; k < code.size(); k++) {
            String line = code.get(k);
            if (IMPORT.matcher(line.strip()).matches()) {
                out.add(line.strip());
                origin.add(s.lines().get(k));
            } else if (!line.isBlank()) {
                break;
            }
        }
        List<Integer> members = new ArrayList<>();
        List<Integer> statements = new ArrayList<>();
        while (k < code.size()) {
            String line = code.get(k);
            if (isDeclaration(line)) {
                int depth = 0;
                boolean opened = false;
                do {
                    String l = code.get(k);
                    depth += braceDelta(l);
                    opened |= l.contains("{") || l.strip().endsWith(";");
                    members.add(k++);
                } while (k < code.size() && !(opened && depth <= 0));
            } else {
                statements.add(k++);
            }
        }
        out.add("public class " + className + " {");
        origin.add(-1);
        for (int m : members) {
            out.add("    " + code.get(m));
            origin.add(s.lines().get(m));
        }
        out.add("    public void run() throws Exception {");
        origin.add(-1);
        List<Expectation> expected = new ArrayList<>();
        int prints = 0;
        for (int st : statements) {
            String line = code.get(st);
            out.add("        " + line);
            origin.add(s.lines().get(st));
            if (line.contains("System.out.print")) {
                String comment = trailingComment(line);
                if (comment != null && !comment.isBlank()) {
                    expected.add(new Expectation(prints, s.lines().get(st), comment.strip()));
                }
                prints++;
            }
        }
        out.add("    }");
        origin.add(-1);
        out.add("}");
        origin.add(-1);
        return new Wrapped(s, className, String.join("\n", out) + "\n",
                origin.stream().mapToInt(Integer::intValue).toArray(), expected, prints);
    }

    private static boolean isDeclaration(String line) {
        if (line.isBlank() || Character.isWhitespace(line.charAt(0))) {
            return false;
        }
        String l = line.strip();
        if (TYPE_DECLARATION.matcher(l).matches()) {
            return true;
        }
        Matcher m = METHOD_DECLARATION.matcher(l);
        if (!m.matches() || l.contains("=") || l.endsWith(";")) {
            return false;
        }
        String firstWord = l.split("[\\s(<]", 2)[0];
        return !STATEMENT_KEYWORDS.contains(firstWord) && !STATEMENT_KEYWORDS.contains(m.group(7));
    }

    /** Returns {@code {} count minus {@code }} count outside string and char literals and comments. */
    static int braceDelta(String line) {
        int delta = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipLiteral(line, i);
            } else if (line.startsWith("//", i)) {
                break;
            } else if (c == '{') {
                delta++;
            } else if (c == '}') {
                delta--;
            }
        }
        return delta;
    }

    /** Returns the text after {@code //} when the line ends with a comment outside any literal, else null. */
    static String trailingComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipLiteral(line, i);
            } else if (line.startsWith("//", i)) {
                return line.substring(i + 2);
            }
        }
        return null;
    }

    private static int skipLiteral(String line, int start) {
        char quote = line.charAt(start);
        for (int i = start + 1; i < line.length(); i++) {
            if (line.charAt(i) == '\\') {
                i++;
            } else if (line.charAt(i) == quote) {
                return i;
            }
        }
        return line.length();
    }

    /**
     * Compiles the samples and returns the errors of each that has any. javac writes no class at all when one
     * unit has an error (and a syntax error can hide the type errors of others), so the samples are compiled
     * again without those that failed until a run has no error: then every good sample has its class.
     */
    static Map<String, List<String>> compileEach(List<Wrapped> samples, Path out) {
        Map<String, List<String>> errors = new HashMap<>();
        List<Wrapped> remaining = samples;
        while (!remaining.isEmpty()) {
            Map<String, List<String>> found = compile(remaining, out);
            if (found.isEmpty()) {
                break;
            }
            errors.putAll(found);
            remaining = remaining.stream().filter(w -> !found.containsKey(w.className())).toList();
        }
        return errors;
    }

    /**
     * Compiles the samples in one javac run against the library's classes and returns, per class that has any,
     * the errors as {@code "  FILE:LINE: error: MESSAGE"} followed by the offending line.
     */
    static Map<String, List<String>> compile(List<Wrapped> samples, Path out) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK's compiler (this test needs a JDK, not a JRE)").isNotNull();
        assertThat(MAIN_CLASSES.resolve("io/github/micrograd4j/engine/Value.class")).as("the compiled library").exists();
        Map<String, Wrapped> byUri = new LinkedHashMap<>();
        List<JavaFileObject> units = new ArrayList<>();
        for (Wrapped w : samples) {
            JavaFileObject unit = new SimpleJavaFileObject(
                    java.net.URI.create("string:///" + w.className() + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return w.source();
                }
            };
            units.add(unit);
            byUri.put(unit.toUri().toString(), w);
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of("--release", "17", "-proc:none", "-implicit:none", "-Xlint:none",
                "-encoding", "UTF-8", "-classpath", sampleClasspath(),
                "-d", out.toAbsolutePath().toString());
        StringWriter javacOutput = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            javac.getTask(javacOutput, files, diagnostics, options, null, units).call();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, List<String>> errors = new HashMap<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            Wrapped w = d.getSource() == null ? null : byUri.get(d.getSource().toUri().toString());
            if (w == null) {
                fail("javac failed outside the samples: " + d.getMessage(Locale.ROOT) + "\n" + javacOutput);
            }
            int generated = (int) d.getLineNumber();
            int line = generated >= 1 && generated <= w.origin().length ? w.origin()[generated - 1] : -1;
            String at = line > 0 ? w.sample().file() + ":" + line : w.sample().where() + " (in the code wrapped around it)";
            String code = generated >= 1 ? w.source().lines().skip(generated - 1).findFirst().orElse("").strip() : "";
            errors.computeIfAbsent(w.className(), k -> new ArrayList<>())
                    .add("  " + at + ": error: " + d.getMessage(Locale.ROOT) + "\n      " + code);
        }
        return errors;
    }

    /** The library's classes and the jars of {@link #SAMPLE_LIBRARIES}, as a javac class path. */
    static String sampleClasspath() {
        List<String> entries = new ArrayList<>(List.of(MAIN_CLASSES.toAbsolutePath().toString()));
        for (Class<?> c : SAMPLE_LIBRARIES) {
            try {
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** Runs a compiled sample's statements and returns the lines it printed. */
    static List<String> run(Wrapped w, Path classes) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                CodeSamplesTest.class.getClassLoader())) {
            Object sample = loader.loadClass(w.className()).getConstructor().newInstance();
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            sample.getClass().getMethod("run").invoke(sample);
        } catch (InvocationTargetException e) {
            throw new AssertionError(w.sample().where() + ": the sample threw " + e.getCause(), e.getCause());
        } finally {
            System.setOut(saved);
        }
        return buffer.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** Checks each print statement's comment against the line that statement printed. */
    static void checkOutput(Wrapped w, List<String> printed) {
        assertThat(printed).as("%s: the sample has %d print statements with stated output: it must print one line per"
                        + " print statement", w.sample().where(), w.printStatements())
                .hasSize(w.printStatements());
        for (Expectation e : w.expected()) {
            String actual = printed.get(e.printIndex()).strip();
            if (!agrees(actual, e.comment())) {
                fail(w.sample().file() + ":" + e.line() + ": the sample prints \"" + actual + "\" but its comment says \""
                        + e.comment() + "\"");
            }
        }
    }

    /** True when the comment contains the printed text as a whole word, or matches it with "..." as a wildcard. */
    static boolean agrees(String printed, String comment) {
        if (printed.isEmpty()) {
            return false;
        }
        if (Pattern.compile("(?<![\\w.])" + Pattern.quote(printed) + "(?![\\w])").matcher(comment).find()) {
            return true;
        }
        if (comment.contains("...")) {
            String regex = Stream.of(comment.split("\\.\\.\\.", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
            return printed.matches(regex);
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------------------

    private static String name(Path p) {
        return ROOT.toAbsolutePath().relativize(p.toAbsolutePath()).toString().replace('\\', '/');
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        return -1;
    }
}
