package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `make demo`'s job, run in the suite: every example contact gets one welcome (customers) or pre-boarding
 * (prospects) email whose link opens their page, and every program nothing starts yet is previewed to a file.
 */
class DemoTest {

    @Test
    void demoLoadsTheExamplesAndEveryContactGetsAWorkingHubLink(@TempDir Path previews) throws Exception {
        try (LocalRuntime runtime = TestStack.fresh()) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int status = Demo.run(runtime, Path.of("examples"), previews, new PrintStream(output, true, StandardCharsets.UTF_8));
            String summary = output.toString(StandardCharsets.UTF_8);
            assertEquals(0, status, summary);
            assertTrue(summary.contains("metrics: 200 received 90, created 90"), summary);
            assertTrue(summary.contains("Emails sent (9)"), summary);
            assertEquals(9, summary.split("\\[opens]", -1).length - 1, summary);
            assertEquals(9, runtime.outbox().emails().size());
            assertEquals(2, runtime.outbox().emails().stream().filter(e -> e.subject().contains("how Umbrella Labs gets started")
                    || e.subject().contains("comment Umbrella Labs démarre")).count(), summary);
            for (String program : List.of("qbr", "renewal", "usage-drop", "executive-summary")) {
                assertTrue(summary.contains("  " + program + " (trigger manual): "), summary);
                assertTrue(Files.readString(previews.resolve(program + ".html")).contains("<h1>"), program);
            }
        }
    }
}
