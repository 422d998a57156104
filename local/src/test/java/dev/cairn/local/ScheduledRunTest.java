package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.aws.RequestCounter;
import dev.cairn.json.Json;
import dev.cairn.store.Keys;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A scheduled review over a few hundred contacts, fired by the local clock, through the same path `make bench`
 * runs over 10,000 (-Dcairn.scheduledRun.contacts): exact counters, one email per contact, the render stage
 * reading and writing per batch (its only request per contact the page's PutObject), and run counters written once
 * per batch.
 */
class ScheduledRunTest {

    static final int CONTACTS = Integer.getInteger("cairn.scheduledRun.contacts", 200);

    @Test
    void aScheduledReviewOverHundredsOfContactsCountsExactlyAndSendsOneEmailEach() throws Exception {
        try (LocalRuntime runtime = TestStack.fresh()) {
            LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
            runtime.setClock(Instant.parse("2026-11-16T12:00:00Z")); // Monday 7:00 in New York
            assertEquals(200, api.put("/v1/programs/review", TriggersAndSchedulesTest.program("review",
                    "trigger:\n  on: schedule\nschedule:\n  cron: \"0 9 * * 1\"\n  timezone: America/New_York\n"
                            + "audience:\n  segments: [SMB]")).status());
            runtime.tickSchedules(); // The scheduler meets the new schedule: it counts from now.
            int accounts = CONTACTS / 10;
            StringBuilder accountRows = new StringBuilder();
            for (int a = 0; a < accounts; a++) {
                accountRows.append(a == 0 ? "[" : ",").append("{\"account_id\":\"acc-").append(a)
                        .append("\",\"name\":\"Account ").append(a).append("\",\"segment\":\"")
                        .append(a % 5 == 0 ? "Enterprise" : "SMB").append("\"}");
            }
            assertEquals(200, api.post("/v1/accounts", accountRows.append("]").toString()).status());
            int inSegment = 0;
            for (int start = 0; start < CONTACTS; start += 100) {
                StringBuilder rows = new StringBuilder("[");
                for (int c = start; c < Math.min(CONTACTS, start + 100); c++) {
                    int account = c % accounts;
                    inSegment += account % 5 == 0 ? 0 : 1;
                    rows.append(c == start ? "" : ",").append("{\"contact_id\":\"c").append(c).append("\",\"account_id\":\"acc-")
                            .append(account).append("\",\"email\":\"c").append(c).append("@customer.example\",\"first_name\":\"C")
                            .append(c).append("\"}");
                }
                assertEquals(200, api.post("/v1/contacts", rows.append("]").toString()).status());
            }
            runtime.drain(Duration.ofMinutes(5));
            assertEquals(0, runtime.outbox().emails().size());
            Map<RequestCounter.Operation, Long> renderBefore = runtime.cairn("RenderFunction").clients().requests().snapshot();
            long renderInvocationsBefore = runtime.meter("RenderFunction").usage().invocations();
            long renderRecordsBefore = runtime.meter("RenderFunction").usage().records();
            Map<RequestCounter.Operation, Long> evaluateBefore = runtime.cairn("EvaluateFunction").clients().requests().snapshot();
            long evaluateInvocationsBefore = runtime.meter("EvaluateFunction").usage().invocations();
            long evaluateRecordsBefore = runtime.meter("EvaluateFunction").usage().records();
            Map<RequestCounter.Operation, Long> deliverBefore = runtime.cairn("DeliverFunction").clients().requests().snapshot();
            long deliverInvocationsBefore = runtime.meter("DeliverFunction").usage().invocations();

            runtime.advanceClock(Duration.ofHours(3)); // 10:00 in New York: the review fires.
            Map<String, Integer> deadLetters = runtime.drain(Duration.ofMinutes(10));

            assertTrue(deadLetters.values().stream().allMatch(n -> n == 0), deadLetters.toString());
            JsonNode run = Json.parse(api.get("/v1/runs/run-review-20261116T1400").body());
            JsonNode counters = run.path("counters");
            assertEquals(inSegment, counters.path("audience").asInt(), run.toString());
            assertEquals(CONTACTS - inSegment, counters.path("skipped_condition_false").asInt(), run.toString());
            assertEquals(inSegment, counters.path("rendered").asInt(), run.toString());
            assertEquals(inSegment, counters.path("sent").asInt(), run.toString());
            assertEquals(Set.of("audience", "skipped_condition_false", "rendered", "sent"), fieldNames(counters), run.toString());
            Map<String, Long> emailsPerAddress = runtime.outbox().emails().stream()
                    .collect(Collectors.groupingBy(e -> e.to().get(0), Collectors.counting()));
            assertEquals(inSegment, emailsPerAddress.size());
            assertTrue(emailsPerAddress.values().stream().allMatch(n -> n == 1), "one email per contact");
            assertFalse(emailsPerAddress.containsKey("c0@customer.example"), "acc-0 is Enterprise: not in the audience");

            // Each audience page's contacts go to render ten to a message: at most one message per shard is not full.
            long renderRecords = runtime.meter("RenderFunction").usage().records() - renderRecordsBefore;
            assertTrue(renderRecords <= inSegment / 10 + Keys.AUDIENCE_SHARDS, renderRecords + " messages for " + inSegment);
            // Render's only request per contact is its page's PutObject: the batch (up to 100 contacts) reads
            // contacts and hub items (with the reviews they list) in BatchGetItem pages of 100 keys, accounts in one
            // more, records the reviews (creating first pages' hub items) in conditional statements, and writes the
            // run's counters once. Evaluate counts per batch.
            Map<String, Long> render = difference(runtime.cairn("RenderFunction").clients().requests().snapshot(), renderBefore);
            long invocations = runtime.meter("RenderFunction").usage().invocations() - renderInvocationsBefore;
            assertEquals(inSegment, render.getOrDefault("S3.PutObject", 0L), "one page per contact: " + render);
            assertEquals(0L, render.getOrDefault("DynamoDb.GetItem", 0L), "the program version read with the contacts: " + render);
            assertEquals(0, render.getOrDefault("DynamoDb.PutItem", 0L), render.toString());
            assertEquals(0, render.getOrDefault("DynamoDb.Query", 0L), "no contact's reviews read on their own: " + render);
            assertTrue(render.getOrDefault("DynamoDb.UpdateItem", 0L) <= invocations, "one counter write per batch: " + render);
            assertTrue(render.getOrDefault("DynamoDb.BatchGetItem", 0L) <= 4 * invocations, render.toString());
            // The emails, ten to a call: a call per invocation for each started ten.
            assertTrue(render.getOrDefault("Sqs.SendMessageBatch", 0L) <= invocations + inSegment / 10, render.toString());
            // The hub items (reviews, first pages' keys), 25 conditional statements to a call.
            assertTrue(render.getOrDefault("DynamoDb.BatchExecuteStatement", 0L) <= 2 * (invocations + inSegment / 25),
                    render.toString());
            assertEquals(0L, render.getOrDefault("DynamoDb.TransactWriteItems", 0L), "no transaction: " + render);
            Map<String, Long> evaluate = difference(runtime.cairn("EvaluateFunction").clients().requests().snapshot(), evaluateBefore);
            long evaluations = runtime.meter("EvaluateFunction").usage().invocations() - evaluateInvocationsBefore;
            assertTrue(evaluate.getOrDefault("DynamoDb.UpdateItem", 0L) <= evaluations, "one counter write per batch: " + evaluate);
            // A page of up to 100 contacts: its render messages in one call, the shard's next page in another.
            long pages = runtime.meter("EvaluateFunction").usage().records() - evaluateRecordsBefore;
            assertTrue(evaluate.getOrDefault("Sqs.SendMessageBatch", 0L) <= 2 * pages, pages + " pages: " + evaluate);
            // Deliver reads every recipient of a batch at once, claims and marks in PartiQL batches and counts once
            // per run: nothing per contact.
            Map<String, Long> deliver = difference(runtime.cairn("DeliverFunction").clients().requests().snapshot(), deliverBefore);
            long deliveries = runtime.meter("DeliverFunction").usage().invocations() - deliverInvocationsBefore;
            assertEquals(deliveries, deliver.get("DynamoDb.BatchGetItem"), deliver.toString());
            assertEquals(Set.of("DynamoDb.BatchGetItem", "DynamoDb.BatchExecuteStatement", "DynamoDb.UpdateItem",
                    "SesV2.SendEmail"), deliver.keySet(), deliver.toString());
            assertEquals(2 * deliveries, deliver.get("DynamoDb.BatchExecuteStatement"), deliver.toString());
            assertEquals(deliveries, deliver.get("DynamoDb.UpdateItem"), "the run's counters once per batch: " + deliver);
            assertEquals((long) inSegment, deliver.get("SesV2.SendEmail"), deliver.toString());
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The requests made between two snapshots of a RequestCounter, by operation. */
    static Map<String, Long> difference(Map<RequestCounter.Operation, Long> after,
                                                Map<RequestCounter.Operation, Long> before) {
        Map<String, Long> difference = new HashMap<>();
        after.forEach((operation, count) -> {
            long n = count - before.getOrDefault(operation, 0L);
            if (n > 0) {
                difference.put(operation.toString(), n);
            }
        });
        return difference;
    }
}
