package dev.cairn.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cairn.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sesv2.model.Message;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

/**
 * Records every email that SES accepted (a SendEmail call that returned a message id), as the local runtime's
 * {@code GET /local/outbox}. It sits in the SDK client, so it sees exactly what the handlers sent.
 */
public final class Outbox implements ExecutionInterceptor {

    /**
     * {@code headers}: the custom headers the email was sent with (List-Unsubscribe, ...), by name;
     * {@code configurationSet} and {@code tags}: the SES configuration set and message tags it was sent with.
     */
    public record Email(String messageId, String from, List<String> to, String subject, String html, String text,
                        Map<String, String> headers, String configurationSet, Map<String, String> tags) {
    }

    private final List<Email> accepted = new ArrayList<>();

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof SendEmailRequest request && context.response() instanceof SendEmailResponse response) {
            var simple = request.content().simple();
            synchronized (accepted) {
                accepted.add(new Email(response.messageId(), request.fromEmailAddress(), request.destination().toAddresses(),
                        simple.subject().data(), simple.body().html() == null ? null : simple.body().html().data(),
                        simple.body().text() == null ? null : simple.body().text().data(), headers(simple),
                        request.configurationSetName(), tags(request)));
            }
        }
    }

    private static Map<String, String> headers(Message message) {
        Map<String, String> headers = new LinkedHashMap<>();
        message.headers().forEach(h -> headers.put(h.name(), h.value()));
        return headers;
    }

    private static Map<String, String> tags(SendEmailRequest request) {
        Map<String, String> tags = new LinkedHashMap<>();
        request.emailTags().forEach(t -> tags.put(t.name(), t.value()));
        return tags;
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
