package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.pipeline.DeliveryRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** A message that can never be processed ends in the dead-letter queue without blocking its batch. */
class DeadLetterTest {

    @Test
    void poisonMessageIsDeadLetteredAfterMaxReceiveCountWhileItsBatchIsDelivered() {
        try (LocalRuntime runtime = TestStack.fresh()) {
            LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
            api.post("/v1/accounts", "[{\"account_id\":\"acc-dlq\",\"name\":\"DLQ Co\"}]");
            for (int i = 0; i < 4; i++) {
                api.post("/v1/contacts", "[{\"contact_id\":\"c" + i + "\",\"account_id\":\"acc-dlq\",\"email\":\"dlq-" + i
                        + "@customer.example\"}]");
            }
            runtime.drain(Duration.ofMinutes(1)); // No program is stored: these changes send nothing.
            var sqs = runtime.clients().sqs();
            String queue = runtime.resources().ref("DeliverQueue");
            String poison = "{\"type\":\"deliver\",\"program_id\":\"welcome\"}";
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            batch.add(SendMessageBatchRequestEntry.builder().id("poison").messageBody(poison).build());
            for (int i = 0; i < 4; i++) {
                batch.add(SendMessageBatchRequestEntry.builder().id("ok" + i).messageBody(new DeliveryRequest("welcome",
                        "c" + i, "run-1", "main", "dlq-" + i + "@customer.example", "Hello", "<p>Hello</p>", "Hello").toJson()).build());
            }
            sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(batch));

            Map<String, Integer> deadLetters = runtime.drain(Duration.ofMinutes(2));

            assertEquals(1, deadLetters.get("DeliverDeadLetterQueue"), deadLetters.toString());
            assertEquals(0, deadLetters.get("RenderDeadLetterQueue"));
            assertEquals(0, deadLetters.get("EvaluateDeadLetterQueue"));
            Set<String> delivered = runtime.outbox().emails().stream().map(e -> e.to().get(0)).collect(Collectors.toSet());
            assertEquals(Set.of("dlq-0@customer.example", "dlq-1@customer.example", "dlq-2@customer.example",
                    "dlq-3@customer.example"), delivered);

            List<Message> dead = sqs.receiveMessage(b -> b.queueUrl(runtime.resources().ref("DeliverDeadLetterQueue"))
                    .maxNumberOfMessages(10).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            assertEquals(1, dead.size());
            assertEquals(poison, dead.get(0).body(), "the poison message itself is kept, unchanged");
            int received = Integer.parseInt(dead.get(0).attributesAsStrings().get("ApproximateReceiveCount"));
            assertTrue(received >= 5, "tried maxReceiveCount (5) times before dead-lettering, was " + received);
        }
    }
}
