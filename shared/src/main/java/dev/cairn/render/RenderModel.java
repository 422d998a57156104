package dev.cairn.render;

import java.util.HashMap;
import java.util.Map;

/** Builds the variables a program's templates see: contact, account, hub and program. */
public final class RenderModel {

    private static final String CUSTOM_PREFIX = "custom.";

    private RenderModel() {
    }

    public static Map<String, Object> of(Map<String, Object> contact, Map<String, Object> account, String hubUrl,
                                         String programId, String programName) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("contact", entity(contact));
        variables.put("account", entity(account));
        variables.put("hub", Map.of("url", hubUrl == null ? "" : hubUrl));
        variables.put("program", Map.of("id", programId, "name", programName));
        return variables;
    }

    /** Known fields as they are; custom attributes both at the top level (unless a known field has the name) and under custom. */
    static Map<String, Object> entity(Map<String, Object> stored) {
        Map<String, Object> fields = new HashMap<>();
        Map<String, Object> custom = new HashMap<>();
        stored.forEach((name, value) -> {
            if (name.startsWith(CUSTOM_PREFIX)) {
                custom.put(name.substring(CUSTOM_PREFIX.length()), value);
            } else {
                fields.put(name, value);
            }
        });
        custom.forEach(fields::putIfAbsent);
        fields.put("custom", custom);
        return fields;
    }
}
