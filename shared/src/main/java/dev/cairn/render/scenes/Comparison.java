package dev.cairn.render.scenes;

import dev.cairn.program.FieldSpec;
import java.util.Set;

/**
 * Whose figure a benchmark or support-usage scene sets against whose, so that a page never presents the account's
 * number as the contact's: a contact without points of its own sees its account's series, which may be shown as
 * the account's figure against other accounts, but never as the contact's against their teammates.
 *
 * @param subject {@code contact} or {@code account}: whose figure the compared field holds
 * @param peers   who the reference is computed over, as a phrase ("your team", "accounts in your segment"); null
 *                when the reference is not an aggregate
 */
public record Comparison(String subject, String peers) {

    /** Null when the comparison would mislead: the account's figure against a reference over contacts. */
    public static Comparison of(FieldSpec field, FieldSpec reference, Set<String> accountSeries) {
        String subject = subject(field, accountSeries);
        if (reference instanceof FieldSpec.Aggregate aggregate) {
            boolean overContacts = FieldSpec.CONTACT_SCOPES.contains(aggregate.scope());
            if (overContacts && subject.equals("account")) {
                return null;
            }
            return new Comparison(subject, phrase(aggregate.scope()));
        }
        return new Comparison(subject, null);
    }

    /**
     * {@code account} for an account attribute, a computed value (each derives from the account) or a metric read
     * from the account's series; {@code contact} otherwise. (A compared field is a number: a value, a computed
     * value or an aggregate.)
     */
    static String subject(FieldSpec field, Set<String> accountSeries) {
        if (field instanceof FieldSpec.Value value) {
            String source = value.source();
            return source.startsWith("account.") || source.startsWith("metric.")
                    && accountSeries.contains(source.substring("metric.".length())) ? "account" : "contact";
        }
        return field instanceof FieldSpec.Computed ? "account" : "contact";
    }

    private static String phrase(String scope) {
        return switch (scope) {
            case "team" -> "your team";
            case "account" -> "your colleagues";
            case "segment" -> "accounts in your segment";
            case "plan" -> "accounts on your plan";
            default -> "all our customers";
        };
    }
}
