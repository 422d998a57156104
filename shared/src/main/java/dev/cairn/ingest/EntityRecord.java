package dev.cairn.ingest;

import java.util.Map;
import java.util.Set;

/**
 * One validated input record: the normalised values it provides (known fields and custom attributes) and the
 * fields it explicitly clears with null. Omitted fields are in neither and keep their stored value.
 */
public record EntityRecord(String id, Map<String, Object> values, Map<String, Object> custom, Set<String> cleared) {

    public Object get(String field) {
        return values.get(field);
    }
}
