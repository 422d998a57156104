package dev.cairn.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.json.Json;
import dev.cairn.program.SendWindow;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * A rendered email for one contact, ready for the deliver stage. {@code unsubscribeUrl} (the List-Unsubscribe
 * target) and {@code category} (what an unsubscribe opts out of) are null in messages queued before they existed:
 * such an email goes without the header, and the program's id stands for its category. {@code window} is the
 * program's send window (null: any time), read in the contact's {@code timezone} (null: UTC).
 */
public record DeliveryRequest(String programId, String contactId, String runId, String step, String to,
                              String subject, String html, String text, String unsubscribeUrl, String category,
                              SendWindow window, String timezone) {

    public DeliveryRequest(String programId, String contactId, String runId, String step, String to, String subject,
                           String html, String text) {
        this(programId, contactId, runId, step, to, subject, html, text, null, null, null, null);
    }

    /** The category an unsubscribe of this email opts out of. */
    public String categoryOrProgram() {
        return category == null ? programId : category;
    }

    public String toJson() {
        ObjectNode node = Json.object().put("type", "deliver").put("program_id", programId)
                .put("contact_id", contactId).put("run_id", runId).put("step", step).put("to", to)
                .put("subject", subject).put("html", html).put("text", text)
                .put("unsubscribe_url", unsubscribeUrl).put("category", category).put("timezone", timezone);
        if (window != null) {
            ObjectNode w = node.putObject("send_window").put("from", window.from().toString()).put("to", window.to().toString());
            window.days().stream().sorted().forEach(d -> w.withArray("days").add(d.name()));
        }
        return Json.write(node);
    }

    public static DeliveryRequest fromJson(JsonNode node) {
        SendWindow window = null;
        JsonNode w = node.get("send_window");
        if (w != null && w.isObject()) {
            try {
                Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
                w.path("days").forEach(d -> days.add(DayOfWeek.valueOf(d.asText())));
                window = new SendWindow(Set.copyOf(days), LocalTime.parse(w.path("from").asText()), LocalTime.parse(w.path("to").asText()));
            } catch (RuntimeException e) {
                throw new InvalidMessageException("send_window is not valid: " + e.getMessage());
            }
        }
        return new DeliveryRequest(Messages.required(node, "program_id"), Messages.required(node, "contact_id"),
                Messages.required(node, "run_id"), Messages.required(node, "step"), Messages.required(node, "to"),
                Messages.required(node, "subject"), Messages.present(node, "html"), Messages.present(node, "text"),
                Json.text(node, "unsubscribe_url"), Json.text(node, "category"), window, Json.text(node, "timezone"));
    }
}
