package dev.cairn.plan;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The data completion rules are checked against, gathered by the caller for one account: its events and metric
 * points (each with the contact it concerns, or null for the account), and the account's and a contact's stored
 * attributes (custom ones as {@code custom.<name>}).
 */
public record RuleData(List<Event> events, List<MetricPoint> metrics, Map<String, Object> account,
                       Map<String, Object> contact) {

    public record Event(String name, Instant at, String contactId) {
    }

    public record MetricPoint(String metric, LocalDate date, BigDecimal value, String contactId) {
    }
}
