package dev.cairn.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.aws.SignedHttp;
import dev.cairn.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * Sends one email through SES v2's {@code SendEmail} with HTML and plain-text parts, and with RFC 8058 one-click
 * unsubscribe headers when the email has an unsubscribe link; in the stack's configuration set (whose event
 * destination reports bounces and complaints) with message tags naming the program and run; no faster than this
 * environment's share of the maximum send rate.
 *
 * <p>A signed REST request ({@code POST /v2/email/outbound-emails}, JSON) rather than the SDK's SESv2 client, whose
 * 3.2 MB of jars put deliver at the 15 MB deployment target (docs/performance.md, 5b). Counted as
 * {@code SesV2.SendEmail}. One attempt, as the SDK client was configured: a throttled or failed send goes back
 * through the deliver queue, which releases the delivery claim and retries later, instead of holding the
 * invocation (docs/operations.md). Any answer outside 2xx is a {@link SesException}.
 */
public final class Mailer {

    /** SES answered SendEmail outside 2xx: throttled (429), failed (5xx) or refused the message (400, ...). */
    public static final class SesException extends RuntimeException {
        private final int status;
        private final String code;

        SesException(int status, String code, String message) {
            super("SES SendEmail answered " + status + " " + code + (message.isEmpty() ? "" : ": " + message));
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        /** SES's error code ({@code TooManyRequestsException}, {@code MessageRejected}, ...), or the status. */
        public String code() {
            return code;
        }
    }

    private static final String PATH = "/v2/email/outbound-emails";

    private final SignedHttp ses;
    private final URI endpoint;
    private final String sender;
    private final String configurationSet;
    private final SendRate rate;

    /** {@code ses} signs for {@code ses}; {@code endpoint}: {@code https://email.<region>.amazonaws.com} on AWS. */
    public Mailer(SignedHttp ses, URI endpoint, String sender, String configurationSet, SendRate rate) {
        this.ses = ses;
        this.endpoint = endpoint;
        this.sender = sender;
        this.configurationSet = configurationSet;
        this.rate = rate;
    }

    /** Returns SES's message id. */
    public String send(String to, String subject, String html, String text, String programId, String runId,
                       String unsubscribeUrl) {
        byte[] body = Json.write(request(to, subject, html, text, programId, runId, unsubscribeUrl))
                .getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest.Builder request = SignedHttp.request(SdkHttpMethod.POST, endpoint, PATH)
                .putHeader("Content-Type", "application/json");
        rate.acquire();
        try (SignedHttp.Answer answer = ses.send("SendEmail", request, body, 1, "", Mailer::failure)) {
            String messageId = Json.parse(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8))
                    .path("MessageId").asText("");
            if (messageId.isEmpty()) {
                throw new IllegalStateException("SES SendEmail answered without a MessageId");
            }
            return messageId;
        } catch (IOException e) {
            throw new UncheckedIOException("SES SendEmail: the answer could not be read", e);
        }
    }

    /** The SendEmail request's JSON body (SES API v2 reference, SendEmail). */
    ObjectNode request(String to, String subject, String html, String text, String programId, String runId,
                       String unsubscribeUrl) {
        ObjectNode request = Json.object().put("FromEmailAddress", sender).put("ConfigurationSetName", configurationSet);
        request.putObject("Destination").putArray("ToAddresses").add(to);
        var tags = request.putArray("EmailTags");
        tags.addObject().put("Name", "program").put("Value", tagValue(programId));
        tags.addObject().put("Name", "run").put("Value", tagValue(runId));
        ObjectNode simple = request.putObject("Content").putObject("Simple");
        simple.putObject("Subject").put("Data", subject).put("Charset", "UTF-8");
        ObjectNode body = simple.putObject("Body");
        // A part whose template rendered nothing is left out rather than sent empty.
        if (!html.isBlank()) {
            body.putObject("Html").put("Data", html).put("Charset", "UTF-8");
        }
        if (!text.isBlank() || html.isBlank()) {
            body.putObject("Text").put("Data", text).put("Charset", "UTF-8");
        }
        if (unsubscribeUrl != null && !unsubscribeUrl.isBlank()) {
            var headers = simple.putArray("Headers");
            headers.addObject().put("Name", "List-Unsubscribe").put("Value", "<" + unsubscribeUrl + ">");
            headers.addObject().put("Name", "List-Unsubscribe-Post").put("Value", "List-Unsubscribe=One-Click");
        }
        return request;
    }

    /**
     * A JSON error as SES v2 answers it: the code in the {@code x-amzn-ErrorType} header or the body's
     * {@code __type} or {@code code} (either may carry a namespace before '#' or a URL after ':'), the message in the
     * body's {@code message}. An answer without JSON (a proxy's page) is named by its status.
     */
    static SignedHttp.Failure failure(int status, Map<String, List<String>> headers, byte[] body) {
        JsonNode error = null;
        try {
            error = body.length == 0 ? null : Json.parse(new String(body, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            // Not JSON: named by its status.
        }
        String code = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("x-amzn-ErrorType"))
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        if (code == null && error != null) {
            code = error.hasNonNull("__type") ? error.get("__type").asText() : error.path("code").asText(null);
        }
        code = code == null || code.isBlank() ? Integer.toString(status) : shortName(code);
        String message = error == null ? "" : error.hasNonNull("message") ? error.get("message").asText()
                : error.path("Message").asText("");
        // Not retried here (one attempt); the deliver queue retries every failure.
        return new SignedHttp.Failure(new SesException(status, code, message), false);
    }

    private static String shortName(String code) {
        String name = code;
        int colon = name.indexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        return name.substring(name.lastIndexOf('#') + 1);
    }

    /** SES tag values allow only letters, digits, '_', '-', '.', '@'. */
    static String tagValue(String value) {
        return value.replaceAll("[^A-Za-z0-9_.@-]", "_");
    }
}
