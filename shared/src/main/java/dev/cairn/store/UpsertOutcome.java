package dev.cairn.store;

import java.util.Map;

/**
 * What one upsert did. {@code changes} maps each field whose value changed to its value before (null when it
 * was absent); it is empty for an unchanged record.
 */
public record UpsertOutcome(String id, Status status, Map<String, Object> before, Map<String, Object> changes) {

    public enum Status { CREATED, UPDATED, UNCHANGED }
}
