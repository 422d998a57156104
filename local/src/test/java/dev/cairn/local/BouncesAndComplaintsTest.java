package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;
import dev.cairn.pipeline.DeliveryRequest;
import dev.cairn.store.RunStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SES reports bounces and complaints through the configuration set's event destination to SNS, whose queue the
 * ses-events function consumes: a permanent bounce or a complaint stops every later send to that address, for
 * any contact that has it; a transient bounce stops nothing.
 */
class BouncesAndComplaintsTest {

    @Test
    void permanentBouncesAndComplaintsSuppressTheAddressForEveryContactAndTransientBouncesDoNot() throws Exception {
        try (LocalRuntime runtime = TestStack.fresh()) {
            LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
            api.post("/v1/accounts", "[{\"account_id\":\"acc-b\",\"name\":\"Bounce Co\"}]");
            Map<String, String> contacts = Map.of("c-hard", "hard@customer.example", "c-same-address", "HARD@customer.example",
                    "c-soft", "soft@customer.example", "c-complains", "complains@customer.example",
                    "c-fine", "fine@customer.example");
            contacts.forEach((id, email) -> api.post("/v1/contacts", "[{\"contact_id\":\"" + id
                    + "\",\"account_id\":\"acc-b\",\"email\":\"" + email + "\"}]"));
            runtime.drain(Duration.ofMinutes(1)); // No program is stored: these changes send nothing.

            runtime.publish("EmailEventsTopic", bounce("Permanent", "NoEmail", "hard@customer.example"));
            runtime.publish("EmailEventsTopic", bounce("Transient", "MailboxFull", "soft@customer.example"));
            runtime.publish("EmailEventsTopic", complaint("complains@customer.example"));
            assertEquals(0, runtime.drain(Duration.ofMinutes(1)).get("SesEventsDeadLetterQueue"));

            String runId = "run-bounces-" + TestStack.unique("r");
            runtime.cairn("DeliverFunction").runStore().create(new RunStore.Run(runId, "welcome", 1, "test", false,
                    runtime.clock().instant().toString(), Map.of()));
            String queue = runtime.resources().ref("DeliverQueue");
            contacts.forEach((id, email) -> runtime.clients().sqs().sendMessage(b -> b.queueUrl(queue).messageBody(
                    new DeliveryRequest("welcome", id, runId, "main", email, "Hello", "<p>Hello</p>", "Hello").toJson())));
            assertEquals(0, runtime.drain(Duration.ofMinutes(1)).get("DeliverDeadLetterQueue"));

            Set<String> delivered = runtime.outbox().emails().stream().map(e -> e.to().get(0)).collect(Collectors.toSet());
            assertEquals(Set.of("soft@customer.example", "fine@customer.example"), delivered,
                    "the hard-bounced address (whichever contact has it, in any case) and the complainer get nothing");
            for (Outbox.Email email : runtime.outbox().emails()) {
                assertEquals(runtime.resources().ref("EmailConfigurationSet"), email.configurationSet());
                assertEquals(Map.of("program", "welcome", "run", runId), email.tags());
            }
            JsonNode counters = Json.parse(api.get("/v1/runs/" + runId).body()).path("counters");
            assertEquals(2, counters.path("sent").asInt(), counters.toString());
            assertEquals(3, counters.path("skipped_suppressed").asInt(), counters.toString());

            // The suppression is kept under a hash of the address, never the address itself.
            List<Map<String, AttributeValue>> items = runtime.clients().dynamoDb().scan(b -> b
                    .tableName(runtime.resources().ref("CairnTable"))).items().stream()
                    .filter(i -> i.get("PK").s().startsWith("ADDRESS#")).toList();
            assertEquals(2, items.size(), items.toString());
            for (Map<String, AttributeValue> item : items) {
                assertFalse(item.toString().contains("@"), item.toString());
            }
            assertTrue(items.stream().anyMatch(i -> i.get("reason").s().equals("complaint")));
        }
    }

    @Test
    void aNotificationThatIsNotFromSnsEndsInTheDeadLetterQueue() {
        try (LocalRuntime runtime = TestStack.fresh()) {
            runtime.clients().sqs().sendMessage(b -> b.queueUrl(runtime.resources().ref("SesEventsQueue"))
                    .messageBody("{\"eventType\":\"Bounce\"}"));
            assertEquals(1, runtime.drain(Duration.ofMinutes(1)).get("SesEventsDeadLetterQueue"));
        }
    }

    /** An SES event as the configuration set's event destination publishes it. */
    static String bounce(String type, String subType, String address) {
        return Json.write(Json.object().put("eventType", "Bounce").set("bounce", Json.object()
                .put("bounceType", type).put("bounceSubType", subType).put("timestamp", "2026-11-22T09:00:00.000Z")
                .put("feedbackId", "0100-feedback").set("bouncedRecipients", Json.array().add(Json.object()
                        .put("emailAddress", address).put("action", "failed").put("status", "5.1.1")))));
    }

    static String complaint(String address) {
        return Json.write(Json.object().put("eventType", "Complaint").set("complaint", Json.object()
                .put("complaintFeedbackType", "abuse").put("timestamp", "2026-11-22T09:00:00.000Z")
                .put("feedbackId", "0100-feedback").set("complainedRecipients", Json.array().add(Json.object()
                        .put("emailAddress", address)))));
    }
}
