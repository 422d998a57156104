package dev.cairn.plan;

import java.math.BigDecimal;

/**
 * When a task completes by itself, from data: an event arrives, a metric reaches a threshold, or a field of the
 * account or contact takes a value. Evaluated by {@link Plan#applyRules}.
 */
public sealed interface CompletionRule {

    /** The human-readable form used in the API and change log, e.g. {@code metric active_users >= 5}. */
    String describe();

    /** An event of this name (e.g. {@code integration_connected}). */
    record OnEvent(String event) implements CompletionRule {
        public String describe() {
            return "event " + event;
        }
    }

    /** A metric point of this name whose value is at least the threshold. */
    record OnMetric(String metric, BigDecimal atLeast) implements CompletionRule {
        public String describe() {
            return "metric " + metric + " >= " + atLeast.toPlainString();
        }
    }

    /**
     * A field of the account or contact ({@code account.licenses_used}, {@code contact.custom.trained}) that equals
     * a value, or is a number at least a threshold; exactly one of {@code equals} and {@code atLeast} is set.
     */
    record OnField(String entity, String field, Object equals, BigDecimal atLeast) implements CompletionRule {
        public String describe() {
            return "field " + entity + "." + field + (atLeast != null ? " >= " + atLeast.toPlainString() : " == " + equals);
        }
    }
}
