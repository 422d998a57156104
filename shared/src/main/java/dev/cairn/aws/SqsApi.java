package dev.cairn.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * SQS's JSON protocol on {@link SignedHttp}: a request ({@code X-Amz-Target: AmazonSQS.<Operation>}, as the SDK's
 * SQS client sends it) and its answer, counted as {@code Sqs.<Operation>}; server errors and throttling are retried
 * twice, as the SDK's standard strategy does. The functions send messages ({@link QueueSender}) and set retry
 * back-offs ({@code RetryVisibility}) with it, so that none builds or packages the SDK's SQS client: building it
 * and its first call's marshallers were a tenth of a cold start (docs/performance.md, 5a and 5b).
 */
public final class SqsApi {

    /** SQS answered outside 2xx (after retries, for the retried statuses). */
    public static final class SqsException extends RuntimeException {
        private final String code;

        SqsException(String operation, int status, String code, String message) {
            super("SQS " + operation + " answered " + status + " " + code + (message.isEmpty() ? "" : ": " + message));
            this.code = code;
        }

        /** SQS's error code ("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", ...), or the status. */
        public String code() {
            return code;
        }
    }

    private static final int ATTEMPTS = 3;

    private final Supplier<SignedHttp> http;
    private final Supplier<URI> endpoint;
    private volatile SignedHttp signed;
    private volatile URI url;

    /**
     * {@code http} signs for {@code sqs}; {@code endpoint} is {@code https://sqs.<region>.amazonaws.com} on AWS. Both
     * are asked for at the first call, and kept, so that a function that never calls SQS resolves neither.
     */
    public SqsApi(Supplier<SignedHttp> http, Supplier<URI> endpoint) {
        this.http = http;
        this.endpoint = endpoint;
    }

    /** Makes the call and returns SQS's answer; raises {@link SqsException} for an error answer. */
    public JsonNode call(String operation, ObjectNode request) {
        if (signed == null) {
            url = endpoint.get();
            signed = http.get(); // Written after url: a thread that sees it set sees url too.
        }
        SdkHttpFullRequest.Builder builder = SignedHttp.request(SdkHttpMethod.POST, url, "/")
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", "AmazonSQS." + operation);
        byte[] body = Json.write(request).getBytes(StandardCharsets.UTF_8);
        try (SignedHttp.Answer answer = signed.send(operation, builder, body, ATTEMPTS, "",
                (status, headers, error) -> failure(operation, status, headers, error))) {
            return Json.parse(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("SQS " + operation + ": the answer could not be read", e);
        }
    }

    /** SQS's JSON error: {@code __type} ("com.amazonaws.sqs#QueueDoesNotExist"), {@code message}. */
    private static SignedHttp.Failure failure(String operation, int status, Map<String, List<String>> headers,
                                              byte[] body) {
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
        return new SignedHttp.Failure(new SqsException(operation, status, code, message),
                status >= 500 || status == 429 || code.contains("Throttl"));
    }
}
