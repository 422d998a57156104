package dev.cairn.plan;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One success plan of an account (or of one contact, product or add-on in it): the template's tasks dated from the
 * start, their state, and a log of every change. Tasks may complete in any order; prerequisites only order the
 * suggestions. Not thread-safe: load, change, save with the store's version check.
 */
public final class Plan {

    /** How far past due an open milestone may be before the plan is at risk rather than behind. */
    public static final int AT_RISK_AFTER_DAYS = 7;
    /** Evidence this long before the start counts for rules: pre-onboarding work happens before day 0. */
    public static final int RULE_LOOKBACK_DAYS = 7;

    public enum TaskStatus { OPEN, DONE, SKIPPED }

    /** On track, behind or at risk from milestones against due dates; completed when nothing is left open. */
    public enum Status {
        ON_TRACK, BEHIND, AT_RISK, COMPLETED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A recorded change: who did what to which task, when, and why. */
    public record Change(Instant at, String action, String task, String detail, String by) {
    }

    /** A task of this plan: the template's task with its date and state. */
    public static final class Task {
        private final TaskSpec spec;
        private final int position;
        private final boolean added;
        private LocalDate due;
        private TaskStatus status = TaskStatus.OPEN;
        private Instant completedAt;
        private String completedBy;
        private String skipReason;
        private boolean redated;

        Task(TaskSpec spec, int position, LocalDate due, boolean added) {
            this.spec = spec;
            this.position = position;
            this.due = due;
            this.added = added;
        }

        public TaskSpec spec() { return spec; }
        public String id() { return spec.id(); }
        /** Order in the plan: template order, added tasks last. */
        public int position() { return position; }
        public boolean added() { return added; }
        public LocalDate due() { return due; }
        public TaskStatus status() { return status; }
        public Instant completedAt() { return completedAt; }
        public String completedBy() { return completedBy; }
        public String skipReason() { return skipReason; }
        public boolean redated() { return redated; }

        /** For {@link PlanJson} only: restores stored state. */
        void restore(LocalDate due, TaskStatus status, Instant completedAt, String completedBy, String skipReason,
                     boolean redated) {
            this.due = due;
            this.status = status;
            this.completedAt = completedAt;
            this.completedBy = completedBy;
            this.skipReason = skipReason;
            this.redated = redated;
        }
    }

    private final String id;
    private final String accountId;
    private final String contactId;
    private final String product;
    private final String templateId;
    private final String templateName;
    private final String kind;
    private final Timeline timeline;
    private final LocalDate startDate;
    private final LocalDate endDate;
    private final List<Phase> phases;
    private final List<Task> tasks = new ArrayList<>();
    private final List<Change> changes = new ArrayList<>();

    Plan(String id, String accountId, String contactId, String product, String templateId, String templateName,
         String kind, Timeline timeline, LocalDate startDate, LocalDate endDate, List<Phase> phases) {
        this.id = id;
        this.accountId = accountId;
        this.contactId = contactId;
        this.product = product;
        this.templateId = templateId;
        this.templateName = templateName;
        this.kind = kind;
        this.timeline = timeline;
        this.startDate = startDate;
        this.endDate = endDate;
        this.phases = List.copyOf(phases);
    }

    /** A new plan from a template: phase days and due days scaled to the timeline, dated from {@code start}. */
    public static Plan start(String id, PlanTemplate template, Timeline timeline, LocalDate start, String accountId,
                             String contactId, String product, Instant now, String by) {
        List<Phase> phases = template.phases().stream().map(p -> new Phase(p.id(), p.title(), timeline.scale(p.start()),
                timeline.scale(p.end()))).toList();
        Plan plan = new Plan(id, accountId, contactId, product, template.id(), template.name(), template.kind(), timeline,
                start, start.plusDays(timeline.scale(template.lengthDays())), phases);
        for (TaskSpec spec : template.tasks()) {
            plan.tasks.add(new Task(spec, plan.tasks.size(), start.plusDays(timeline.scale(spec.due())), false));
        }
        plan.changes.add(new Change(now, "started", null, template.id() + " (" + timeline.id() + ") from " + start, by));
        return plan;
    }

