package dev.cairn.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;

/** A rendered email for one contact, ready for the deliver stage. */
public record DeliveryRequest(String programId, String contactId, String runId, String step, String to,
                              String subject, String html, String text) {

    public String toJson() {
        return Json.write(Json.object().put("type", "deliver").put("program_id", programId)
                .put("contact_id", contactId).put("run_id", runId).put("step", step).put("to", to)
                .put("subject", subject).put("html", html).put("text", text));
    }

    public static DeliveryRequest fromJson(JsonNode node) {
        return new DeliveryRequest(Messages.required(node, "program_id"), Messages.required(node, "contact_id"),
                Messages.required(node, "run_id"), Messages.required(node, "step"), Messages.required(node, "to"),
                Messages.required(node, "subject"), Messages.present(node, "html"), Messages.present(node, "text"));
    }
}
