package dev.cairn.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * Runs a batch's requests to AWS a few at a time instead of one after another: each waits on the network (tens of
 * milliseconds for S3 or SES) beside the others, so the batch waits for about its slowest few instead of the sum,
 * and Lambda bills the wait. Five at a time by default, as many as the JDK keeps connections alive to one host
 * ({@code http.maxConnections}), so that no request opens a new TLS connection.
 */
public final class SideBySide {

    /** What one call gave: its value, or why it failed. */
    public record Outcome<T>(T value, RuntimeException failure) {
    }

    public static final int AT_ONCE = 5;

    private final ExecutorService threads;

    /** {@code name} names the threads, which are daemons: they never hold a JVM open. */
    public SideBySide(String name) {
        this.threads = Executors.newFixedThreadPool(AT_ONCE, task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs every call, at most {@link #AT_ONCE} at a time (a single one on the calling thread); outcomes in order. */
    public <T> List<Outcome<T>> all(List<Callable<T>> calls) {
        List<Future<T>> running = new ArrayList<>(calls.size());
        for (Callable<T> call : calls) {
            if (calls.size() == 1) {
                FutureTask<T> task = new FutureTask<>(call);
                task.run();
                running.add(task);
            } else {
                running.add(threads.submit(call));
            }
        }
        List<Outcome<T>> outcomes = new ArrayList<>(calls.size());
        for (Future<T> call : running) {
            try {
                outcomes.add(new Outcome<>(call.get(), null));
            } catch (ExecutionException e) {
                outcomes.add(new Outcome<>(null, e.getCause() instanceof RuntimeException failure ? failure
                        : new IllegalStateException(e.getCause())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcomes.add(new Outcome<>(null, new IllegalStateException("interrupted while waiting for a request", e)));
            }
        }
        return outcomes;
    }
}
