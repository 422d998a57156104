package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** `make demo`'s job, run in the suite: every example contact gets an email whose link opens their page. */
class DemoTest {

    @Test
    void demoLoadsTheExamplesAndEveryContactGetsAWorkingHubLink() throws Exception {
        try (LocalRuntime runtime = TestStack.fresh()) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int status = Demo.run(runtime, Path.of("examples"), new PrintStream(output, true, StandardCharsets.UTF_8));
            String summary = output.toString(StandardCharsets.UTF_8);
            assertEquals(0, status, summary);
            assertTrue(summary.contains("Emails sent (6)"), summary);
            assertEquals(6, summary.split("\\[opens]", -1).length - 1, summary);
            assertEquals(6, runtime.outbox().emails().size());
        }
    }
}
