package io.github.micrograd4j.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * Runs an example's picocli command the same way for every example main: {@code --help} and {@code --version}
 * print and exit 0; a bad option or value names the option and the value, prints the usage to standard error
 * and exits 2; a failure while running (a missing or malformed file, say) prints one line naming what went
 * wrong, with no stack trace, and exits 1.
 */
final class Cli {

    /** Exit code of a run that failed after its options were accepted. */
    static final int FAILED = 1;

    /** What {@code --version} prints after the name: the project's version, which the build writes. */
    static final String VERSION = version();

    private Cli() {
    }

    /**
     * Runs {@code command} with {@code args} and exits the JVM with its code when that code is not 0 (so that a
     * shell sees the failure; a successful run returns normally, which keeps {@code exec:java} quiet).
     */
    static void main(Object command, String... args) {
        int code = run(command, args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Reads {@code version.properties}, which Maven fills in from the pom (src/test/resources-filtered). */
    private static String version() {
        Properties p = new Properties();
        try (InputStream in = Cli.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "(unknown: version.properties is missing)");
    }

    /** Runs {@code command} with {@code args} and returns its exit code; what the tests call. */
    static int run(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setUsageHelpWidth(100);   // room for an option's meaning and default on one or two lines
        cli.getCommandSpec().version("micrograd4j " + VERSION);
        cli.setOut(new PrintWriter(System.out, true));
        cli.setErr(new PrintWriter(System.err, true));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println(line.getCommandName() + ": " + describe(e));
            return FAILED;
        });
        return cli.execute(args);
    }

    /** One line that names what went wrong: the file and the reason for file errors, else the message. */
    static String describe(Throwable e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (t instanceof NoSuchFileException missing) {
            return "no such file or directory: " + missing.getFile();
        }
        if (t instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        if (t instanceof FileSystemException fs) {            // its message is often only the path
            return fs.getClass().getSimpleName() + ": " + fs.getMessage();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
