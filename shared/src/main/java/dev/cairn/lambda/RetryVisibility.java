package dev.cairn.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.aws.SqsApi;
import dev.cairn.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets the visibility of a batch's failed records to their {@link RetryBackoff}, so that each comes back after it
 * rather than after the queue's whole visibility timeout (where Lambda's event source mapping leaves a reported
 * failure): one ChangeMessageVisibilityBatch per queue ({@link SqsApi}). The queue's URL is read from the record's
 * ARN, without a request. A record whose visibility could not be changed is logged and still reported: it comes
 * back after the visibility timeout instead.
 */
public final class RetryVisibility {

    private static final int BATCH_LIMIT = 10;

    private final SqsApi sqs;
    private final RetryBackoff backoff;

    public RetryVisibility(SqsApi sqs, RetryBackoff backoff) {
        this.sqs = sqs;
        this.backoff = backoff;
    }

    public void delay(List<SQSEvent.SQSMessage> failed, String stage) {
        Map<String, List<SQSEvent.SQSMessage>> byQueue = new LinkedHashMap<>();
        failed.forEach(record -> byQueue.computeIfAbsent(record.getEventSourceArn(), arn -> new ArrayList<>()).add(record));
        byQueue.forEach((arn, records) -> {
            for (int start = 0; start < records.size(); start += BATCH_LIMIT) {
                List<SQSEvent.SQSMessage> chunk = records.subList(start, Math.min(records.size(), start + BATCH_LIMIT));
                try {
                    ObjectNode request = Json.object().put("QueueUrl", queueUrl(arn));
                    ArrayNode entries = request.putArray("Entries");
                    for (SQSEvent.SQSMessage record : chunk) {
                        entries.addObject().put("Id", Integer.toString(entries.size()))
                                .put("ReceiptHandle", record.getReceiptHandle())
                                .put("VisibilityTimeout", backoff.after(SqsBatch.receiveCount(record)));
                    }
                    for (JsonNode refused : sqs.call("ChangeMessageVisibilityBatch", request).path("Failed")) {
                        Log.error(stage, "could not set a failed record's back-off; it returns after the queue's"
                                + " visibility timeout", null, "messageId",
                                chunk.get(Integer.parseInt(refused.path("Id").asText())).getMessageId(),
                                "reason", refused.path("Code").asText());
                    }
                } catch (RuntimeException e) {
                    Log.error(stage, "could not set the failed records' back-off; they return after the queue's"
                            + " visibility timeout", e, "records", chunk.size());
                }
            }
        });
    }

    /** {@code arn:<partition>:sqs:<region>:<account>:<name>} to the queue's URL. */
    static String queueUrl(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        if (parts.length != 6 || !"arn".equals(parts[0]) || !"sqs".equals(parts[2])) {
            throw new IllegalArgumentException("the record's eventSourceARN is not an SQS queue ARN: " + arn);
        }
        String domain = parts[1].equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com";
        return "https://sqs." + parts[3] + "." + domain + "/" + parts[4] + "/" + parts[5];
    }
}
