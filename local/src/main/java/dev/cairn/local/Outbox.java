package dev.cairn.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cairn.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * Records every email that SES accepted (a SendEmail call answered with a message id), as the local runtime's
 * {@code GET /local/outbox}. It reads the SES v2 requests on the functions' HTTP client ({@link #watching}), so it
 * sees exactly what the handlers sent on the wire (the emulator keeps neither headers nor tags).
 */
public final class Outbox {

    /**
     * {@code headers}: the custom headers the email was sent with (List-Unsubscribe, ...), by name;
     * {@code configurationSet} and {@code tags}: the SES configuration set and message tags it was sent with.
     */
    public record Email(String messageId, String from, List<String> to, String subject, String html, String text,
                        Map<String, String> headers, String configurationSet, Map<String, String> tags) {
    }

    private final List<Email> accepted = new ArrayList<>();

    /** {@code http}, recording each SendEmail it carries that SES answers with a message id. */
    SdkHttpClient watching(SdkHttpClient http) {
        return new HttpObserver(http, request -> request.method() == SdkHttpMethod.POST
                && request.encodedPath().endsWith("/v2/email/outbound-emails"), (request, sent, status, answer) -> {
                    if (status / 100 == 2) {
                        record(Json.parse(new String(sent, StandardCharsets.UTF_8)),
                                Json.parse(new String(answer, StandardCharsets.UTF_8)).path("MessageId").asText());
                    }
                });
    }

    /** A SendEmail request as SES v2's JSON carries it (Content.Simple: what deliver sends). */
    private void record(JsonNode request, String messageId) {
        JsonNode simple = request.path("Content").path("Simple");
        List<String> to = new ArrayList<>();
        request.path("Destination").path("ToAddresses").forEach(a -> to.add(a.asText()));
        Email email = new Email(messageId, request.path("FromEmailAddress").asText(), List.copyOf(to),
                simple.path("Subject").path("Data").asText(), data(simple.path("Body").path("Html")),
                data(simple.path("Body").path("Text")), pairs(simple.path("Headers")),
                request.path("ConfigurationSetName").asText(null), pairs(request.path("EmailTags")));
        synchronized (accepted) {
            accepted.add(email);
        }
    }

    private static String data(JsonNode part) {
        return part.isMissingNode() ? null : part.path("Data").asText();
    }

    /** SES's lists of {@code {"Name": ..., "Value": ...}}, by name. */
    private static Map<String, String> pairs(JsonNode list) {
        Map<String, String> pairs = new LinkedHashMap<>();
        list.forEach(pair -> pairs.put(pair.path("Name").asText(), pair.path("Value").asText()));
        return pairs;
    }

    public List<Email> emails() {
        synchronized (accepted) {
            return List.copyOf(accepted);
        }
    }

    public String toJson() {
        ArrayNode list = Json.array();
        for (Email email : emails()) {
            var node = list.addObject().put("messageId", email.messageId()).put("from", email.from())
                    .put("subject", email.subject()).put("html", email.html()).put("text", email.text());
            email.to().forEach(node.putArray("to")::add);
            var headers = node.putObject("headers");
            email.headers().forEach(headers::put);
            node.put("configurationSet", email.configurationSet());
            var tags = node.putObject("tags");
            email.tags().forEach(tags::put);
        }
        return Json.write(list);
    }
}
