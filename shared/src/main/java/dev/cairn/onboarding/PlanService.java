package dev.cairn.onboarding;

import dev.cairn.ingest.EntitySchema;
import dev.cairn.plan.AccountOnboarding;
import dev.cairn.plan.CompletionRule;
import dev.cairn.plan.OnboardingMetrics;
import dev.cairn.plan.Plan;
import dev.cairn.plan.PlanException;
import dev.cairn.plan.PlanTemplate;
import dev.cairn.plan.PlanTemplates;
import dev.cairn.plan.PlanView;
import dev.cairn.plan.RuleData;
import dev.cairn.plan.Timeline;
import dev.cairn.store.EventStore;
import dev.cairn.store.EntityStore;
import dev.cairn.store.PlanStore;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Success plans against the stores: starts them, changes them with a version check, completes tasks by their
 * rules from the account's stored events, metrics and fields, and gathers the onboarding metrics.
 */
public final class PlanService {

    public static final String ACTIVE_USERS = "active_users";
    public static final String TICKET_OPENED = "ticket_opened";
    public static final String EXPANDED = "expanded";
    public static final String CHURNED = "churned";

    /** Who completed a task from the hub page, in the change log: this and the contact's id. */
    public static final String BY_CONTACT = "contact: ";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    /** Saves of one plan's rule completions tried against concurrent changes before the message is retried. */
    private static final int SAVE_ATTEMPTS = 3;

    private final PlanStore plans;
    private final EntityStore entities;
    private final EventStore events;
    private final PollAnswers polls;
    private final Clock clock;

    public PlanService(PlanStore plans, EntityStore entities, EventStore events, PollAnswers polls, Clock clock) {
        this.plans = plans;
        this.entities = entities;
        this.events = events;
        this.polls = polls;
        this.clock = clock;
    }

    /** Poll answers read from metric points named {@code nps}, {@code ces} and {@code csat}. */
    public static PollAnswers metricPollAnswers(EntityStore entities) {
        return (accountId, poll, from, to) -> metric(entities, accountId, poll, from).stream()
                .filter(p -> !p.date().isAfter(to)).map(RuleData.MetricPoint::value).toList();
    }

    /** An account's points of one metric dated {@code since} or later, as rules read them. */
    static List<RuleData.MetricPoint> metric(EntityStore entities, String accountId, String metric, LocalDate since) {
        return entities.metricPoints(accountId, metric, since.toString()).stream()
                .map(p -> new RuleData.MetricPoint(p.metric(), LocalDate.parse(p.date()), BigDecimal.valueOf(p.value()),
                        p.contactId())).toList();
    }

    public java.time.Instant now() {
        return clock.instant();
    }

    public LocalDate today() {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    }

    /**
     * Starts a plan from a template. The start defaults to the account's {@code contract_start}, else today. The
     * same template for the same contact and product on the same start day is refused, so a retried request does
     * not start a second plan.
     */
    public Plan start(String accountId, String templateId, Timeline timeline, LocalDate start, String contactId,
                      String product, String by) {
        Map<String, Object> account = checkedAccount(accountId, contactId);
        PlanTemplate template = template(templateId);
        LocalDate startDate = start != null ? start
                : account.get("contract_start") != null ? LocalDate.parse(account.get("contract_start").toString()) : today();
        for (PlanStore.Stored existing : plans.ofAccount(accountId)) {
            Plan p = existing.plan();
            if (sameOccasion(p, templateId, contactId, product) && p.startDate().equals(startDate)) {
                throw new PlanException(PlanException.Reason.CONFLICT, "plan '" + p.id() + "' already runs template '"
                        + templateId + "' from " + startDate + " for this " + (contactId == null ? "account" : "contact"));
            }
        }
        Plan plan = Plan.start(newId(), template, timeline, startDate, accountId, contactId, product, clock.instant(), by);
        applyRules(plan);
        plans.save(plan, 0);
        return plan;
    }

