package dev.cairn.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A change to an account, contact, metric point or event that may start a program. {@code changedFields} names
 * what changed ("created" changes name every provided field). Ingestion sends changes to the evaluation queue in
 * batches, one message per chunk of written records ({@link #batchJson}).
 */
public record ChangeMessage(String kind, String id, String accountId, String change, List<String> changedFields,
                            ObjectNode before, String at) {

    /** {@code changes} maps each changed field to its value before the change (null when it was absent). */
    public static ChangeMessage of(String kind, String id, String accountId, String change,
                                   Map<String, Object> changes, String at) {
        ObjectNode before = Json.object();
        changes.forEach((field, value) -> {
            if (value != null) {
                before.set(field, Json.MAPPER.valueToTree(value));
            }
        });
        return new ChangeMessage(kind, id, accountId, change, List.copyOf(changes.keySet()), before, at);
    }

    /** A changed field's value before the change, or a missing node. */
    public JsonNode valueBefore(String field) {
        return before == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : before.path(field);
    }

    /** One queue message carrying several changes: {"type": "changes", "changes": [...]}. */
    public static String batchJson(List<ChangeMessage> changes) {
        ObjectNode message = Json.object().put("type", "changes");
        var array = message.putArray("changes");
        for (ChangeMessage change : changes) {
            ObjectNode node = array.addObject().put("kind", change.kind).put("id", change.id)
                    .put("account_id", change.accountId).put("change", change.change).put("at", change.at);
            change.changedFields.forEach(node.putArray("changed_fields")::add);
            if (change.before != null && !change.before.isEmpty()) {
                node.set("before", change.before);
            }
        }
        return Json.write(message);
    }

    public static List<ChangeMessage> fromBatchJson(JsonNode message) {
        JsonNode changes = message.get("changes");
        if (!"changes".equals(Json.text(message, "type")) || changes == null || !changes.isArray()) {
            throw new InvalidMessageException("not a batch of changes: type must be \"changes\" with a changes array");
        }
        List<ChangeMessage> parsed = new ArrayList<>();
        changes.forEach(change -> parsed.add(fromJson(change)));
        return parsed;
    }

    static ChangeMessage fromJson(JsonNode node) {
        List<String> fields = new ArrayList<>();
        for (Iterator<JsonNode> it = node.path("changed_fields").elements(); it.hasNext(); ) {
            fields.add(it.next().asText());
        }
        JsonNode before = node.get("before");
        return new ChangeMessage(Messages.required(node, "kind"), Messages.required(node, "id"),
                Json.text(node, "account_id"), Messages.required(node, "change"), fields,
                before != null && before.isObject() ? (ObjectNode) before : Json.object(), Json.text(node, "at"));
    }
}
