package micrograd;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.platform.launcher.TagFilter;
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
        Files.deleteIfExists(notDone);
        String groups = args.length == 0 ? "" : String.join(" ", args).trim();
        LauncherDiscoveryRequestBuilder request = request().selectors(selectPackage("micrograd"));
        if (!groups.isEmpty()) {
            request.filters(TagFilter.includeTags(groups));
        }
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request.build(), summary);
        TestExecutionSummary s = summary.getSummary();
        if (s.getTestsFoundCount() == 0) {
            System.out.println("No test matches -Dgroups=" + groups + ": the tasks are tagged task1.1, task1.2, ..."
                    + " task5.3 (see README.md in course/).");
        } else if (s.getTotalFailureCount() == 0) {
            System.exit(0);
        }
        // the build fails on this file after this process ends (the enforcer rule in pom.xml): no stack trace
        Files.createDirectories(notDone.toAbsolutePath().getParent());
        Files.writeString(notDone, "not every test that ran passed: see the board\n");
        System.exit(1);
    }
}
