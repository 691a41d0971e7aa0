package micrograd;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * What {@code mvn -q -f course/pom.xml test} runs: every task's tests in order (or only those of
 * {@code -Dgroups=task2.3}), with the {@link ProgressBoard} printing the board. Exits 0 when every test that ran
 * passed, 1 otherwise. (An IDE can run the test classes directly; the board prints there too.)
 */
public final class Course {

    private Course() {
    }

    /**
     * Runs the course.
     *
     * @param args a JUnit tag expression such as {@code task2.3}, or nothing for every task
     * @throws IOException if the marker file cannot be written
     */
    public static void main(String... args) throws IOException {
        Path notDone = Path.of(System.getProperty("course.notDone", "target/course-not-done.txt"));
        Path noTest = Path.of(System.getProperty("course.noTest", "target/course-no-test.txt"));
        Files.deleteIfExists(notDone);
        Files.deleteIfExists(noTest);
        String groups = args.length == 0 ? "" : String.join(" ", args).trim();
        LauncherDiscoveryRequestBuilder request = request().selectors(selectPackage("micrograd"));
        if (!groups.isEmpty()) {
            request.filters(TagFilter.includeTags(groups));
        }
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request.build(), summary);
        TestExecutionSummary s = summary.getSummary();
        if (s.getTestsFoundCount() == 0) {
            System.out.println("No test matches -Dgroups=" + groups + ": the tasks are tagged " + tags()
                    + " (see README.md in course/).");
        } else if (s.getTotalFailureCount() == 0) {
            System.exit(0);
        }
        // the build fails on one of these files after this process ends (the enforcer rules in pom.xml), so that
        // Maven's message fits what was printed; no stack trace
        Path marker = s.getTestsFoundCount() == 0 ? noTest : notDone;
        Files.createDirectories(marker.toAbsolutePath().getParent());
        Files.writeString(marker, s.getTestsFoundCount() == 0 ? "no test matched -Dgroups\n"
                : "not every test that ran passed: see the board\n");
        System.exit(1);
    }

    /** Returns the tasks' tags, in order: "task1.1, task1.2, ... task7.4". */
    private static String tags() {
        TestPlan plan = LauncherFactory.create().discover(request().selectors(selectPackage("micrograd")).build());
        Set<String> tags = new TreeSet<>(Comparator.comparing(t -> ProgressBoard.sortKey(t.substring(4))));
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                id.getTags().stream().map(TestTag::getName).filter(n -> n.startsWith("task")).forEach(tags::add);
            }
        }
        return String.join(", ", tags);
    }
}