    public String id() { return id; }
    public String accountId() { return accountId; }
    /** The contact a user plan onboards; null for a plan of the whole account. */
    public String contactId() { return contactId; }
    /** The product or add-on a plan onboards; null otherwise. */
    public String product() { return product; }
    public String templateId() { return templateId; }
    public String templateName() { return templateName; }
    public String kind() { return kind; }
    public Timeline timeline() { return timeline; }
    public LocalDate startDate() { return startDate; }
    /** The last day of the onboarding period (start + the timeline's length). */
    public LocalDate endDate() { return endDate; }
    public List<Phase> phases() { return phases; }
    public List<Task> tasks() { return Collections.unmodifiableList(tasks); }
    public List<Change> changes() { return Collections.unmodifiableList(changes); }

    void addRestored(Task task) {
        tasks.add(task);
    }

    void addRestored(Change change) {
        changes.add(change);
    }

    public Task task(String taskId) {
        return tasks.stream().filter(t -> t.id().equals(taskId)).findFirst().orElseThrow(() ->
                new PlanException(PlanException.Reason.NOT_FOUND, "plan '" + id + "' has no task '" + taskId + "'"));
    }

    /**
     * Marks a task done at {@code at}, whatever the state of the tasks before it. A task already done stays as it
     * was (completing twice is not an error, so retries are safe); returns whether anything changed.
     */
    public boolean complete(String taskId, Instant at, String by) {
        Task task = task(taskId);
        if (task.status == TaskStatus.DONE) {
            return false;
        }
        task.status = TaskStatus.DONE;
        task.completedAt = at;
        task.completedBy = by;
        task.skipReason = null;
        changes.add(new Change(at, "completed", taskId, null, by));
        return true;
    }

    /** Takes a task out of the plan (it no longer counts for progress or status); the reason is recorded. */
    public void skip(String taskId, String reason, Instant at, String by) {
        Task task = task(taskId);
        if (task.status == TaskStatus.DONE) {
            throw new PlanException(PlanException.Reason.CONFLICT, "task '" + taskId + "' is already done; a done"
                    + " task cannot be skipped");
        }
        task.status = TaskStatus.SKIPPED;
        task.skipReason = reason;
        changes.add(new Change(at, "skipped", taskId, reason, by));
    }

    /** Moves a task's due date; the old and new dates and the reason are recorded. */
    public void redate(String taskId, LocalDate due, String reason, Instant at, String by) {
        Task task = task(taskId);
        LocalDate before = task.due;
        task.due = due;
        task.redated = true;
        changes.add(new Change(at, "redated", taskId, before + " -> " + due + (reason == null ? "" : ": " + reason), by));
    }

    /** Adds a task to a phase of this plan, due on {@code due}; its prerequisites must be tasks of the plan. */
    public void addTask(TaskSpec spec, LocalDate due, Instant at, String by) {
        if (tasks.stream().anyMatch(t -> t.id().equals(spec.id()))) {
            throw new PlanException(PlanException.Reason.CONFLICT, "plan '" + id + "' already has a task '" + spec.id() + "'");
        }
        if (phases.stream().noneMatch(p -> p.id().equals(spec.phase()))) {
            throw new PlanException(PlanException.Reason.INVALID, "plan '" + id + "' has no phase '" + spec.phase()
                    + "' (phases: " + phases.stream().map(Phase::id).toList() + ")");
        }
        for (String prerequisite : spec.prerequisites()) {
            if (tasks.stream().noneMatch(t -> t.id().equals(prerequisite))) {
                throw new PlanException(PlanException.Reason.INVALID, "prerequisite '" + prerequisite
                        + "' is not a task of plan '" + id + "'");
            }
        }
        tasks.add(new Task(spec, tasks.size(), due, true));
        changes.add(new Change(at, "added", spec.id(), spec.title() + ", due " + due, by));
    }

    /**
     * Completes every open task whose rule the data satisfies, dated by its evidence (the event's time, the
     * metric point's date) or {@code now} for a field. A plan of one contact only counts that contact's events and
     * metric points; evidence older than {@link #RULE_LOOKBACK_DAYS} before the start does not count. Returns the
     * ids of the tasks completed.
     */
    public List<String> applyRules(RuleData data, Instant now) {
        List<String> completed = new ArrayList<>();
        Instant windowStart = startDate.minusDays(RULE_LOOKBACK_DAYS).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (Task task : tasks) {
            if (task.status != TaskStatus.OPEN || task.spec.rule() == null) {
                continue;
            }
            Optional<Instant> evidence = evidence(task.spec.rule(), data, windowStart, now);
            if (evidence.isPresent()) {
                Instant at = evidence.get().isAfter(now) ? now : evidence.get();
                complete(task.id(), at, "rule: " + task.spec.rule().describe());
                completed.add(task.id());
            }
        }
        return completed;
    }

