package dev.cairn.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * The local runtime for tests, on the one emulator of the run (AWS_ENDPOINT_URL, started by
 * scripts/with-emulator.sh). Each runtime names its resources with a fresh prefix, so tests never see each
 * other's tables, queues or pages.
 */
final class TestStack {

    private static LocalRuntime shared;

    private TestStack() {
    }

    /** A runtime shared by the tests that only add their own, uniquely named data. */
    static synchronized LocalRuntime shared() {
        if (shared == null) {
            shared = fresh();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A runtime of its own, for tests that count what lands in queues; close it after use. */
    static LocalRuntime fresh() {
        try {
            return LocalRuntime.start(LocalRuntime.Options.defaults()
                    .withPrefix("t" + UUID.randomUUID().toString().substring(0, 8))
                    .withPort(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
