package dev.cairn.trigger;

import dev.cairn.aws.QueueSender;
import dev.cairn.onboarding.PlanService;
import dev.cairn.ingest.EntitySchema;
import dev.cairn.pipeline.AudiencePage;
import dev.cairn.pipeline.ChangeMessage;
import dev.cairn.pipeline.RenderMessage;
import dev.cairn.pipeline.RenderRequest;
import dev.cairn.plan.Plan;
import dev.cairn.plan.PlanTemplates;
import dev.cairn.plan.PlanView;
import dev.cairn.program.Program;
import dev.cairn.program.Sequence;
import dev.cairn.program.Triggers;
import dev.cairn.render.ProgramCatalog;
import dev.cairn.render.RenderModel;
import dev.cairn.store.EntityStore;
import dev.cairn.store.EntryStore;
import dev.cairn.store.ProgramStore;
import dev.cairn.store.RunStore;
import dev.cairn.store.SequenceStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which programs start, for whom: on data changes (triggers), for each page of a run's audience, and for
 * each page of the daily sweep of date triggers. Every contact passes the program's audience, then enters the
 * program (once per occasion, respecting the cooldown), then gets a render request for each step of its sequence
 * that is due now (the main send alone, for most programs), packed ten contacts to a render message
 * ({@link RenderMessage}); later steps wait in the {@link SequenceStore}. Changes
 * also start success plans: onboarding never ends, so a new user and a product added get plans of their own,
 * whatever the programs.
 */
public final class EvaluateService {

    public static final int PAGE_SIZE = 100;
    static final String NEW_USER_PLAN = "new-user";
    static final String NEW_PRODUCT_PLAN = "new-product";
    static final String ADD_ON_PLAN = "add-on";
    static final String ONBOARDING_PLAN = "onboarding";

    private final EntityStore entities;
    private final ProgramStore programStore;
    private final ProgramCatalog programs;
    private final EntryStore entries;
    private final RunStore runs;
    private final QueueSender queue;
    private final PlanService plans;
    private final String renderQueueUrl;
    private final String evaluateQueueUrl;
    private final SequenceStore sequences;
    private final Clock clock;

    public EvaluateService(EntityStore entities, ProgramStore programStore, ProgramCatalog programs, EntryStore entries,
                           RunStore runs, QueueSender queue, PlanService plans,
                           SequenceStore sequences, String renderQueueUrl, String evaluateQueueUrl, Clock clock) {
        this.entities = entities;
        this.programStore = programStore;
        this.programs = programs;
        this.entries = entries;
        this.runs = runs;
        this.queue = queue;
        this.plans = plans;
        this.renderQueueUrl = renderQueueUrl;
        this.evaluateQueueUrl = evaluateQueueUrl;
        this.sequences = sequences;
        this.clock = clock;
    }

    /** Evaluates a batch of changes against every program's trigger; returns the renders queued. */
    public int evaluate(List<ChangeMessage> changes) {
        List<Program> triggered = current(p -> !p.trigger().on().equals(Triggers.SCHEDULE)
                && !p.trigger().on().equals(Triggers.MANUAL));
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<RenderRequest> requests = new ArrayList<>();
        Map<ChangeMessage, Map<String, Object>> accountOfChange = new LinkedHashMap<>();
        // A batch is one chunk of one import: its changes share few accounts, each read once.
        Map<String, Optional<Map<String, Object>>> accounts = new HashMap<>();
        for (ChangeMessage change : changes) {
            if (change.accountId() == null) {
                continue;
            }
            Map<String, Object> account = accounts.computeIfAbsent(change.accountId(),
                    id -> entities.get(EntitySchema.ACCOUNT, id)).orElse(null);
            if (account == null) {
                continue; // Erased since the change was made.
            }
            accountOfChange.put(change, account);
            TriggerEngine.MetricChange metric = change.kind().equals("metric") ? metricChange(change).orElse(null) : null;
            for (Program program : triggered) {
                Optional<TriggerEngine.Firing> firing = TriggerEngine.onChange(program.trigger(), change,
                        account, metric, today);
                if (firing.isPresent()) {
                    String contactId = change.kind().equals("contact") ? change.id() : metric == null ? null : metric.contactId();
                    enter(program, firing.get(), account, contactId, requests);
                }
            }
        }
        queue.send(renderQueueUrl, RenderMessage.packed(requests));
        // After the renders are queued: a failure here retries the batch, whose entries then start nothing twice.
        Set<String> withNewData = new LinkedHashSet<>();
        accountOfChange.forEach((change, account) -> {
            startOnboardingPlans(change, account, today);
            if (mayCompleteTasks(change)) {
                withNewData.add(change.accountId());
            }
        });
        // Rules complete tasks as the data arrives, so that status and achievements hold without a read.
        withNewData.forEach(plans::completeByRules);
        return requests.size();
    }

