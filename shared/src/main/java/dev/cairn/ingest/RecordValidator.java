package dev.cairn.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

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
        Problems problems = new Problems();
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
                if (!FieldType.isName(field)) {
                    problems.add(field, invalidCustomName(field));
                } else if (raw.isContainerNode()) {
                    problems.add(field, field + " must be a single value, not " + (raw.isArray() ? "a list" : "an object"));
                } else if (empty) {
                    cleared.add(field);
                } else if (raw.isNumber()) {
                    try {
                        custom.put(field, FieldType.DECIMAL.normalize(field, raw));
                    } catch (FieldType.InvalidValue e) {
                        problems.add(field, e.getMessage());
                    }
                } else {
                    custom.put(field, raw.isBoolean() ? raw.booleanValue() : raw.asText());
                }
                continue;
            }
            if (empty) {
                if (schema.required().contains(field)) {
                    problems.add(field, required(field));
                } else {
                    cleared.add(field);
                }
                continue;
            }
            try {
                values.put(field, type.normalize(field, raw));
            } catch (FieldType.InvalidValue e) {
                problems.add(field, e.getMessage());
            }
        }
        for (String field : schema.required()) {
            if (!input.has(field)) {
                problems.add(field, required(field));
            }
        }
        if (custom.size() > MAX_CUSTOM_ATTRIBUTES) {
            problems.add(null, TOO_MANY_CUSTOM);
        }
        if (!problems.isEmpty()) {
            return problems.rejected(row, rawId(schema, field -> {
                JsonNode value = input.get(field);
                return value == null || value.isNull() || value.isContainerNode() ? "" : value.asText();
            }));
        }
        return new Accepted(new EntityRecord(schema.idOf(values), values, custom, cleared));
    }

    /**
     * Validates one CSV row, its non-blank cells placed by column ({@link CsvRows.Row#cells()}): the same checks,
     * messages and record as {@link #validate(EntitySchema, JsonNode, int)} gives for a JSON object of those cells as
     * text, without building that object per row and reading it back. A CSV row clears nothing: a blank cell is
     * missing.
     */
    public static Result validate(CsvColumns columns, String[] cells, int row) {
        Problems problems = null;
        ColumnValues values = new ColumnValues(columns.names());
        ColumnValues custom = null;
        for (int column = 0; column < cells.length; column++) {
            String cell = cells[column];
            if (cell == null) {
                continue;
            }
            String field = columns.name(column);
            FieldType type = columns.type(column);
            if (type != null) {
                try {
                    values.set(column, type.normalizeText(field, cell));
                } catch (FieldType.InvalidValue e) {
                    problems = Problems.add(problems, field, e.getMessage());
                }
            } else if (!columns.customNameValid(column)) {
                problems = Problems.add(problems, field, invalidCustomName(field));
            } else {
                if (custom == null) {
                    custom = new ColumnValues(columns.names());
                }
                custom.set(column, cell);
            }
        }
        String[] requiredFields = columns.requiredFields();
        int[] requiredColumns = columns.requiredColumns();
        for (int i = 0; i < requiredColumns.length; i++) {
            if (requiredColumns[i] < 0 || cells[requiredColumns[i]] == null) {
                problems = Problems.add(problems, requiredFields[i], required(requiredFields[i]));
            }
        }
        if (custom != null && custom.size() > MAX_CUSTOM_ATTRIBUTES) {
            problems = Problems.add(problems, null, TOO_MANY_CUSTOM);
        }
        EntitySchema schema = columns.schema();
        if (problems != null) {
            int[] keyColumns = columns.keyColumns();
            List<String> keyFields = schema.keyFields();
            return problems.rejected(row, rawId(schema, field -> {
                int column = keyColumns[keyFields.indexOf(field)];
                return column < 0 || cells[column] == null ? "" : cells[column];
            }));
        }
        return new Accepted(new EntityRecord(schema.idOf(values), values, custom == null ? Map.of() : custom, Set.of()));
    }

    private static final String TOO_MANY_CUSTOM = "at most " + MAX_CUSTOM_ATTRIBUTES + " custom attributes";

    private static String required(String field) {
        return field + " is required";
    }

    /** Custom attribute names must be usable in Liquid ({@code contact.favourite_color}) and safe as item attributes. */
    private static String invalidCustomName(String field) {
        return "custom attribute name '" + field
                + "' must start with a lowercase letter and use only a-z, 0-9 and _ (at most 64)";
    }

    /** A row's problems, each a column (or null) and a message; the rejections name the row's id, worked out only then. */
    private static final class Problems {
        private final List<String> columns = new ArrayList<>();
        private final List<String> messages = new ArrayList<>();

        void add(String column, String message) {
            columns.add(column);
            messages.add(message);
        }

        /** Adds to {@code problems}, created at the first one: a valid row makes none. */
        static Problems add(Problems problems, String column, String message) {
            Problems to = problems == null ? new Problems() : problems;
            to.add(column, message);
            return to;
        }

        boolean isEmpty() {
            return columns.isEmpty();
        }

        Rejected rejected(int row, String id) {
            List<Rejection> rejections = new ArrayList<>(columns.size());
            for (int i = 0; i < columns.size(); i++) {
                rejections.add(new Rejection(row, id, columns.get(i), messages.get(i)));
            }
            return new Rejected(rejections);
        }
    }

    /**
     * The record's id as given, for naming a rejected row: its key fields' raw values (from {@code rawText}, "" when
     * absent) stripped and joined with '|'.
     */
    private static String rawId(EntitySchema schema, UnaryOperator<String> rawText) {
        StringBuilder id = new StringBuilder();
        for (String field : schema.keyFields()) {
            String text = rawText.apply(field).strip();
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
