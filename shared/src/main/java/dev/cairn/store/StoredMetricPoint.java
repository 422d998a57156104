package dev.cairn.store;

/**
 * One metric point as stored in its account's partition.
 *
 * @param contactId the contact the point is about, or null for a point about the whole account
 * @param date      {@code YYYY-MM-DD}
 */
public record StoredMetricPoint(String accountId, String contactId, String metric, String date, double value) {
}
