package dev.cairn.program;

import java.util.Set;

/**
 * A named, data-driven value a program's content uses, as declared under {@code fields:} in program.yaml.
 * Sources are written {@code contact.<attribute>}, {@code account.<attribute>} or {@code metric.<name>}.
 */
public sealed interface FieldSpec {

    /** Computed values Cairn knows how to derive from an account. */
    Set<String> COMPUTED = Set.of("license_utilization", "days_to_renewal", "tenure_days");
    /** The functions of an aggregate field. */
    Set<String> AGGREGATES = Set.of("median", "mean", "percentile", "min", "max", "count", "sum");
    /** Scopes whose members are contacts (of the contact's team, or of its whole account). */
    Set<String> CONTACT_SCOPES = Set.of("team", "account");
    /** Scopes whose members are accounts (of the same segment, of the same plan, or all of them). */
    Set<String> ACCOUNT_SCOPES = Set.of("segment", "plan", "all");

    String name();

    /** A direct attribute or the latest value of a metric. */
    record Value(String name, String source) implements FieldSpec {
    }

    record Computed(String name, String function) implements FieldSpec {
    }

    /** The last {@code points} points of a metric, oldest first: what a chart draws. */
    record History(String name, String metric, int points) implements FieldSpec {
    }

    /** How a metric moved over {@code days}: from, to, delta and ratio. */
    record Change(String name, String metric, int days) implements FieldSpec {
    }

    /** {@code function} of {@code of} over every member of {@code scope}; {@code percentile} only for percentile. */
    record Aggregate(String name, String function, double percentile, String of, String scope) implements FieldSpec {
    }

    /** The members of {@code scope} ranked by {@code of}, the best {@code top} named, and the contact's own rank. */
    record Leaderboard(String name, String of, String scope, int top) implements FieldSpec {
    }
}