    /**
     * The occasions that start plans, whatever the programs: an account's contract start ({@code onboarding},
     * from that day, unless its onboarding is already over), a new user ({@code new-user}), each product added
     * ({@code new-product}) and each add-on added ({@code add-on}), from the day the change was made. The
     * plan's identity is the occasion's, so a retried or re-imported change starts nothing twice.
     */
    private void startOnboardingPlans(ChangeMessage change, Map<String, Object> account, LocalDate today) {
        LocalDate changed = change.at() == null ? today : LocalDate.parse(change.at().substring(0, 10));
        LocalDate contractStart = TriggerEngine.contractStarted(change, account);
        // A contract that started longer ago than the onboarding template's length is past onboarding: no plan. Read
        // here, so that changes without a contract start do not load the plan templates (YAML) at a cold start.
        if (contractStart != null && !contractStart.plusDays(PlanTemplates.get(ONBOARDING_PLAN).orElseThrow()
                .lengthDays()).isBefore(changed)) {
            startPlan(change.accountId(), ONBOARDING_PLAN, "contract_start", null, null, contractStart);
        }
        if (TriggerEngine.isNewUser(change, account)) {
            startPlan(change.accountId(), NEW_USER_PLAN, Triggers.NEW_USER, change.id(), null, changed);
        }
        for (String product : TriggerEngine.productsAdded(change, account)) {
            startPlan(change.accountId(), NEW_PRODUCT_PLAN, Triggers.PRODUCT_ADDED, null, product, changed);
        }
        for (String addOn : TriggerEngine.addOnsAdded(change, account)) {
            startPlan(change.accountId(), ADD_ON_PLAN, "add_on_added", null, addOn, changed);
        }
    }

    /**
     * Whether a change brings data a plan's rule reads: an event or metric point of a name a rule names, or a
     * change of a field a rule reads. A new account or contact has no plan yet but the ones it just started, which
     * applied their rules as they started; so the account's plans are read only when they may have work to do.
     */
    static boolean mayCompleteTasks(ChangeMessage change) {
        String kind = change.kind();
        if (kind.equals("event") || kind.equals("metric")) {
            // Events and metric points are identified as account|name|time|contact (EntitySchema key fields).
            String[] id = change.id().split("\\|", -1);
            return id.length > 1 && PlanTemplates.ruleReads(kind, id[1]);
        }
        return !change.change().equals("created")
                && change.changedFields().stream().anyMatch(field -> PlanTemplates.ruleReads(kind, field));
    }

    private void startPlan(String accountId, String template, String occasion, String contactId, String product,
                           LocalDate start) {
        plans.startForOccasion(accountId, template, start, contactId, product, "trigger: " + occasion);
    }

    /** Visits one page of a run's audience or of the daily sweep, and queues the next page. */
    public int visit(AudiencePage page) {
        List<RenderRequest> requests = new ArrayList<>();
        String next;
        if (page.purpose().equals(AudiencePage.SWEEP)) {
            EntityStore.Page accounts = entities.audiencePage(EntitySchema.ACCOUNT, page.shard(), page.cursor(), PAGE_SIZE);
            LocalDate day = LocalDate.parse(page.date());
            List<Program> dated = current(p -> Triggers.DATE_TRIGGERS.contains(p.trigger().on()));
            List<Program> onOverdue = dated.stream()
                    .filter(p -> p.trigger().on().equals(Triggers.TASK_OVERDUE)).toList();
            for (Map<String, Object> account : accounts.items()) {
                for (Program program : dated) {
                    TriggerEngine.onDate(program.trigger(), account, day)
                            .ifPresent(firing -> enter(program, firing, account, null, requests));
                }
                if (!onOverdue.isEmpty()) {
                    enterOverdue(onOverdue, account, day, requests);
                }
            }
            next = accounts.cursor();
        } else {
            Program program = programs.program(page.programId(), page.programVersion()).orElseThrow(() ->
                    new dev.cairn.pipeline.InvalidMessageException("program " + page.programId() + " version "
                            + page.programVersion() + " does not exist"));
            List<Map<String, Object>> contacts;
            if (page.contactIds() != null) {
                Map<String, Map<String, Object>> found = entities.byIds(EntitySchema.CONTACT,
                        new java.util.LinkedHashSet<>(page.contactIds()));
                contacts = new ArrayList<>();
                for (String id : page.contactIds()) {
                    if (found.containsKey(id)) {
                        contacts.add(found.get(id));
                    }
                }
                runs.add(page.runId(), "not_found", page.contactIds().size() - contacts.size());
                next = null;
            } else {
                EntityStore.Page found = entities.audiencePage(EntitySchema.CONTACT, page.shard(), page.cursor(), PAGE_SIZE);
                contacts = found.items();
                next = found.cursor();
            }
            Set<String> accountIds = new HashSet<>();
            contacts.forEach(c -> accountIds.add((String) c.get("account_id")));
            Map<String, Map<String, Object>> accounts = entities.accounts(accountIds);
            // Pages queued before pages carried the run's start enter at the time they are read, as they did.
            Instant enteredAt = page.startedAt() != null ? Instant.parse(page.startedAt()) : clock.instant();
            int inAudience = 0;
            for (Map<String, Object> contact : contacts) {
                Map<String, Object> account = accounts.getOrDefault((String) contact.get("account_id"), Map.of());
                if (Audience.includes(program, contact, account, programs)) {
                    inAudience++;
                    String contactId = (String) contact.get("contact_id");
                    if (page.dryRun()) {
                        // Every step at once, so that every template is tried; nothing is stored or sent.
                        for (String step : steps(program)) {
                            requests.add(new RenderRequest(page.programId(), page.programVersion(), contactId,
                                    page.runId(), step, true));
                        }
                    } else {
                        requests.addAll(sequences.start(program, contactId, page.runId(), enteredAt));
                    }
                }
            }
            runs.add(page.runId(), counters("audience", inAudience, "skipped_condition_false", contacts.size() - inAudience));
        }
        queue.send(renderQueueUrl, RenderMessage.packed(requests));
        if (next != null) {
            queue.send(evaluateQueueUrl, List.of(page.next(next).toJson()));
        }
        return requests.size();
    }

