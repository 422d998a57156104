package dev.cairn.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;

/**
 * A rendered email for one contact, ready for the deliver stage. {@code unsubscribeUrl} (the List-Unsubscribe
 * target) and {@code category} (what an unsubscribe opts out of) are null in messages queued before they existed:
 * such an email goes without the header, and the program's id stands for its category.
 */
public record DeliveryRequest(String programId, String contactId, String runId, String step, String to,
                              String subject, String html, String text, String unsubscribeUrl, String category) {

    public DeliveryRequest(String programId, String contactId, String runId, String step, String to, String subject,
                           String html, String text) {
        this(programId, contactId, runId, step, to, subject, html, text, null, null);
    }

    /** The category an unsubscribe of this email opts out of. */
    public String categoryOrProgram() {
        return category == null ? programId : category;
    }

    public String toJson() {
        return Json.write(Json.object().put("type", "deliver").put("program_id", programId)
                .put("contact_id", contactId).put("run_id", runId).put("step", step).put("to", to)
                .put("subject", subject).put("html", html).put("text", text)
                .put("unsubscribe_url", unsubscribeUrl).put("category", category));
    }

    public static DeliveryRequest fromJson(JsonNode node) {
        return new DeliveryRequest(Messages.required(node, "program_id"), Messages.required(node, "contact_id"),
                Messages.required(node, "run_id"), Messages.required(node, "step"), Messages.required(node, "to"),
                Messages.required(node, "subject"), Messages.present(node, "html"), Messages.present(node, "text"),
                Json.text(node, "unsubscribe_url"), Json.text(node, "category"));
    }
}
