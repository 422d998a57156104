package dev.cairn.render.scenes;

import dev.cairn.plan.Phase;
import dev.cairn.plan.Plan;
import dev.cairn.plan.PlanView;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the success-plan and executive-summary scenes see of a plan ({@code scene.*}), as plain values for the
 * templates: dates as {@code YYYY-MM-DD}, completion times as instants, statuses as {@code on_track}, {@code behind},
 * {@code at_risk} or {@code completed}.
 */
public final class PlanScenes {

    private PlanScenes() {
    }

    /** Progress per phase and overall, status, the last achievements and the next best actions of one contact. */
    public static Map<String, Object> successPlan(Plan plan, Map<String, Object> contact, LocalDate today) {
        PlanView view = PlanView.of(plan, PlanView.personasOf(contact), today);
        Map<String, Object> model = new HashMap<>();
        model.put("plan_name", plan.templateName());
        model.put("status", view.status().id());
        model.put("overall", progress(view.overall()));
        model.put("phases", view.phases().stream().map(PlanScenes::progress).toList());
        model.put("achievements", view.achievements().stream().map(a -> Map.<String, Object>of("task", a.taskId(),
                "title", a.title(), "completed_at", a.completedAt().toString(), "milestone", a.milestone())).toList());
        model.put("next_actions", view.nextActions().stream().map(a -> action(plan, a)).toList());
        return model;
    }

    /** Insight, not tasks: progress, status, milestones, when value was reached, the next milestone, blockers. */
    public static Map<String, Object> executiveSummary(Plan plan, LocalDate today) {
        PlanView.Executive executive = PlanView.Executive.of(plan, today);
        Map<String, Object> model = new HashMap<>();
        model.put("plan_name", plan.templateName());
        model.put("status", executive.status().id());
        model.put("overall", progress(executive.overall()));
        model.put("milestones_done", executive.milestonesDone());
        model.put("milestones", executive.milestones());
        if (executive.valueReachedAt() != null) {
            model.put("value_reached_at", executive.valueReachedAt().toString());
            model.put("days_to_value", executive.daysToValue());
        }
        if (executive.nextMilestone() != null) {
            model.put("next_milestone", action(plan, executive.nextMilestone()));
        }
        model.put("blockers", executive.blockers().stream().map(a -> action(plan, a)).toList());
        return model;
    }

    private static Map<String, Object> progress(PlanView.Progress progress) {
        return Map.of("id", progress.id(), "title", progress.title(), "done", progress.done(), "total", progress.total(),
                "percent", progress.percent());
    }

    /** {@code days_overdue} is positive for an overdue task; {@code urgent}: overdue or due within a week. */
    private static Map<String, Object> action(Plan plan, PlanView.Action action) {
        Map<String, Object> item = new HashMap<>();
        item.put("task", action.taskId());
        item.put("title", action.title());
        item.put("phase", plan.phases().stream().filter(p -> p.id().equals(action.phase())).map(Phase::title)
                .findFirst().orElse(action.phase()));
        item.put("owner", action.owner().id());
        item.put("due", action.due().toString());
        item.put("days_left", action.daysLeft());
        item.put("days_overdue", Math.max(0, -action.daysLeft()));
        item.put("overdue", action.overdue());
        item.put("urgent", action.daysLeft() <= PlanView.URGENT_WITHIN_DAYS);
        item.put("milestone", action.milestone());
        return item;
    }
}
