package dev.cairn.delivery;

import java.util.function.LongSupplier;

/**
 * Holds one execution environment of the deliver function to its share of the stack's maximum send rate: sends
 * are spaced at least {@code concurrency / maxSendRate} seconds apart. The deliver event source runs at most
 * {@code concurrency} environments at once (its ScalingConfig.MaximumConcurrency), so together they stay at or
 * under {@code maxSendRate} (docs/scaling.md).
 */
public final class SendRate {

    /** Waits, as Thread.sleep would; a parameter so that the spacing can be checked without waiting. */
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    /** The least share that still sends a batch of 10 within the function's 30 s timeout, with a margin. */
    static final double MIN_PER_ENVIRONMENT = 0.5;

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long next;
    private boolean started;

    SendRate(double perEnvironment, LongSupplier nanoTime, Sleeper sleeper) {
        this.intervalNanos = (long) (1_000_000_000L / perEnvironment);
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** This environment's share of {@code maxSendRate} sends per second, shared by {@code concurrency} environments. */
    public static SendRate share(double maxSendRate, int concurrency) {
        return share(maxSendRate, concurrency, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    static SendRate share(double maxSendRate, int concurrency, LongSupplier nanoTime, Sleeper sleeper) {
        if (!(maxSendRate > 0)) {
            throw new IllegalArgumentException("MAX_SEND_RATE must be a positive number of sends per second, was " + maxSendRate);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("DELIVER_CONCURRENCY must be at least 1, was " + concurrency);
        }
        double perEnvironment = maxSendRate / concurrency;
        if (perEnvironment < MIN_PER_ENVIRONMENT) {
            throw new IllegalArgumentException("MAX_SEND_RATE / DELIVER_CONCURRENCY is " + perEnvironment
                    + " sends/s per environment, under " + MIN_PER_ENVIRONMENT + ": a batch of 10 would not fit in the"
                    + " deliver function's timeout; raise MaxSendRate or lower DeliverConcurrency");
        }
        return new SendRate(perEnvironment, nanoTime, sleeper);
    }

    /** Returns when this environment may send its next email. */
    public synchronized void acquire() {
        long now = nanoTime.getAsLong();
        if (started && next - now > 0) {
            try {
                sleeper.sleepNanos(next - now);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while holding to the send rate", e);
            }
            now = next;
        }
        next = now + intervalNanos;
        started = true;
    }
}
