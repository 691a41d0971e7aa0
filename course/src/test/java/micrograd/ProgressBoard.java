package micrograd;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints the course's progress board when the tests have run: each task (a test tagged {@code taskP.Q}) is
 * done, failing (the first task not done: its failures and hints are printed below the board) or not reached
 * yet. It also writes {@code course-report.txt} (one line per task, for CI).
 *
 * <p>Registered through {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public final class ProgressBoard implements TestExecutionListener {

    /** Where the report goes; Maven passes {@code target/course-report.txt}. */
    private static final String REPORT_PROPERTY = "course.report";
    /** The course's directory (where pom.xml is), and the directory mvn was run from. */
    private static final String BASEDIR_PROPERTY = "course.basedir";
    private static final String CWD_PROPERTY = "course.cwd";

    /** The parts of the course, by number (as in README.md's table): task 6.2 is in part 6. */
    private static final Map<String, String> PARTS = Map.of(
            "1", "derivatives",
            "2", "the Value node: forward value and local derivatives",
            "3", "backward",
            "4", "the network",
            "5", "learning",
            "6", "a GPT, piece by piece",
            "7", "train your GPT, and make up names");

    private static String partOf(Task task) {
        int dot = task.id.indexOf('.');
        return dot < 0 ? task.id : task.id.substring(0, dot);
    }

    private final Map<String, Task> tasks = new TreeMap<>(Comparator.comparing(ProgressBoard::sortKey));
    private TestPlan plan;

    /** One task: its title (the test class's display name) and what its tests did. */
    private static final class Task {
        final String id;
        String title = "";
        int passed;
        final List<String[]> failures = new ArrayList<>();   // {test name, what went wrong}

        Task(String id) {
            this.id = id;
        }

        boolean done() {
            return failures.isEmpty() && passed > 0;
        }

        /** True if every failure is a method nobody has written yet (a skeleton's UnsupportedOperationException). */
        boolean untouched() {
            return failures.stream().allMatch(f -> f[2] != null);
        }
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        tasks.clear();
        for (TestIdentifier root : testPlan.getRoots()) {
            for (TestIdentifier id : testPlan.getDescendants(root)) {
                taskOf(id).ifPresent(t -> {
                    Task task = tasks.computeIfAbsent(t, Task::new);
                    if (id.getSource().filter(ClassSource.class::isInstance).isPresent() && task.title.isEmpty()) {
                        task.title = id.getDisplayName();
                    }
                });
            }
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Optional<String> t = taskOf(id);
        if (t.isEmpty()) {
            return;
        }
        Task task = tasks.computeIfAbsent(t.get(), Task::new);
        if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
            if (id.isTest()) {
                task.passed++;
            }
            return;
        }
        // a failed test, or a failed class (then its tests did not run): both count against the task
        Throwable e = result.getThrowable().orElse(null);
        task.failures.add(new String[] {name(id), explain(e), notWrittenYet(e)});
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        taskOf(id).ifPresent(t -> tasks.computeIfAbsent(t, Task::new).failures
                .add(new String[] {name(id), "skipped: " + reason, null}));
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (tasks.isEmpty()) {
            return;
        }
        PrintStream out = System.out;
        StringBuilder board = new StringBuilder();
        Task next = null;
        int done = 0;
        Map<String, int[]> parts = new TreeMap<>();   // part -> {tasks done, tasks}
        for (Task task : tasks.values()) {
            int[] count = parts.computeIfAbsent(partOf(task), p -> new int[2]);
            count[0] += task.done() ? 1 : 0;
            count[1]++;
        }
        String part = null;
        for (Task task : tasks.values()) {
            if (!partOf(task).equals(part)) {
                part = partOf(task);
                int[] count = parts.get(part);
                board.append(String.format("  Part %s  %s (%d of %d done)%n", part, PARTS.getOrDefault(part, ""),
                        count[0], count[1]));
            }
            String state;
            if (task.done()) {
                state = "done";
                done++;
            } else if (next == null) {
                next = task;
                state = "FAILING";
            } else {
                state = "not reached yet";
            }
            board.append(String.format("    %-15s  %s%n", state, task.title.isEmpty() ? "Task " + task.id : task.title));
        }
        out.println();
        out.println("================ micrograd course: " + done + " of " + tasks.size() + " tasks done ================");
        out.print(board);
        if (next == null) {
            out.println();
            out.println(tasks.size() == 1 ? "This task is done."
                    : "Every task is done: you have built micrograd, and a GPT on it. Well done!");
        } else {
            out.println();
            out.println("Next: " + (next.title.isEmpty() ? "Task " + next.id : next.title));
            if (next.untouched()) {
                out.println("(not started: the methods below still throw; write them, then run the tests again)");
            }
            int shown = 0;
            for (String[] f : next.failures) {
                out.println();
                out.println("  x " + f[0]);
                out.println(indent(f[1], "    "));
                if (++shown == 6 && next.failures.size() > shown) {
                    out.println();
                    out.println("  ... and " + (next.failures.size() - shown) + " more failing tests in this task.");
                    break;
                }
            }
            out.println();
            out.println("One task at a time: " + command("test -Dgroups=task" + next.id));
        }
        out.println("=".repeat(72));
        out.flush();
        writeReport(done);
    }

    /**
     * Returns the Maven command for goals that works from where mvn was run: {@code mvn -q test ...} inside
     * course/, {@code mvn -q -f course/pom.xml test ...} from the repository's root (a relative path from above or
     * below course/, the absolute one from elsewhere). Maven passes both directories (pom.xml); without them (an
     * IDE) both forms are given.
     */
    static String command(String goals) {
        String basedir = System.getProperty(BASEDIR_PROPERTY);
        String cwd = System.getProperty(CWD_PROPERTY);
        String here = "mvn -q " + goals;
        String fromRoot = "mvn -q -f course/pom.xml " + goals;
        if (basedir == null || cwd == null || basedir.isBlank() || cwd.isBlank()) {
            return here + " (inside course/), or " + fromRoot + " (from the repository's root)";
        }
        Path course = Path.of(basedir).toAbsolutePath().normalize();
        Path from = Path.of(cwd).toAbsolutePath().normalize();
        if (course.equals(from)) {
            return here;
        }
        Path pom = course.resolve("pom.xml");
        Path shown = course.startsWith(from) || from.startsWith(course) ? from.relativize(pom) : pom;
        return "mvn -q -f " + shown.toString().replace('\\', '/') + " " + goals;
    }

    private void writeReport(int done) {
        String file = System.getProperty(REPORT_PROPERTY);
        if (file == null) {
            return;
        }
        StringBuilder report = new StringBuilder();
        int tests = 0;
        int failed = 0;
        for (Task task : tasks.values()) {
            report.append(String.format("task%s passed=%d failed=%d state=%s%n", task.id, task.passed,
                    task.failures.size(), task.done() ? "done" : "not-done"));
            tests += task.passed + task.failures.size();
            failed += task.failures.size();
        }
        report.append(String.format("total tasks=%d done=%d tests=%d failed=%d%n", tasks.size(), done, tests, failed));
        try {
            Path path = Path.of(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, report, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> taskOf(TestIdentifier id) {
        return id.getTags().stream().map(TestTag::getName).filter(n -> n.startsWith("task"))
                .map(n -> n.substring(4)).findFirst();
    }

    private String name(TestIdentifier id) {
        // "Task 2.1 ..." class names are on the board already: show the test's own sentence
        String name = id.getDisplayName();
        if (plan != null) {
            Optional<TestIdentifier> parent = plan.getParent(id);
            if (parent.isPresent() && id.isTest() && !parent.get().getDisplayName().startsWith("Task")) {
                name = parent.get().getDisplayName() + ": " + name;
            }
        }
        return name;
    }

    /** Returns the skeleton's "Task P.Q: ..." message if e is a method not written yet, else null. */
    static String notWrittenYet(Throwable e) {
        return e instanceof UnsupportedOperationException && e.getMessage() != null
                && e.getMessage().startsWith("Task ") ? e.getMessage() : null;
    }

    /** What the learner needs to read: the assertion's message, or where an unexpected exception came from. */
    static String explain(Throwable e) {
        if (e == null) {
            return "failed";
        }
        String where = firstCourseFrame(e);
        if (notWrittenYet(e) != null) {
            return "not written yet" + where + ": " + e.getMessage();
        }
        if (e instanceof AssertionError) {
            return String.valueOf(e.getMessage()).strip();
        }
        List<StackTraceElement> trail = trail(e.getStackTrace());
        if (trail.size() > 1) {
            return e.getClass().getSimpleName() + " at " + trail(trail) + ": " + e.getMessage()
                    + "\n(an exception from your code, not a failed check: it came up in " + simpleName(trail.get(0))
                    + ", called from the lines after <-; a wrong operand, such as a null, was made in one of those)";
        }
        return e.getClass().getSimpleName() + where + ": " + e.getMessage()
                + "\n(an exception from your code, not a failed check: the file and line above are where it came from)";
    }

    /** Returns " (at Value.java:42)" for the first stack frame in the learner's classes (not the tests). */
    private static String firstCourseFrame(Throwable e) {
        StackTraceElement frame = learnerFrame(e.getStackTrace());
        return frame == null ? "" : " (at " + frame.getFileName() + ":" + frame.getLineNumber() + ")";
    }

    /**
     * The classes that other code hands its mistakes to: an exception that comes up in them (a null operand in
     * Value.mul, a missing layer in KvCache.get) was usually made by the code that called them.
     */
    private static final List<String> CALLED_CLASSES = List.of("micrograd.Value", "micrograd.KvCache");

    /**
     * Returns the frames of stack worth reading, in the learner's classes: the first one; and if that is in Value or
     * KvCache, the next two outside them too (where the operand came from), as in
     * {@code Value.mul <- Vectors.linear <- Gpt.attention}.
     */
    static List<StackTraceElement> trail(StackTraceElement[] stack) {
        List<StackTraceElement> trail = new ArrayList<>();
        for (StackTraceElement frame : stack) {
            if (!learners(frame)) {
                continue;
            }
            boolean called = CALLED_CLASSES.contains(frame.getClassName());
            if (trail.isEmpty()) {
                trail.add(frame);
                if (!called) {
                    break;
                }
            } else if (!called) {
                trail.add(frame);
                if (trail.size() == 3) {
                    break;
                }
            }
        }
        return trail;
    }

    /** Returns "Value.mul (Value.java:120) <- Vectors.linear (Vectors.java:88)": where each frame is, innermost first. */
    static String trail(List<StackTraceElement> trail) {
        StringBuilder s = new StringBuilder();
        for (StackTraceElement frame : trail) {
            s.append(s.length() == 0 ? "" : " <- ").append(where(frame));
        }
        return s.toString();
    }

    /** Returns where e came from in the learner's code ({@link #trail(StackTraceElement[])}), or "" if nowhere. */
    static String trail(Throwable e) {
        return trail(trail(e.getStackTrace()));
    }

    /**
     * Returns the first frame of stack in the learner's classes (those built from src/main/java, or solution/,
     * beside Value), or null if there is none.
     */
    static StackTraceElement learnerFrame(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (learners(frame)) {
                return frame;
            }
        }
        return null;
    }

    /** True if frame is in the learner's classes. */
    private static boolean learners(StackTraceElement frame) {
        return frame.getClassName().startsWith("micrograd.") && frame.getFileName() != null
                && LEARNER_CLASSES.equals(location(frame.getClassName()));
    }

    /** Returns "Value.topologicalOrder (Value.java:250)". */
    static String where(StackTraceElement frame) {
        return simpleName(frame) + "." + frame.getMethodName() + " (" + frame.getFileName() + ":"
                + frame.getLineNumber() + ")";
    }

    private static String simpleName(StackTraceElement frame) {
        return frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1);
    }

    /** Where the learner's classes are loaded from (the tests' classes are elsewhere). */
    private static final String LEARNER_CLASSES = location(Value.class.getName());

    private static String location(String className) {
        try {
            Class<?> c = Class.forName(className, false, ProgressBoard.class.getClassLoader());
            return String.valueOf(c.getProtectionDomain().getCodeSource().getLocation());
        } catch (ClassNotFoundException | SecurityException | NullPointerException e) {
            return "";
        }
    }

    private static String indent(String text, String prefix) {
        return prefix + text.replace("\n", "\n" + prefix);
    }

    /** Orders "1.2" before "1.10" and "2.1". */
    static String sortKey(String id) {
        String[] parts = id.split("\\.");
        StringBuilder key = new StringBuilder();
        for (String p : parts) {
            key.append(String.format("%05d", p.chars().allMatch(Character::isDigit) && !p.isEmpty()
                    ? Integer.parseInt(p) : 99999));
        }
        return key.toString();
    }
}
