package micrograd;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Gives every test a time limit, so that a loop that never ends fails its test with a hint instead of hanging the
 * whole run (the board prints only at the end). Each test runs on a thread of its own; when the limit passes, the
 * test fails with the line of your code that was still running, and the tests after it are not run: their tasks
 * are "not reached yet" anyway, and a loop that never ends would stop most of them too.
 *
 * <p>The limit is {@code course.timeLimit.seconds} in {@code junit-platform.properties}; a test that needs more
 * (a training run) says so with {@link Seconds}. Registered through
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}.
 */
public final class TimeLimit implements InvocationInterceptor, ExecutionCondition {

    /** A longer limit for one test class or test, in seconds. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @interface Seconds {
        int value();
    }

    /** The hint for a loop that never ends, by the method of your code it was in. */
    private static final Map<String, String> HINTS = Map.of(
            "topologicalOrder", "your loop never ends: did the top entry move on to its next child, (v, i + 1)?"
                    + " (If it is only slow: keep the seen nodes in an IdentityHashMap, not a List)");
    private static final String HINT = "a loop that never ends, or code far slower than it needs to be: look at"
            + " the loop around that line";

    /** The test that did not end, once one has not; then the tests after it are not run. */
    private volatile String hung;

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        int seconds = seconds(context);
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread test = new Thread(() -> {
            try {
                invocation.proceed();
            } catch (Throwable e) {
                error.set(e);
            }
        }, "course test");
        test.setDaemon(true);                       // a loop that never ends must not keep the JVM alive
        test.start();
        test.join(seconds * 1000L);
        if (test.isAlive()) {
            hung = "the test \"" + context.getDisplayName() + "\" did not end";
            StackTraceElement at = stillRunning(test);
            throw new AssertionError(Expect.message("the test ends within " + seconds + " s", "it ends",
                    "still running after " + seconds + " s" + (at == null ? "" : ", at " + ProgressBoard.where(at)),
                    at == null ? HINT : HINTS.getOrDefault(at.getMethodName(), HINT)));
        }
        if (error.get() != null) {
            throw error.get();
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String h = hung;
        return h == null ? ConditionEvaluationResult.enabled("no test has hung")
                : ConditionEvaluationResult.disabled("not run: " + h);
    }

    /** Returns the limit: the innermost {@link Seconds}, else the default of junit-platform.properties. */
    private static int seconds(ExtensionContext context) {
        Optional<Seconds> own = context.getTestMethod().map(m -> m.getAnnotation(Seconds.class));
        if (own.isEmpty()) {
            own = context.getTestClass().map(c -> c.getAnnotation(Seconds.class));
        }
        return own.map(Seconds::value).orElseGet(() -> context.getConfigurationParameter("course.timeLimit.seconds")
                .map(Integer::parseInt).orElse(10));
    }

    /**
     * Returns the frame of your code that a test thread is running: the test's own thread, or a thread it started
     * (the deep-chain tests run your code on a thread with a small stack).
     */
    private static StackTraceElement stillRunning(Thread test) {
        StackTraceElement at = ProgressBoard.learnerFrame(test.getStackTrace());
        if (at != null) {
            return at;
        }
        for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
            at = t.getKey().isDaemon() ? ProgressBoard.learnerFrame(t.getValue()) : null;
            if (at != null) {
                return at;
            }
        }
        return null;
    }
}
