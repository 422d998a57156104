package dev.cairn.render.fields;

import dev.cairn.plan.OnboardingMetrics;
import dev.cairn.plan.Plan;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the field engine reads for one contact, gathered by the caller.
 *
 * @param contact the contact's stored attributes (custom ones as {@code custom.<name>})
 * @param account the contact's account's stored attributes
 * @param today   the date in the contact's time zone
 * @param metrics the contact's and account's metric history by metric name, oldest point first
 * @param peers   the members of each scope a field names ({@code team}, {@code account}, {@code segment}, ...)
 * @param plan    the success plan the contact's page shows; null when the contact has none or no scene shows one
 * @param accountSeries the metrics whose series in {@code metrics} are the account's, because the contact has no
 *                points of its own: a page may show them as the account's figures, never as the contact's
 * @param npsAnswers the NPS poll answers of the account's contacts by contact id, oldest first, for the relationship
 *                scene; empty when the program has none
 * @param onboarding the onboarding metrics of the contact's account; null when no scene shows them
 */
public record FieldData(Map<String, Object> contact, Map<String, Object> account, LocalDate today,
                        Map<String, List<MetricPoint>> metrics, Map<String, List<Peer>> peers, Plan plan,
                        Set<String> accountSeries, Map<String, List<MetricPoint>> npsAnswers,
                        List<OnboardingMetrics.Metric> onboarding) {

    /** For a program that shows no onboarding metrics. */
    public FieldData(Map<String, Object> contact, Map<String, Object> account, LocalDate today,
                     Map<String, List<MetricPoint>> metrics, Map<String, List<Peer>> peers, Plan plan,
                     Set<String> accountSeries, Map<String, List<MetricPoint>> npsAnswers) {
        this(contact, account, today, metrics, peers, plan, accountSeries, npsAnswers, null);
    }

    /** Every series the contact's own. */
    public FieldData(Map<String, Object> contact, Map<String, Object> account, LocalDate today,
                     Map<String, List<MetricPoint>> metrics, Map<String, List<Peer>> peers, Plan plan) {
        this(contact, account, today, metrics, peers, plan, Set.of(), Map.of());
    }

    /** For a program that shows no success plan. */
    public FieldData(Map<String, Object> contact, Map<String, Object> account, LocalDate today,
                     Map<String, List<MetricPoint>> metrics, Map<String, List<Peer>> peers) {
        this(contact, account, today, metrics, peers, null);
    }
}