    /**
     * Starts the plan of an occasion (an account's contract start, a new user, a product or add-on bought) on the
     * standard timeline, unless the account already has a plan of that template for the same contact and product.
     * The plan's id derives from the occasion, never from the day, so that a retried or re-imported change cannot
     * start a second plan, even when two deliveries race or a retry comes after midnight. Returns the plan started,
     * or empty when the occasion already has one or the account or contact was erased since.
     */
    public Optional<Plan> startForOccasion(String accountId, String templateId, LocalDate start, String contactId,
                                           String product, String by) {
        PlanTemplate template = template(templateId);
        try {
            checkedAccount(accountId, contactId);
        } catch (PlanException erased) {
            return Optional.empty();
        }
        if (plans.ofAccount(accountId).stream().anyMatch(s -> sameOccasion(s.plan(), templateId, contactId, product))) {
            return Optional.empty();
        }
        Plan plan = Plan.start(occasionId(accountId, templateId, contactId, product), template, Timeline.STANDARD, start,
                accountId, contactId, product, clock.instant(), by);
        applyRules(plan);
        try {
            plans.save(plan, 0);
        } catch (PlanException startedMeanwhile) {
            return Optional.empty();
        }
        return Optional.of(plan);
    }

    /** The plan id of an occasion: "o" and 16 base32 characters of a hash of the account, template, contact, product. */
    static String occasionId(String accountId, String templateId, String contactId, String product) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(String.join("\n", accountId, templateId,
                    contactId == null ? "" : contactId, product == null ? "" : product).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        StringBuilder id = new StringBuilder("o");
        for (int i = 0; i < 16; i++) {
            id.append(ID_ALPHABET.charAt(hash[i] & 0x1F));
        }
        return id.toString();
    }

    private static boolean sameOccasion(Plan plan, String templateId, String contactId, String product) {
        return plan.templateId().equals(templateId) && Objects.equals(plan.contactId(), contactId)
                && Objects.equals(plan.product(), product);
    }

    private Map<String, Object> checkedAccount(String accountId, String contactId) {
        Map<String, Object> account = entities.get(EntitySchema.ACCOUNT, accountId).orElseThrow(() ->
                new PlanException(PlanException.Reason.NOT_FOUND, "no account with id '" + accountId + "'"));
        if (contactId != null) {
            Map<String, Object> contact = entities.get(EntitySchema.CONTACT, contactId).orElseThrow(() ->
                    new PlanException(PlanException.Reason.NOT_FOUND, "no contact with id '" + contactId + "'"));
            if (!accountId.equals(contact.get("account_id"))) {
                throw new PlanException(PlanException.Reason.INVALID, "contact '" + contactId
                        + "' is not a contact of account '" + accountId + "'");
            }
        }
        return account;
    }

    private static PlanTemplate template(String templateId) {
        return PlanTemplates.get(templateId).orElseThrow(() -> new PlanException(PlanException.Reason.INVALID,
                "no plan template '" + templateId + "' (one of " + PlanTemplates.BUILT_IN + ")"));
    }

    /**
     * The account's plans with the tasks their rules complete as of now. Reading writes nothing (a preview must
     * change no plan): the evaluate stage records completions as the data arrives ({@link #completeByRules}).
     */
    public List<Plan> ofAccount(String accountId) {
        List<Plan> read = new ArrayList<>();
        for (PlanStore.Stored stored : plans.ofAccount(accountId)) {
            applyRules(stored.plan());
            read.add(stored.plan());
        }
        return read;
    }

