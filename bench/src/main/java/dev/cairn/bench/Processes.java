package dev.cairn.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs a child process, timed from outside: from just before it starts until it has exited. */
final class Processes {

    /** What a child printed on standard output, and how long it ran. */
    record Run(long nanos, String stdout) {
        double millis() {
            return nanos / 1e6;
        }
    }

    private Processes() {
    }

    /** CPU time this process has used so far, all its threads (the JIT compiler's and GC's too), in ms. */
    static double cpuMillis() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(Double.NaN);
    }

    /** The environment variable that holds {@code System.nanoTime()} just before a child was started. */
    static final String LAUNCHED_NANOS = "BENCH_LAUNCHED_NANOS";

    /** Milliseconds from this child's launch to {@code nanos} (this JVM's {@code System.nanoTime()}), or NaN. */
    static double sinceLaunch(long nanos) {
        String launched = System.getenv(LAUNCHED_NANOS);
        return launched == null ? Double.NaN : (nanos - Long.parseLong(launched)) / 1e6;
    }

    /**
     * Runs {@code command} with the extra environment variables {@code env}; its standard error is appended to
     * {@code log}. Fails, quoting the end of the log, if the command exits non-zero.
     */
    static Run run(List<String> command, Map<String, String> env, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Path stdout = Files.createTempFile(log.getParent(), "stdout", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            long start = System.nanoTime();
            // A child on this JVM's clock (CLOCK_MONOTONIC on Linux) can tell how long it took to reach main.
            builder.environment().put(LAUNCHED_NANOS, Long.toString(start));
            Process process = builder.start();
            int exit = process.waitFor();
            long nanos = System.nanoTime() - start;
            String output = Files.readString(stdout);
            Files.delete(stdout);
            if (exit != 0) {
                String errors = Files.readString(log);
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exit + "; end of " + log
                        + ":\n" + errors.substring(Math.max(0, errors.length() - 3000)));
            }
            return new Run(nanos, output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    /** The java launcher of this JVM, so that children run on the same JDK. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Pins a command to one CPU with taskset when it is available, so that "per core" means one core. */
    static List<String> onOneCore(List<String> command) {
        if (!TASKSET_AVAILABLE) {
            return command;
        }
        List<String> pinned = new java.util.ArrayList<>(List.of("taskset", "--cpu-list", "0"));
        pinned.addAll(command);
        return pinned;
    }

    static final boolean TASKSET_AVAILABLE = Files.isExecutable(Path.of("/usr/bin/taskset"))
            || Files.isExecutable(Path.of("/bin/taskset"));
}
