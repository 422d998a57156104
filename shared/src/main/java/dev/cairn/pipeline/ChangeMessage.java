package dev.cairn.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A change to an account or contact that may start a program, sent by ingestion to the evaluation queue.
 * {@code changedFields} names what changed ("created" changes name every provided field).
 */
public record ChangeMessage(String kind, String id, String accountId, String change, List<String> changedFields,
                            String at) {

    public static ChangeMessage of(String kind, String id, String accountId, String change,
                                   Map<String, Object> changes, String at) {
        return new ChangeMessage(kind, id, accountId, change, List.copyOf(changes.keySet()), at);
    }

    public String toJson() {
        ObjectNode node = Json.object().put("type", "change").put("kind", kind).put("id", id)
                .put("account_id", accountId).put("change", change).put("at", at);
        changedFields.forEach(node.putArray("changed_fields")::add);
        return Json.write(node);
    }

    public static ChangeMessage fromJson(JsonNode node) {
        List<String> fields = new ArrayList<>();
        for (Iterator<JsonNode> it = node.path("changed_fields").elements(); it.hasNext(); ) {
            fields.add(it.next().asText());
        }
        return new ChangeMessage(Messages.required(node, "kind"), Messages.required(node, "id"),
                Json.text(node, "account_id"), Messages.required(node, "change"), fields, Json.text(node, "at"));
    }
}
