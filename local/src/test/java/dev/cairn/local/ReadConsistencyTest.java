package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;
import dev.cairn.pipeline.DeliveryRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The batch reads before a send and before a render are eventually consistent, at half the price, and only the
 * contacts they did not find are read again consistently: a contact created a moment ago is not taken for erased,
 * and an erased one is still skipped. DynamoDB's units, as {@link FunctionMeter} bills them, show which read was which.
 */
class ReadConsistencyTest {

    @Test
    void deliverChecksRecipientsEventuallyAndRereadsOnlyContactsNotFound() throws Exception {
        try (LocalRuntime runtime = DeliveryFaultTest.start(List.of(), http -> http)) {
            String runId = DeliveryFaultTest.newRun(runtime);
            FunctionMeter.Usage before = runtime.meter("DeliverFunction").usage();

            DeliveryFaultTest.queueDeliveries(runtime, runId, 5, i -> "rc-" + i + "@customer.example");
            String queue = runtime.resources().ref("DeliverQueue");
            runtime.clients().sqs().sendMessage(b -> b.queueUrl(queue).messageBody(new DeliveryRequest("welcome",
                    "c-never-imported", runId, "main", "gone@customer.example", "Hello", "<p>Hello</p>", "Hello").toJson()));
            Map<String, Integer> deadLetters = runtime.drain(Duration.ofMinutes(2));

            assertEquals(0, deadLetters.get("DeliverDeadLetterQueue"), deadLetters.toString());
            assertEquals(5, runtime.outbox().emails().size());
            JsonNode counters = Json.parse(new LocalClient(runtime.baseUrl(), runtime.apiKey()).get("/v1/runs/" + runId).body())
                    .path("counters");
            assertEquals(5, counters.path("sent").asInt(), counters.toString());
            assertEquals(1, counters.path("skipped_erased").asInt(), counters.toString());

            Map<FunctionMeter.Units, Double> reads = reads(runtime.meter("DeliverFunction").usage().minus(before));
            // Every contact, its opt-outs (of everything and of the category) and its address's suppression, read
            // eventually: half a unit each, the absent ones too.
            assertEquals(5 * 0.5, reads.get(new FunctionMeter.Units(false, "BatchGetItem", "CONTACT")), reads.toString());
            assertEquals(0.5, reads.get(new FunctionMeter.Units(false, "BatchGetItem, not found", "CONTACT")), reads.toString());
            assertEquals(6 * 3 * 0.5, reads.get(new FunctionMeter.Units(false, "BatchGetItem, not found", "SUPPRESSION")),
                    reads.toString());
            // Only the contact not found, read again consistently: a full unit.
            assertEquals(Map.of(new FunctionMeter.Units(false, "BatchGetItem consistent, not found", "CONTACT"), 1.0),
                    consistent(reads), reads.toString());
        }
    }

    @Test
    void renderReadsItsBatchEventuallyAndAWelcomeEmailFindsItsNewContact() throws Exception {
        try (LocalRuntime runtime = DeliveryFaultTest.start(List.of(), http -> http)) {
            LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
            LocalClient.Response saved = api.put("/v1/programs/welcome", Demo.programBody(Path.of("examples/programs/welcome")));
            assertEquals(200, saved.status(), saved.body());
            FunctionMeter.Usage before = runtime.meter("RenderFunction").usage();

            api.post("/v1/accounts", "[{\"account_id\":\"acc-rc\",\"name\":\"Consistency Co\"}]");
            api.post("/v1/contacts", "[{\"contact_id\":\"rc-new\",\"account_id\":\"acc-rc\","
                    + "\"email\":\"rc-new@customer.example\",\"first_name\":\"Rita\"}]");
            runtime.drain(Duration.ofMinutes(2));

            assertEquals(1, runtime.outbox().emails().size(), "the welcome email of the new contact");
            Map<FunctionMeter.Units, Double> reads = reads(runtime.meter("RenderFunction").usage().minus(before));
            assertTrue(reads.containsKey(new FunctionMeter.Units(false, "BatchGetItem", "CONTACT")), reads.toString());
            assertTrue(reads.containsKey(new FunctionMeter.Units(false, "BatchGetItem", "ACCOUNT")), reads.toString());
            // Its hub item does not exist yet: an absent key, read eventually, then created.
            assertEquals(0.5, reads.get(new FunctionMeter.Units(false, "BatchGetItem, not found", "HUB")), reads.toString());
            assertEquals(Map.of(), consistent(reads), "nothing found needs a consistent read: " + reads);
        }
    }

    private static Map<FunctionMeter.Units, Double> reads(FunctionMeter.Usage usage) {
        Map<FunctionMeter.Units, Double> reads = new java.util.TreeMap<>(usage.dynamoDbUnits());
        reads.keySet().removeIf(FunctionMeter.Units::write);
        return reads;
    }

    private static Map<FunctionMeter.Units, Double> consistent(Map<FunctionMeter.Units, Double> reads) {
        Map<FunctionMeter.Units, Double> consistent = new java.util.TreeMap<>(reads);
        consistent.keySet().removeIf(units -> !units.operation().startsWith("BatchGetItem consistent"));
        return consistent;
    }
}