    private void enter(Program program, TriggerEngine.Firing firing, Map<String, Object> account,
                       String contactId, List<RenderRequest> requests) {
        List<Map<String, Object>> targets = new ArrayList<>();
        if (firing.scope() == TriggerEngine.Scope.CONTACT) {
            if (contactId != null) {
                entities.get(EntitySchema.CONTACT, contactId).ifPresent(targets::add);
            }
        } else {
            targets.addAll(entities.contactsOfAccount((String) account.get("account_id")));
        }
        for (Map<String, Object> contact : targets) {
            String id = (String) contact.get("contact_id");
            if (Audience.includes(program, contact, account, programs)
                    && entries.enter(id, program.id(), firing.runId(), program.cooldownDays())) {
                requests.addAll(sequences.start(program, id, firing.runId(), clock.instant()));
            }
        }
    }

    /**
     * Enters each task_overdue program for the account's contacts who own an overdue task of its plans (customer
     * side, one of their personas): a reminder reaches those who can do the task, not the whole account.
     */
    private void enterOverdue(List<Program> onOverdue, Map<String, Object> account, LocalDate day,
                              List<RenderRequest> requests) {
        List<Plan> accountPlans = plans.ofAccount((String) account.get("account_id"));
        if (accountPlans.isEmpty()) {
            return;
        }
        List<Map<String, Object>> contacts = entities.contactsOfAccount((String) account.get("account_id"));
        for (Program program : onOverdue) {
            for (Plan plan : accountPlans) {
                for (TriggerEngine.OverdueTask overdue : TriggerEngine.overdueTasks(program.trigger(), plan, day)) {
                    for (Map<String, Object> contact : contacts) {
                        String id = (String) contact.get("contact_id");
                        boolean theirs = plan.contactId() == null || plan.contactId().equals(id);
                        if (theirs && PlanView.completableBy(overdue.task(), PlanView.personasOf(contact))
                                && Audience.includes(program, contact, account, programs)
                                && entries.enter(id, program.id(), overdue.runId(), program.cooldownDays())) {
                            requests.addAll(sequences.start(program, id, overdue.runId(), clock.instant()));
                        }
                    }
                }
            }
        }
    }

    private Optional<TriggerEngine.MetricChange> metricChange(ChangeMessage change) {
        // A metric point's id is account|metric|date|contact (EntitySchema.METRIC key fields).
        String[] parts = change.id().split("\\|", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        String contact = parts[3].isEmpty() ? null : parts[3];
        return entities.metricWithPrevious(parts[0], parts[1], parts[2], contact).map(values ->
                new TriggerEngine.MetricChange(parts[1], LocalDate.parse(parts[2]), contact, values[0], values[1]));
    }

    /** The current version of every program that passes the filter, parsed once per version. */
    private List<Program> current(java.util.function.Predicate<Program> filter) {
        List<Program> current = new ArrayList<>();
        for (ProgramStore.ProgramSummary summary : programStore.list()) {
            programs.program(summary.id(), summary.currentVersion()).filter(filter).ifPresent(current::add);
        }
        return current;
    }

    private static List<String> steps(Program program) {
        List<String> steps = new ArrayList<>(List.of(Sequence.MAIN));
        program.steps().forEach(step -> steps.add(step.id()));
        return steps;
    }

    private static Map<String, Long> counters(String first, long a, String second, long b) {
        Map<String, Long> counters = new HashMap<>();
        if (a > 0) {
            counters.put(first, a);
        }
        if (b > 0) {
            counters.put(second, b);
        }
        return counters;
    }

    /** Whether a contact is in a program's audience: segment, role, then the author's condition. */
    static final class Audience {
        private Audience() {
        }

        /** The condition is parsed once per program version, and only when the segment and role pass. */
        static boolean includes(Program program, Map<String, Object> contact, Map<String, Object> account,
                                ProgramCatalog programs) {
            if (!program.segments().isEmpty() && !program.segments().contains(account.get("segment"))) {
                return false;
            }
            if (!program.roles().isEmpty() && !program.roles().contains(contact.get("role"))) {
                return false;
            }
            return programs.audience(program).map(condition -> condition.holds(
                    RenderModel.of(contact, account, null, program.id(), program.name()))).orElse(true);
        }
    }
}
