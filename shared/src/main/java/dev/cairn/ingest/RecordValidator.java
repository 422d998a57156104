package dev.cairn.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validates one input object against a schema, collecting every problem rather than stopping at the first. */
public final class RecordValidator {

    private static final int MAX_CUSTOM_ATTRIBUTES = 50;

    private RecordValidator() {
    }

    public sealed interface Result permits Accepted, Rejected {
    }

    public record Accepted(EntityRecord record) implements Result {
    }

    public record Rejected(List<Rejection> rejections) implements Result {
    }

    public static Result validate(EntitySchema schema, JsonNode input, int row) {
        if (input == null || !input.isObject()) {
            return new Rejected(List.of(new Rejection(row, null, null,
                    "each " + schema.kind() + " must be a JSON object")));
        }
        String id = rawId(schema, input);
        List<Rejection> problems = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Object> custom = new LinkedHashMap<>();
        Set<String> cleared = new LinkedHashSet<>();

        for (Iterator<Map.Entry<String, JsonNode>> it = input.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String field = entry.getKey();
            JsonNode raw = entry.getValue();
            FieldType type = schema.fields().get(field);
            boolean empty = raw.isNull() || (raw.isTextual() && raw.asText().isBlank());
            if (type == null) {
                // Custom attribute names must be usable in Liquid (`contact.favourite_color`) and safe as item attributes.
                if (!FieldType.isName(field)) {
                    problems.add(new Rejection(row, id, field, "custom attribute name '" + field
                            + "' must start with a lowercase letter and use only a-z, 0-9 and _ (at most 64)"));
                } else if (raw.isContainerNode()) {
                    problems.add(new Rejection(row, id, field, field + " must be a single value, not "
                            + (raw.isArray() ? "a list" : "an object")));
                } else if (empty) {
                    cleared.add(field);
                } else if (raw.isNumber()) {
                    try {
                        custom.put(field, FieldType.DECIMAL.normalize(field, raw));
                    } catch (FieldType.InvalidValue e) {
                        problems.add(new Rejection(row, id, field, e.getMessage()));
                    }
                } else {
                    custom.put(field, raw.isBoolean() ? raw.booleanValue() : raw.asText());
                }
                continue;
            }
            if (empty) {
                if (schema.required().contains(field)) {
                    problems.add(new Rejection(row, id, field, field + " is required"));
                } else {
                    cleared.add(field);
                }
                continue;
            }
            try {
                values.put(field, type.normalize(field, raw));
            } catch (FieldType.InvalidValue e) {
                problems.add(new Rejection(row, id, field, e.getMessage()));
            }
        }
        for (String field : schema.required()) {
            if (!input.has(field)) {
                problems.add(new Rejection(row, id, field, field + " is required"));
            }
        }
        if (custom.size() > MAX_CUSTOM_ATTRIBUTES) {
            problems.add(new Rejection(row, id, null, "at most " + MAX_CUSTOM_ATTRIBUTES + " custom attributes"));
        }
        if (!problems.isEmpty()) {
            return new Rejected(problems);
        }
        return new Accepted(new EntityRecord(schema.idOf(values), values, custom, cleared));
    }

    /** The record's id as given, for naming a rejected row: its key fields' raw values joined with '|'. */
    private static String rawId(EntitySchema schema, JsonNode input) {
        StringBuilder id = new StringBuilder();
        for (String field : schema.keyFields()) {
            JsonNode value = input.get(field);
            String text = value == null || value.isNull() || value.isContainerNode() ? "" : value.asText().strip();
            if (field.equals(schema.idField()) && text.isEmpty() && schema.keyFields().size() == 1) {
                return null;
            }
            id.append(field.equals(schema.idField()) ? "" : "|").append(text);
        }
        int end = id.length();
        while (end > 0 && id.charAt(end - 1) == '|') {
            end--;
        }
        return end == 0 ? null : id.substring(0, end);
    }
}
