package dev.cairn.lambda;

import java.util.ArrayList;
import java.util.List;

/**
 * How long a failed queue record waits before its next receive, by how often it was received: the n-th entry of a
 * schedule of seconds such as {@code 10,30,90} after the n-th receive, the last entry after every later one. Each
 * entry must stay under the queues' visibility timeout, which is what a record waits without it.
 */
public record RetryBackoff(List<Integer> seconds) {

    /** SQS's longest visibility timeout. */
    private static final int MAX_SECONDS = 43_200;

    public RetryBackoff {
        seconds = List.copyOf(seconds);
        if (seconds.isEmpty()) {
            throw new IllegalArgumentException("a retry back-off needs at least one delay");
        }
    }

    /** Parses a comma-separated schedule of whole seconds; {@code name} is the setting it came from, for the error. */
    public static RetryBackoff parse(String schedule, String name) {
        List<Integer> seconds = new ArrayList<>();
        for (String part : schedule.split(",", -1)) {
            int delay;
            try {
                delay = Integer.parseInt(part.strip());
            } catch (NumberFormatException e) {
                delay = -1;
            }
            if (delay < 0 || delay > MAX_SECONDS) {
                throw new IllegalStateException(name + " must be comma-separated whole seconds from 0 to " + MAX_SECONDS
                        + " (for example 10,30,90), was \"" + schedule + "\"");
            }
            seconds.add(delay);
        }
        return new RetryBackoff(seconds);
    }

    /** The wait after the {@code receiveCount}-th receive failed (SQS counts receives from 1). */
    public int after(int receiveCount) {
        return seconds.get(Math.max(0, Math.min(receiveCount, seconds.size()) - 1));
    }
}