    private Optional<Instant> evidence(CompletionRule rule, RuleData data, Instant windowStart, Instant now) {
        if (rule instanceof CompletionRule.OnEvent e) {
            return data.events().stream()
                    .filter(ev -> ev.name().equals(e.event()) && inScope(ev.contactId()) && !ev.at().isBefore(windowStart))
                    .map(RuleData.Event::at).min(Comparator.naturalOrder());
        }
        if (rule instanceof CompletionRule.OnMetric m) {
            return data.metrics().stream()
                    .filter(p -> p.metric().equals(m.metric()) && inScope(p.contactId()) && p.value().compareTo(m.atLeast()) >= 0)
                    .map(p -> p.date().atStartOfDay(ZoneOffset.UTC).toInstant())
                    .filter(at -> !at.isBefore(windowStart)).min(Comparator.naturalOrder());
        }
        CompletionRule.OnField f = (CompletionRule.OnField) rule;
        Map<String, Object> entity = f.entity().equals("account") ? data.account() : data.contact();
        Object value = entity == null ? null : entity.get(f.field());
        return fieldHolds(f, value) ? Optional.of(now) : Optional.empty();
    }

    private boolean inScope(String factContactId) {
        return contactId == null || contactId.equals(factContactId);
    }

    private static boolean fieldHolds(CompletionRule.OnField rule, Object value) {
        if (value == null) {
            return false;
        }
        if (rule.atLeast() != null) {
            return value instanceof Number n && new BigDecimal(n.toString()).compareTo(rule.atLeast()) >= 0;
        }
        if (rule.equals() instanceof BigDecimal expected) {
            return value instanceof Number n && new BigDecimal(n.toString()).compareTo(expected) == 0;
        }
        return Objects.equals(String.valueOf(rule.equals()), String.valueOf(value));
    }

    /**
     * The plan's status on {@code today}: completed when no task is open; at risk when an open milestone is more
     * than {@link #AT_RISK_AFTER_DAYS} days past due or two or more open milestones are past due; behind when one
     * open milestone is past due; on track otherwise. Tasks that are not milestones never change the status.
     */
    public Status status(LocalDate today) {
        if (tasks.stream().noneMatch(t -> t.status == TaskStatus.OPEN)) {
            return Status.COMPLETED;
        }
        List<Task> late = tasks.stream().filter(t -> t.spec.milestone() && t.status == TaskStatus.OPEN
                && t.due.isBefore(today)).toList();
        if (late.size() >= 2 || late.stream().anyMatch(t -> ChronoUnit.DAYS.between(t.due, today) > AT_RISK_AFTER_DAYS)) {
            return Status.AT_RISK;
        }
        return late.isEmpty() ? Status.ON_TRACK : Status.BEHIND;
    }

    /** When the first task marked first_value was completed, if it has been. */
    public Optional<Instant> firstValueAt() {
        return tasks.stream().filter(t -> t.spec.firstValue() && t.status == TaskStatus.DONE)
                .map(Task::completedAt).min(Comparator.naturalOrder());
    }

    int phaseIndex(String phaseId) {
        for (int i = 0; i < phases.size(); i++) {
            if (phases.get(i).id().equals(phaseId)) {
                return i;
            }
        }
        return phases.size();
    }

    /** Whether every prerequisite of a task is done or skipped. */
    boolean prerequisitesMet(Task task) {
        return task.spec.prerequisites().stream().allMatch(p -> tasks.stream()
                .anyMatch(t -> t.id().equals(p) && t.status != TaskStatus.OPEN));
    }

    /** Personas of a task that matter for a contact: a task for no persona in particular concerns everyone. */
    static boolean concerns(Task task, Set<String> personas) {
        return task.spec.personas().isEmpty() || task.spec.personas().stream().anyMatch(personas::contains);
    }
}
