package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.aws.RequestCounter;
import dev.cairn.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Deliver works on the whole SQS batch: one read of every recipient, one BatchExecuteStatement claiming the batch's
 * new delivery records, one marking them sent, and one write of the run's counter. A failed record comes back after its retry back-off, which
 * the handler sets on the message, not after the queue's visibility timeout.
 */
class DeliveryBatchTest {

    @Test
    void aBatchCostsOneBatchGetItemTwoStatementBatchesAndOneCounterWriteBesideItsSends() throws Exception {
        int contacts = 20;
        try (LocalRuntime runtime = DeliveryFaultTest.start(List.of(), UnaryOperator.identity())) {
            String runId = DeliveryFaultTest.newRun(runtime);
            Map<RequestCounter.Operation, Long> before = runtime.cairn("DeliverFunction").clients().requests().snapshot();
            FunctionMeter.Usage usageBefore = runtime.meter("DeliverFunction").usage();
            long invocationsBefore = usageBefore.invocations();

            DeliveryFaultTest.queueDeliveries(runtime, runId, contacts, i -> "b-" + i + "@customer.example");
            Map<String, Integer> deadLetters = runtime.drain(Duration.ofMinutes(2));

            assertEquals(0, deadLetters.get("DeliverDeadLetterQueue"), deadLetters.toString());
            assertEquals(contacts, runtime.outbox().emails().size());
            JsonNode counters = Json.parse(new LocalClient(runtime.baseUrl(), runtime.apiKey()).get("/v1/runs/" + runId).body())
                    .path("counters");
            assertEquals(contacts, counters.path("sent").asInt(), counters.toString());
            Map<String, Long> deliver = ScheduledRunTest.difference(runtime.cairn("DeliverFunction").clients().requests().snapshot(), before);
            long invocations = runtime.meter("DeliverFunction").usage().invocations() - invocationsBefore;
            assertTrue(invocations >= 2, "batches of at most ten: " + invocations);
            assertEquals(invocations, deliver.get("DynamoDb.BatchGetItem"), "recipients read once per batch: " + deliver);
            assertEquals(2 * invocations, deliver.get("DynamoDb.BatchExecuteStatement"),
                    "one claim and one mark per batch: " + deliver);
            assertEquals(invocations, deliver.get("DynamoDb.UpdateItem"), "the run's counter once per batch: " + deliver);
            assertEquals((long) contacts, deliver.get("SesV2.SendEmail"), deliver.toString());
            assertEquals(Map.of("DynamoDb.BatchGetItem", invocations, "DynamoDb.BatchExecuteStatement", 2 * invocations,
                    "DynamoDb.UpdateItem", invocations, "SesV2.SendEmail", (long) contacts), deliver,
                    "nothing per contact but the send; no transaction when every record is new");
            // Each claim and mark billed once, as a plain write: no transaction's double.
            Map<FunctionMeter.Units, Double> units = runtime.meter("DeliverFunction").usage().minus(usageBefore).dynamoDbUnits();
            assertEquals((double) contacts, units.get(new FunctionMeter.Units(true, "BatchExecuteStatement insert", "DELIVERY")),
                    units.toString());
            assertEquals((double) contacts, units.get(new FunctionMeter.Units(true, "BatchExecuteStatement update", "DELIVERY")),
                    units.toString());
            // A batch's emails go out side by side (the local send rate, 1,000/s, spaces them 1 ms apart).
            FunctionMeter.Wire sends = runtime.meter("DeliverFunction").usage().minus(usageBefore).onTheWireByService().get("SesV2");
            assertTrue(sends.exclusiveShare() < 0.5, "sends one after another: " + sends.nanos() / sends.exclusiveNanos()
                    + " in flight on average");
        }
    }

    /** Records the visibility the handlers give failed records, and whether SQS took it, off the wire. */
    static final class Visibilities implements UnaryOperator<SdkHttpClient> {
        final List<Integer> seconds = new CopyOnWriteArrayList<>();
        final List<String> refused = new CopyOnWriteArrayList<>();

        @Override
        public SdkHttpClient apply(SdkHttpClient http) {
            return new HttpObserver(http, request -> request.firstMatchingHeader("X-Amz-Target")
                    .filter("AmazonSQS.ChangeMessageVisibilityBatch"::equals).isPresent(), (request, sent, status, answer) -> {
                        Json.parse(new String(sent, StandardCharsets.UTF_8)).path("Entries")
                                .forEach(entry -> seconds.add(entry.path("VisibilityTimeout").asInt()));
                        Json.parse(new String(answer, StandardCharsets.UTF_8)).path("Failed")
                                .forEach(failure -> refused.add(failure.path("Code").asText()));
                    });
        }
    }

    @Test
    void aFailedRecordComesBackAfterItsBackOffRatherThanTheVisibilityTimeout() throws Exception {
        // SES fails the first two sends to one address: its record fails on its first and second receive.
        SesFaultProxy ses = new SesFaultProxy(System.getenv("AWS_ENDPOINT_URL"), (to, attempt) ->
                to.startsWith("late-") && attempt <= 2 ? SesFaultProxy.Fault.INTERNAL_ERROR : SesFaultProxy.Fault.NONE);
        Visibilities visibilities = new Visibilities();
        try (ses; LocalRuntime runtime = DeliveryFaultTest.start(List.of(), http -> visibilities.apply(ses.apply(http)))) {
            String queue = runtime.resources().ref("DeliverQueue");
            assertEquals("180", runtime.clients().sqs().getQueueAttributes(b -> b.queueUrl(queue)
                    .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)).attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT),
                    "without the back-off, a failed record would come back after three minutes");
            String runId = DeliveryFaultTest.newRun(runtime);
            DeliveryFaultTest.queueDeliveries(runtime, runId, 2, i -> (i == 0 ? "late-" : "on-time-") + i + "@customer.example");

            // Within the drain's limit only if each retry came back after its back-off (1 s, then 2 s locally).
            Map<String, Integer> deadLetters = runtime.drain(Duration.ofMinutes(2));

            assertEquals(0, deadLetters.get("DeliverDeadLetterQueue"), deadLetters.toString());
            assertEquals(2, ses.refused());
            assertEquals(List.of(1, 2), visibilities.seconds, "the back-off after the first and second receive");
            assertEquals(List.of(), visibilities.refused, "SQS took each change of visibility");
            assertEquals(2, runtime.outbox().emails().size(), "each contact got one email");
            assertEquals("3", DeliveryFaultTest.deliveryRecord(runtime, "c-0", runId).get("attempts").n(),
                    "claimed on each of its three receives");
        }
    }
}
