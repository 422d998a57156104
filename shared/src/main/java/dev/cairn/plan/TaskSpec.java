package dev.cairn.plan;

import java.util.List;
import java.util.Set;

/**
 * One task of a template, as written: {@code due} is the day from the plan's start on the standard timeline.
 *
 * @param personas       who the task concerns (admin, end_user, executive, champion, ...); empty means everyone
 * @param prerequisites  ids of tasks that should come first; they only order suggestions, never block completion
 * @param firstValue     completing it means the customer reached first measurable value (time to value)
 * @param rule           completes the task from data; null when it is ticked off by hand
 */
public record TaskSpec(String id, String title, String phase, Side owner, Set<String> personas, int due,
                       boolean milestone, List<String> prerequisites, boolean firstValue, CompletionRule rule) {
}
