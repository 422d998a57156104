package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;
import dev.cairn.pipeline.AudiencePage;
import dev.cairn.pipeline.RenderRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The example sequence, examples/programs/hub-launch, walked day by day with the local clock for one contact who
 * opens the hub from the main email and one who never engages: an intro at once, a reminder five days later, the
 * main send on day 7, a thank-you right after the engagement, and a nudge on day 9 only to the contact who did not.
 */
class SequenceTest {

    /** Each step's email, told apart by its subject. */
    private static final Map<String, String> STEP_BY_SUBJECT = Map.of(
            "Next week: a success hub", "intro",
            "opens in two days", "reminder",
            "success hub is ready", "main",
            "Thank you for visiting", "thanks",
            "is waiting for you", "nudge");

    private static final String ANA = "ana@harbor.example";
    private static final String BEN = "ben@harbor.example";

    private static String step(Outbox.Email email) {
        return STEP_BY_SUBJECT.entrySet().stream().filter(e -> email.subject().contains(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError("unknown email " + email.subject()));
    }

    /** Who got which step on which day: "intro@0". */
    private static final class Timeline {
        private final Map<String, List<String>> byAddress = new LinkedHashMap<>(Map.of(ANA, new ArrayList<>(), BEN, new ArrayList<>()));
        private int seen;

        void record(LocalRuntime runtime, int day) {
            List<Outbox.Email> emails = runtime.outbox().emails();
            for (Outbox.Email email : emails.subList(seen, emails.size())) {
                byAddress.get(email.to().get(0)).add(step(email) + "@" + day);
            }
            seen = emails.size();
        }

        List<String> of(String address) {
            return byAddress.get(address);
        }
    }

    @Test
    void aFullSequenceWithOneContactWhoEngagesAndOneWhoDoesNot() throws Exception {
        try (LocalRuntime runtime = TestStack.fresh()) {
            LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
            LocalClient browser = new LocalClient(runtime.baseUrl(), null);
            runtime.setClock(Instant.parse("2026-11-02T10:00:00Z"));
            LocalClient.Response saved = api.put("/v1/programs/hub-launch", Demo.programBody(Path.of("examples/programs/hub-launch")));
            assertEquals(200, saved.status(), saved.body());
            api.post("/v1/accounts", "[{\"account_id\":\"acc-h\",\"name\":\"Harbor Co\",\"licenses_purchased\":20,\"licenses_used\":12}]");
            api.post("/v1/contacts", "[{\"contact_id\":\"c-ana\",\"account_id\":\"acc-h\",\"email\":\"" + ANA + "\",\"first_name\":\"Ana\"},"
                    + "{\"contact_id\":\"c-ben\",\"account_id\":\"acc-h\",\"email\":\"" + BEN + "\",\"first_name\":\"Ben\"}]");
            runtime.drain(Duration.ofMinutes(2));
            JsonNode preview = Json.parse(api.post("/v1/programs/hub-launch/preview", "{\"contact_id\":\"c-ben\",\"step\":\"nudge\"}").body());
            assertEquals("Ben, your success hub is waiting for you", preview.path("subject").asText(), preview.toString());
            LocalClient.Response noStep = api.post("/v1/programs/hub-launch/preview", "{\"contact_id\":\"c-ben\",\"step\":\"outro\"}");
            assertEquals(400, noStep.status());
            assertTrue(noStep.body().contains("program 'hub-launch' has no step 'outro' (its steps: [intro, reminder, thanks, nudge])"), noStep.body());
            assertEquals(0, runtime.outbox().emails().size(), "a preview sends nothing");
            String runId = Json.parse(api.post("/v1/programs/hub-launch/runs", "{\"contact_ids\":[\"c-ana\",\"c-ben\"]}").body())
                    .path("run_id").asText();
            runtime.drain(Duration.ofMinutes(2));
            int parked = parkedItems(runtime);

            // The run's audience page delivered again ten minutes later (a retry): its steps are not parked twice.
            runtime.advanceClock(Duration.ofMinutes(10));
            String createdAt = Json.parse(api.get("/v1/runs/" + runId).body()).path("created_at").asText();
            String page = new AudiencePage(AudiencePage.RUN, runId, "hub-launch", 1, false, 0, null,
                    List.of("c-ana", "c-ben"), null, createdAt).toJson();
            runtime.clients().sqs().sendMessage(b -> b.queueUrl(runtime.resources().ref("EvaluateQueue")).messageBody(page));
            runtime.drain(Duration.ofMinutes(2));
            assertEquals(parked, parkedItems(runtime), "the retried page parks the same steps under the same keys");

            Timeline timeline = new Timeline();
            timeline.record(runtime, 0);
            for (int day = 1; day <= 7; day++) {
                runtime.advanceClock(Duration.ofDays(1));
                runtime.drain(Duration.ofMinutes(2));
                timeline.record(runtime, day);
            }
            assertEquals(List.of("intro@0", "reminder@5", "main@7"), timeline.of(ANA));
            assertEquals(List.of("intro@0", "reminder@5", "main@7"), timeline.of(BEN));

            // Two hours after the main send, Ana opens her hub from it: the thank-you follows on the scheduler's next tick.
            runtime.advanceClock(Duration.ofHours(2));
            Outbox.Email main = runtime.outbox().emails().stream()
                    .filter(e -> e.to().get(0).equals(ANA) && step(e).equals("main")).findFirst().orElseThrow();
            assertEquals(302, browser.get(link(main.html(), "Open your success hub")).status());
            runtime.advanceClock(Duration.ofMinutes(5));
            runtime.drain(Duration.ofMinutes(2));
            timeline.record(runtime, 7);
            assertEquals(List.of("intro@0", "reminder@5", "main@7", "thanks@7"), timeline.of(ANA));
            Outbox.Email thanks = runtime.outbox().emails().get(runtime.outbox().emails().size() - 1);
            assertTrue(thanks.html().contains("How satisfied are you with your success hub?"), "the thank-you carries the survey");

            // Engaging again (opening the hub once more) starts nothing more.
            assertEquals(302, browser.get(link(main.html(), "Open your success hub")).status());
            for (int day = 8; day <= 12; day++) {
                runtime.advanceClock(Duration.ofDays(1));
                runtime.drain(Duration.ofMinutes(2));
                timeline.record(runtime, day);
            }
            assertEquals(List.of("intro@0", "reminder@5", "main@7", "thanks@7"), timeline.of(ANA), "no nudge: Ana engaged");
            assertEquals(List.of("intro@0", "reminder@5", "main@7", "nudge@9"), timeline.of(BEN), "Ben never engaged");

            JsonNode counters = Json.parse(api.get("/v1/runs/" + runId).body()).path("counters");
            assertEquals(8, counters.path("sent").asInt(), counters.toString());
            // 8 and the intro of both contacts again: the retried page rendered its due step once more (sent once).
            assertEquals(10, counters.path("rendered").asInt(), counters.toString());
            assertEquals(1, counters.path("skipped_step_condition").asInt(), "Ana's nudge: " + counters);
            assertEquals(0, parkedItems(runtime), "every due step was released");

            // The scheduler running again, and every released step delivered a second time (a scheduler that
            // crashed between sending and removing), send nothing twice.
            runtime.tickSchedules();
            runtime.tickSchedules();
            List<String> again = new ArrayList<>();
            for (Outbox.Email email : runtime.outbox().emails()) {
                again.add(new RenderRequest("hub-launch", 1, email.to().get(0).equals(ANA) ? "c-ana" : "c-ben", runId,
                        step(email), false).toJson());
            }
            String renderQueue = runtime.resources().ref("RenderQueue");
            again.forEach(body -> runtime.clients().sqs().sendMessage(b -> b.queueUrl(renderQueue).messageBody(body)));
            assertEquals(0, runtime.drain(Duration.ofMinutes(2)).values().stream().mapToInt(Integer::intValue).sum());
            runtime.advanceClock(Duration.ofDays(3));
            runtime.drain(Duration.ofMinutes(2));
            assertEquals(8, runtime.outbox().emails().size(), "each step exactly once");
        }
    }

    private static int parkedItems(LocalRuntime runtime) {
        String table = runtime.resources().ref("CairnTable");
        return runtime.clients().dynamoDb().scan(b -> b.tableName(table).filterExpression("#type = :due")
                .expressionAttributeNames(Map.of("#type", "type"))
                .expressionAttributeValues(Map.of(":due", AttributeValue.fromS("due_message")))).count();
    }

    private static String link(String html, String label) {
        Matcher m = Pattern.compile("href=\"([^\"]+)\"[^>]*>" + Pattern.quote(label) + "<").matcher(html);
        assertTrue(m.find(), "a link '" + label + "' in " + html);
        return m.group(1);
    }
}