    /**
     * Completes and saves the tasks of the account's plans whose rules the stored data now satisfies; returns how
     * many. A plan changed meanwhile is read again and its rules applied again; one that keeps changing fails the
     * call, so that the change message is retried.
     */
    public int completeByRules(String accountId) {
        int completed = 0;
        for (PlanStore.Stored read : plans.ofAccount(accountId)) {
            PlanStore.Stored stored = read;
            for (int attempt = 1; stored != null; attempt++) {
                List<String> done = applyRules(stored.plan());
                if (done.isEmpty()) {
                    break;
                }
                try {
                    plans.save(stored.plan(), stored.version());
                    completed += done.size();
                    break;
                } catch (PlanException concurrentChange) {
                    if (attempt == SAVE_ATTEMPTS) {
                        throw concurrentChange;
                    }
                    stored = plans.get(accountId, stored.plan().id()).orElse(null); // null: erased meanwhile
                }
            }
        }
        return completed;
    }

    /**
     * Applies a change to one plan after its rules, and saves it. When the plan was saved meanwhile (the evaluate
     * stage completing a task by its rule), the change is made again on the plan as it now is.
     */
    public Plan change(String accountId, String planId, Consumer<Plan> change) {
        for (int attempt = 1; ; attempt++) {
            PlanStore.Stored stored = plans.get(accountId, planId).orElseThrow(() -> new PlanException(
                    PlanException.Reason.NOT_FOUND, "account '" + accountId + "' has no plan '" + planId + "'"));
            applyRules(stored.plan());
            change.accept(stored.plan());
            try {
                plans.save(stored.plan(), stored.version());
                return stored.plan();
            } catch (PlanException concurrentChange) {
                if (attempt == SAVE_ATTEMPTS) {
                    throw concurrentChange;
                }
            }
        }
    }

    /**
     * A contact marks a task done from their hub page: it must be an open customer task of their account's plan
     * (or their own plan) that concerns one of their personas; anything else is refused with a PlanException and
     * changes nothing. The change log names the contact. Returns the task's title.
     */
    public String completeByContact(String contactId, String planId, String taskId) {
        Map<String, Object> contact = entities.get(EntitySchema.CONTACT, contactId).orElseThrow(() ->
                new PlanException(PlanException.Reason.NOT_FOUND, "no contact with id '" + contactId + "'"));
        Plan changed = change((String) contact.get("account_id"), planId, plan -> {
            if (plan.contactId() != null && !plan.contactId().equals(contactId)) {
                throw new PlanException(PlanException.Reason.INVALID, "plan '" + planId + "' is another contact's");
            }
            if (!PlanView.completableBy(plan.task(taskId), PlanView.personasOf(contact))) {
                throw new PlanException(PlanException.Reason.CONFLICT, "task '" + taskId + "' is not open for this contact");
            }
            plan.complete(taskId, now(), BY_CONTACT + contactId);
        });
        return changed.task(taskId).spec().title();
    }

    /**
     * The plan a contact's hub page shows: the contact's own open plan, else the account's newest plan of the whole
     * account; empty when there is none.
     */
    public Optional<Plan> forContact(Map<String, Object> contact) {
        String accountId = (String) contact.get("account_id");
        if (accountId == null) {
            return Optional.empty();
        }
        List<Plan> all = ofAccount(accountId);
        LocalDate today = today();
        Optional<Plan> own = all.stream().filter(p -> Objects.equals(p.contactId(), contact.get("contact_id"))
                && p.status(today) != Plan.Status.COMPLETED).max(Comparator.comparing(Plan::startDate));
        return own.isPresent() ? own : all.stream().filter(p -> p.contactId() == null && "account".equals(p.kind()))
                .max(Comparator.comparing(Plan::startDate));
    }

    /**
     * Onboarding metrics over the account plans started between two days, of one account, one segment, or every
     * account when both are null.
     */
    public List<OnboardingMetrics.Metric> metrics(String accountId, String segment, LocalDate from, LocalDate to) {
        List<PlanStore.Stored> candidates = accountId != null ? plans.ofAccount(accountId) : plans.startedBetween(from, to);
        List<AccountOnboarding> accounts = new ArrayList<>();
        for (PlanStore.Stored stored : candidates) {
            Plan plan = stored.plan();
            if (!"account".equals(plan.kind()) || plan.startDate().isBefore(from) || plan.startDate().isAfter(to)) {
                continue;
            }
            Optional<Map<String, Object>> account = entities.get(EntitySchema.ACCOUNT, plan.accountId());
            if (account.isEmpty() || segment != null && !segment.equals(account.get().get("segment"))) {
                continue;
            }
            accounts.add(onboarding(plan, account.get()));
        }
        return OnboardingMetrics.compute(accounts, today());
    }

