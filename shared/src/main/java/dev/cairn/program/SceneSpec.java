package dev.cairn.program;

import java.util.List;
import java.util.Set;

/**
 * One building block of a hub page ({@code scenes:} in program.yaml), rendered by the built-in template of its
 * type unless {@code template} names a file of the program. Type-specific settings are null when not used:
 * {@code field} (metric, charts, benchmark, support usage, leaderboard), {@code reference} (benchmark, support
 * usage), {@code format} (metric, benchmark), {@code question} and {@code scale} (poll), {@code paths} (navigation).
 */
public record SceneSpec(String id, String type, String when, Localized title, Localized narration, String template,
                        String field, String reference, String format, Localized question, String scale,
                        List<Path> paths) {

    public static final Set<String> TYPES = Set.of("intro", "editorial", "metric", "bar_chart", "line_chart",
            "benchmark", "leaderboard", "license_utilization", "renewal", "recommendations", "poll", "navigation",
            "success_plan", "executive_summary", "support_usage", "relationship", "onboarding_metrics");
    /** The scene types that show the contact's success plan: only a program with one of them reads plans. */
    public static final Set<String> PLAN_TYPES = Set.of("success_plan", "executive_summary");
    /** The scene type that shows the onboarding metrics: only a program with one computes them. */
    public static final String ONBOARDING_METRICS = "onboarding_metrics";
    public static final Set<String> FORMATS = Set.of("number", "percent", "currency");
    public static final Set<String> POLL_SCALES = Set.of("nps", "ces", "csat");

    /** A route through the page the reader can choose, such as "I run the platform": its scenes in order. */
    public record Path(String id, Localized label, List<String> scenes) {
    }
}
