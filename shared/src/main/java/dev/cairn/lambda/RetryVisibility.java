package dev.cairn.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.aws.SignedHttp;
import dev.cairn.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * Sets the visibility of a batch's failed records to their {@link RetryBackoff}, so that each comes back after it
 * rather than after the queue's whole visibility timeout (where Lambda's event source mapping leaves a reported
 * failure): one ChangeMessageVisibilityBatch per queue. The queue's URL is read from the record's ARN, without a
 * request. A record whose visibility could not be changed is logged and still reported: it comes back after the
 * visibility timeout instead.
 *
 * <p>A signed request in SQS's JSON protocol ({@code X-Amz-Target: AmazonSQS.ChangeMessageVisibilityBatch}, as the
 * SDK's client sends it) rather than the SDK's SQS client, so that deliver and ses-events, which make no other SQS
 * call, do not package it (docs/performance.md, 5b). Counted as {@code Sqs.ChangeMessageVisibilityBatch}; server
 * errors and throttling are retried twice, as the SDK's standard strategy does.
 */
public final class RetryVisibility {

    /** SQS answered outside 2xx (after retries, for the retried statuses). */
    private static final class SqsException extends RuntimeException {
        SqsException(int status, String code, String message) {
            super("SQS ChangeMessageVisibilityBatch answered " + status + " " + code + (message.isEmpty() ? "" : ": " + message));
        }
    }

    private static final int BATCH_LIMIT = 10;
    private static final int ATTEMPTS = 3;

    private final Supplier<SignedHttp> sqs;
    private final Supplier<URI> endpoint;
    private final RetryBackoff backoff;

    /**
     * {@code sqs} signs for {@code sqs}; {@code endpoint} is {@code https://sqs.<region>.amazonaws.com} on AWS. Both
     * are asked for only when a record fails, so that a function that never fails resolves neither.
     */
    public RetryVisibility(Supplier<SignedHttp> sqs, Supplier<URI> endpoint, RetryBackoff backoff) {
        this.sqs = sqs;
        this.endpoint = endpoint;
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
                    for (JsonNode refused : changeVisibility(request).path("Failed")) {
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

    private JsonNode changeVisibility(ObjectNode request) {
        SdkHttpFullRequest.Builder http = SignedHttp.request(SdkHttpMethod.POST, endpoint.get(), "/")
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", "AmazonSQS.ChangeMessageVisibilityBatch");
        byte[] body = Json.write(request).getBytes(StandardCharsets.UTF_8);
        try (SignedHttp.Answer answer = sqs.get().send("ChangeMessageVisibilityBatch", http, body, ATTEMPTS, "",
                RetryVisibility::failure)) {
            return Json.parse(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("SQS ChangeMessageVisibilityBatch: the answer could not be read", e);
        }
    }

    /** SQS's JSON error: {@code __type} ("com.amazonaws.sqs#QueueDoesNotExist"), {@code message}. */
    private static SignedHttp.Failure failure(int status, Map<String, List<String>> headers, byte[] body) {
        JsonNode error = null;
        try {
            error = body.length == 0 ? null : Json.parse(new String(body, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            // Not JSON: named by its status.
        }
        String type = error == null ? "" : error.path("__type").asText("");
        String code = type.isEmpty() ? Integer.toString(status) : type.substring(type.lastIndexOf('#') + 1);
        String message = error == null ? "" : error.hasNonNull("message") ? error.get("message").asText()
                : error.path("Message").asText("");
        return new SignedHttp.Failure(new SqsException(status, code, message),
                status >= 500 || status == 429 || code.contains("Throttl"));
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
