package dev.cairn.plan;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one contact sees of a plan on a given day: progress, status, the last achievements and the next best
 * actions (docs/plans.md). Also the executive summary: insight, not tasks.
 */
public record PlanView(Plan plan, Plan.Status status, Progress overall, List<Progress> phases,
                       List<Achievement> achievements, List<Action> nextActions) {

    public static final int ACHIEVEMENTS = 3;
    /** Three next actions, and a fourth only when it is urgent: no overwhelm. */
    public static final int NEXT_ACTIONS = 3;
    public static final int URGENT_WITHIN_DAYS = 7;

    /** Done out of counted tasks (skipped tasks do not count); percent rounded down, 100 when nothing counts. */
    public record Progress(String id, String title, int done, int total) {
        public int percent() {
            return total == 0 ? 100 : done * 100 / total;
        }
    }

    public record Achievement(String taskId, String title, Instant completedAt, boolean milestone) {
    }

    /** @param daysLeft days until due, negative when overdue */
    public record Action(String taskId, String title, String phase, Side owner, LocalDate due, long daysLeft,
                         boolean milestone) {
        public boolean overdue() {
            return daysLeft < 0;
        }
    }

    /**
     * The personas of a contact: its role (lowercase, spaces as '_', so "End User" is end_user), plus executive and
     * champion from its flags; a contact with none of these is an end_user.
     */
    /** Whether a contact may mark a task done: an open customer task that concerns one of their personas. */
    public static boolean completableBy(Plan.Task task, Set<String> personas) {
        return task.status() == Plan.TaskStatus.OPEN && task.spec().owner() == Side.CUSTOMER && Plan.concerns(task, personas);
    }

    public static Set<String> personasOf(Map<String, Object> contact) {
        Set<String> personas = new LinkedHashSet<>();
        Object role = contact.get("role");
        if (role != null && !role.toString().isBlank()) {
            personas.add(role.toString().strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_"));
        }
        if (Boolean.TRUE.equals(contact.get("is_executive"))) {
            personas.add("executive");
        }
        if (Boolean.TRUE.equals(contact.get("is_champion"))) {
            personas.add("champion");
        }
        if (personas.isEmpty()) {
            personas.add("end_user");
        }
        return personas;
    }

    public static PlanView of(Plan plan, Set<String> personas, LocalDate today) {
        List<Progress> phases = new ArrayList<>();
        int done = 0;
        int total = 0;
        for (Phase phase : plan.phases()) {
            int phaseDone = 0;
            int phaseTotal = 0;
            for (Plan.Task task : plan.tasks()) {
                if (task.spec().phase().equals(phase.id()) && task.status() != Plan.TaskStatus.SKIPPED) {
                    phaseTotal++;
                    phaseDone += task.status() == Plan.TaskStatus.DONE ? 1 : 0;
                }
            }
            phases.add(new Progress(phase.id(), phase.title(), phaseDone, phaseTotal));
            done += phaseDone;
            total += phaseTotal;
        }
        return new PlanView(plan, plan.status(today), new Progress("overall", plan.templateName(), done, total),
                List.copyOf(phases), achievements(plan, personas), nextActions(plan, personas, today));
    }

    /** The last completed tasks that concern the contact (either side's), newest first. */
    static List<Achievement> achievements(Plan plan, Set<String> personas) {
        return plan.tasks().stream()
                .filter(t -> t.status() == Plan.TaskStatus.DONE && Plan.concerns(t, personas))
                .sorted(Comparator.comparing(Plan.Task::completedAt).thenComparing(Plan.Task::position).reversed())
                .limit(ACHIEVEMENTS)
                .map(t -> new Achievement(t.id(), t.spec().title(), t.completedAt(), t.spec().milestone()))
                .toList();
    }

    /**
     * The customer's open tasks that concern the contact and whose prerequisites are done or skipped, ordered:
     * overdue first (earlier phase first, then the longest overdue), then the rest by due date (earlier phase
     * first on the same day), then plan order. Three of them, and a fourth when it is overdue or due within
     * {@link #URGENT_WITHIN_DAYS} days. Vendor tasks are never a contact's action.
     */
    static List<Action> nextActions(Plan plan, Set<String> personas, LocalDate today) {
        Comparator<Plan.Task> overdueFirst = Comparator.comparing(t -> !t.due().isBefore(today));
        Comparator<Plan.Task> order = overdueFirst.thenComparing((a, b) -> {
            boolean overdue = a.due().isBefore(today);
            Comparator<Plan.Task> byPhase = Comparator.comparingInt(t -> plan.phaseIndex(t.spec().phase()));
            Comparator<Plan.Task> byDue = Comparator.comparing(Plan.Task::due);
            return (overdue ? byPhase.thenComparing(byDue) : byDue.thenComparing(byPhase)).compare(a, b);
        }).thenComparingInt(Plan.Task::position);
        List<Plan.Task> candidates = plan.tasks().stream()
                .filter(t -> t.status() == Plan.TaskStatus.OPEN && t.spec().owner() == Side.CUSTOMER
                        && Plan.concerns(t, personas) && plan.prerequisitesMet(t))
                .sorted(order).toList();
        List<Action> actions = new ArrayList<>();
        for (Plan.Task task : candidates) {
            boolean urgent = ChronoUnit.DAYS.between(today, task.due()) <= URGENT_WITHIN_DAYS;
            if (actions.size() < NEXT_ACTIONS || actions.size() == NEXT_ACTIONS && urgent) {
                actions.add(Executive.action(task, today));
            }
        }
        return List.copyOf(actions);
    }

    /**
     * For executives: overall progress and status, milestones reached, the day value was reached (days from the
     * start), the next milestone, and blockers — open tasks of either side past due, longest overdue first.
     */
    public record Executive(Plan.Status status, Progress overall, int milestonesDone, int milestones,
                            Instant valueReachedAt, Long daysToValue, Action nextMilestone, List<Action> blockers) {

        public static final int BLOCKERS = 5;

        public static Executive of(Plan plan, LocalDate today) {
            PlanView view = PlanView.of(plan, Set.of(), today);
            List<Plan.Task> milestones = plan.tasks().stream()
                    .filter(t -> t.spec().milestone() && t.status() != Plan.TaskStatus.SKIPPED).toList();
            Instant value = plan.firstValueAt().orElse(null);
            Long daysToValue = value == null ? null : Math.max(0, ChronoUnit.DAYS.between(plan.startDate(),
                    value.atZone(java.time.ZoneOffset.UTC).toLocalDate()));
            Action next = milestones.stream().filter(t -> t.status() == Plan.TaskStatus.OPEN)
                    .min(Comparator.comparing(Plan.Task::due).thenComparingInt(Plan.Task::position))
                    .map(t -> action(t, today)).orElse(null);
            List<Plan.Task> late = plan.tasks().stream()
                    .filter(t -> t.status() == Plan.TaskStatus.OPEN && t.due().isBefore(today))
                    .sorted(Comparator.comparing(Plan.Task::due).thenComparingInt(Plan.Task::position))
                    .limit(BLOCKERS).toList();
            return new Executive(view.status(), view.overall(),
                    (int) milestones.stream().filter(t -> t.status() == Plan.TaskStatus.DONE).count(), milestones.size(),
                    value, daysToValue, next, late.stream().map(t -> action(t, today)).toList());
        }

        static Action action(Plan.Task t, LocalDate today) {
            return new Action(t.id(), t.spec().title(), t.spec().phase(), t.spec().owner(), t.due(),
                    ChronoUnit.DAYS.between(today, t.due()), t.spec().milestone());
        }
    }
}
