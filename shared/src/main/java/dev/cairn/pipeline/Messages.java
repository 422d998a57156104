package dev.cairn.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;

/** Parsing helpers shared by the message types. */
public final class Messages {

    private Messages() {
    }

    public static JsonNode parse(String body) {
        try {
            JsonNode node = Json.parse(body);
            if (node == null || !node.isObject()) {
                throw new InvalidMessageException("message body is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException("message body is not JSON: " + e.getOriginalMessage());
        }
    }

    /** A field that must be there but may be empty (an email part whose template rendered nothing). */
    static String present(JsonNode node, String field) {
        String value = Json.text(node, field);
        if (value == null) {
            throw new InvalidMessageException(field + " is missing");
        }
        return value;
    }

    static String required(JsonNode node, String field) {
        String value = Json.text(node, field);
        if (value == null || value.isEmpty()) {
            throw new InvalidMessageException(field + " is missing");
        }
        return value;
    }
}
