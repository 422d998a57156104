package dev.cairn.plan;

import java.util.List;

/**
 * A reusable plan: phases and their tasks, in order, written for the standard timeline.
 *
 * @param kind what the plan onboards: {@code account}, {@code user}, {@code product} or {@code add_on}
 * @param lengthDays how long the plan runs on the standard timeline (day 1 to this day)
 */
public record PlanTemplate(String id, String name, String kind, int lengthDays, List<Phase> phases,
                           List<TaskSpec> tasks) {

    public static final List<String> KINDS = List.of("account", "user", "product", "add_on");
}
