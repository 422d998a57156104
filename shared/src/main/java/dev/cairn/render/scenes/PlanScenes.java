package dev.cairn.render.scenes;

import dev.cairn.plan.OnboardingMetrics;
import dev.cairn.plan.Phase;
import dev.cairn.plan.Plan;
import dev.cairn.plan.PlanView;
import java.time.LocalDate;
import dev.cairn.render.LocaleFormat;
import dev.cairn.render.SafeHtml;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.function.Function;

/**
 * What the success-plan and executive-summary scenes see of a plan ({@code scene.*}), as plain values for the
 * templates: dates as {@code YYYY-MM-DD}, completion times as instants, statuses as {@code on_track}, {@code behind},
 * {@code at_risk} or {@code completed}.
 */
public final class PlanScenes {

    private PlanScenes() {
    }

    /**
     * Progress per phase and overall, status, the last achievements and the next best actions of one contact. Each
     * next action is the contact's to do (a customer task that concerns their persona), so each carries
     * {@code done_url}, where its "Mark done" form posts ({@code doneUrl} of the task's id; empty in a preview).
     */
    public static Map<String, Object> successPlan(Plan plan, Map<String, Object> contact, LocalDate today,
                                                  Function<String, String> doneUrl) {
        PlanView view = PlanView.of(plan, PlanView.personasOf(contact), today);
        Map<String, Object> model = new HashMap<>();
        model.put("plan_name", plan.templateName());
        model.put("status", view.status().id());
        model.put("overall", progress(view.overall()));
        model.put("phases", view.phases().stream().map(PlanScenes::progress).toList());
        model.put("achievements", view.achievements().stream().map(a -> Map.<String, Object>of("task", a.taskId(),
                "title", a.title(), "completed_at", a.completedAt().toString(), "milestone", a.milestone())).toList());
        model.put("next_actions", view.nextActions().stream().map(a -> {
            Map<String, Object> action = action(plan, a);
            action.put("done_url", doneUrl.apply(a.taskId()));
            return action;
        }).toList());
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

    /** What each onboarding metric is called on a page, in the order the metrics are computed. */
    private static final Map<String, String> METRIC_LABELS = Map.of(
            "time_to_value_days", "Time to value",
            "user_adoption_rate", "User adoption",
            "on_time_milestone_rate", "Milestones on time",
            "csat", "Satisfaction (CSAT, 1 to 5)",
            "ces", "Effort (CES, 1 to 7)",
            "nps", "Net Promoter Score",
            "support_tickets_per_customer", "Support tickets per customer",
            "expansion_within_90_days_rate", "Expansion within 90 days",
            "churn_within_180_days_rate", "Churn within 180 days");

    /**
     * The onboarding metrics for executives: each figure with a value (formatted for the locale) and its
     * benchmark band, those with nothing to count left out; and a bar chart of the percentages (adoption, on-time
     * milestones, expansion, churn) as inline SVG with its text alternative.
     */
    public static Map<String, Object> onboardingMetrics(List<OnboardingMetrics.Metric> metrics, String anchor,
                                                        Locale locale) {
        List<Map<String, Object>> figures = new ArrayList<>();
        List<Charts.Point> percentages = new ArrayList<>();
        for (OnboardingMetrics.Metric m : metrics) {
            if (m.value() == null) {
                continue;
            }
            String label = METRIC_LABELS.getOrDefault(m.id(), m.id());
            String number = LocaleFormat.number(m.value(), locale, 1);
            Map<String, Object> figure = new HashMap<>();
            figure.put("id", m.id());
            figure.put("label", label);
            figure.put("value", switch (m.unit()) {
                case "percent" -> number + "%";
                case "days" -> number + " days";
                default -> number;
            });
            figure.put("band", m.band() == null ? "" : m.band().id());
            figure.put("band_label", m.band() == null ? "" : m.band().label());
            figure.put("counted", m.counted());
            figures.add(figure);
            if (m.unit().equals("percent")) {
                percentages.add(new Charts.Point(label, m.value().doubleValue()));
            }
        }
        Map<String, Object> model = new HashMap<>();
        model.put("figures", figures);
        if (!percentages.isEmpty()) {
            DoubleFunction<String> format = v -> LocaleFormat.number(v, locale, 1) + "%";
            model.put("svg", new SafeHtml(Charts.bar(anchor + "-chart", anchor + "-h", percentages, format)));
            model.put("summary", Charts.describe(percentages, format));
        }
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
