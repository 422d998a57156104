package dev.cairn.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.json.Json;
import java.util.ArrayList;
import java.util.List;

/** Sends messages in SendMessageBatch calls of ten ({@link SqsApi}), retrying entries SQS reports as failed. */
public final class QueueSender {

    private static final int BATCH = 10;
    private static final int ATTEMPTS = 3;

    private final SqsApi sqs;

    public QueueSender(SqsApi sqs) {
        this.sqs = sqs;
    }

    public void send(String queueUrl, List<String> bodies) {
        send(queueUrl, bodies, 0);
    }

    /** The same, each message delivered no sooner than {@code delaySeconds} from now (SQS allows up to 900). */
    public void send(String queueUrl, List<String> bodies, int delaySeconds) {
        for (int start = 0; start < bodies.size(); start += BATCH) {
            List<Integer> pending = new ArrayList<>();
            for (int i = start; i < Math.min(bodies.size(), start + BATCH); i++) {
                pending.add(i);
            }
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                ObjectNode request = Json.object().put("QueueUrl", queueUrl);
                ArrayNode entries = request.putArray("Entries");
                for (int i : pending) {
                    ObjectNode entry = entries.addObject().put("Id", Integer.toString(i)).put("MessageBody", bodies.get(i));
                    if (delaySeconds > 0) {
                        entry.put("DelaySeconds", delaySeconds);
                    }
                }
                JsonNode failed = sqs.call("SendMessageBatch", request).path("Failed");
                if (failed.isEmpty()) {
                    break;
                }
                if (attempt == ATTEMPTS) {
                    JsonNode first = failed.get(0);
                    throw new IllegalStateException(failed.size() + " messages were not accepted by SQS: "
                            + first.path("Code").asText() + " " + first.path("Message").asText());
                }
                List<Integer> again = new ArrayList<>();
                failed.forEach(entry -> again.add(Integer.parseInt(entry.path("Id").asText())));
                pending = again;
            }
        }
    }
}