    private AccountOnboarding onboarding(Plan plan, Map<String, Object> account) {
        String id = plan.accountId();
        LocalDate start = plan.startDate();
        LocalDate end = plan.endDate();
        List<RuleData.Event> happened = events.events(id, start.minusDays(Plan.RULE_LOOKBACK_DAYS),
                end.plusDays(OnboardingMetrics.CHURN_DAYS));
        plan.applyRules(ruleData(plan, account, happened), clock.instant());
        BigDecimal activeUsers = metric(entities, id, ACTIVE_USERS, start).stream()
                .filter(p -> p.contactId() == null && !p.date().isAfter(start.plusDays(OnboardingMetrics.ADOPTION_DAYS)))
                .max(Comparator.comparing(RuleData.MetricPoint::date)).map(RuleData.MetricPoint::value).orElse(null);
        int tickets = (int) happened.stream().filter(e -> e.name().equals(TICKET_OPENED) && within(e, start, end)).count();
        List<LocalDate> expansions = happened.stream().filter(e -> e.name().equals(EXPANDED)).map(PlanService::date).toList();
        LocalDate churned = happened.stream().filter(e -> e.name().equals(CHURNED)).map(PlanService::date)
                .min(Comparator.naturalOrder()).orElse(null);
        return new AccountOnboarding(id, (String) account.get("segment"), plan,
                account.get("licenses_purchased") instanceof BigDecimal n ? n : null, activeUsers,
                polls.answers(id, "csat", start, end), polls.answers(id, "ces", start, end),
                polls.answers(id, "nps", start, end).stream().map(BigDecimal::intValue).toList(),
                tickets, expansions, churned);
    }

    private static LocalDate date(RuleData.Event event) {
        return event.at().atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static boolean within(RuleData.Event event, LocalDate from, LocalDate to) {
        LocalDate day = date(event);
        return !day.isBefore(from) && !day.isAfter(to);
    }

    private List<String> applyRules(Plan plan) {
        if (plan.tasks().stream().noneMatch(t -> t.status() == Plan.TaskStatus.OPEN && t.spec().rule() != null)) {
            return List.of();
        }
        Map<String, Object> account = entities.get(EntitySchema.ACCOUNT, plan.accountId()).orElse(Map.of());
        List<RuleData.Event> happened = events.events(plan.accountId(),
                plan.startDate().minusDays(Plan.RULE_LOOKBACK_DAYS), today().plusDays(1));
        return plan.applyRules(ruleData(plan, account, happened), clock.instant());
    }

    private RuleData ruleData(Plan plan, Map<String, Object> account, List<RuleData.Event> happened) {
        List<RuleData.MetricPoint> points = new ArrayList<>();
        plan.tasks().stream().map(t -> t.spec().rule()).filter(r -> r instanceof CompletionRule.OnMetric)
                .map(r -> ((CompletionRule.OnMetric) r).metric()).distinct()
                .forEach(metric -> points.addAll(metric(entities, plan.accountId(), metric,
                        plan.startDate().minusDays(Plan.RULE_LOOKBACK_DAYS))));
        Map<String, Object> contact = plan.contactId() == null ? Map.of()
                : entities.get(EntitySchema.CONTACT, plan.contactId()).orElse(Map.of());
        return new RuleData(happened, points, account, contact);
    }

    /** "p" and 16 random base32 characters: unguessable, safe in a URL path. */
    private static String newId() {
        StringBuilder id = new StringBuilder("p");
        for (int i = 0; i < 16; i++) {
            id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }
}
