package dev.cairn.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.pipeline.ChangeMessage;
import dev.cairn.plan.Plan;
import dev.cairn.plan.PlanTemplateParser;
import dev.cairn.plan.Timeline;
import dev.cairn.program.TriggerSpec;
import dev.cairn.program.Triggers;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TriggerEngineTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-11-22");

    private static TriggerSpec trigger(String on, Object... params) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            values.put((String) params[i], params[i + 1]);
        }
        return new TriggerSpec(on, values);
    }

    private static ChangeMessage change(String kind, String change, Map<String, Object> before) {
        return ChangeMessage.of(kind, "x-1", "acc-1", change, before, "2026-11-22T10:00:00Z");
    }

    private static Map<String, Object> account(Object... values) {
        Map<String, Object> account = new HashMap<>();
        account.put("account_id", "acc-1");
        for (int i = 0; i < values.length; i += 2) {
            account.put((String) values[i], values[i + 1]);
        }
        return account;
    }

    private static Optional<TriggerEngine.Firing> on(TriggerSpec t, ChangeMessage c, Map<String, Object> a) {
        return TriggerEngine.onChange(t, c, a, null, TODAY);
    }

    @Test
    void contactCreatedFiresOnceForTheContactAndNotOnUpdates() {
        TriggerSpec t = trigger(Triggers.CONTACT_CREATED);
        assertEquals(Optional.of(new TriggerEngine.Firing("contact_created", TriggerEngine.Scope.CONTACT)),
                on(t, change("contact", "created", Map.of("email", "x")), account()));
        assertTrue(on(t, change("contact", "updated", Map.of("role", "admin")), account()).isEmpty());
        assertTrue(on(t, change("account", "created", Map.of("name", "A")), account()).isEmpty());
    }

    @Test
    void aNewUserIsAContactAddedAfterItsAccountsFirstDay() {
        TriggerSpec t = trigger(Triggers.NEW_USER);
        assertTrue(on(t, change("contact", "created", Map.of()), account("created_at", "2026-09-01T08:00:00Z")).isPresent());
        assertTrue(on(t, change("contact", "created", Map.of()), account("created_at", "2026-11-22T09:59:00Z")).isEmpty(),
                "contacts loaded with their account on its first day are the initial load, not new users");
    }

    @Test
    void productAddedNamesTheAddedProductsAndIgnoresRemovals() {
        Map<String, Object> before = new HashMap<>();
        before.put("products", List.of("analytics"));
        Optional<TriggerEngine.Firing> added = on(trigger(Triggers.PRODUCT_ADDED), change("account", "updated", before),
                account("products", List.of("analytics", "alerts", "governance")));
        assertEquals("product_added-alerts+governance", added.orElseThrow().runId());
        assertEquals(TriggerEngine.Scope.ACCOUNT, added.get().scope());
        assertTrue(on(trigger(Triggers.PRODUCT_ADDED, "product", "sso"), change("account", "updated", before),
                account("products", List.of("analytics", "alerts"))).isEmpty(), "only the named product counts");
        Map<String, Object> hadTwo = new HashMap<>();
        hadTwo.put("products", List.of("analytics", "alerts"));
        assertTrue(on(trigger(Triggers.PRODUCT_ADDED), change("account", "updated", hadTwo),
                account("products", List.of("analytics"))).isEmpty(), "a removal is not an addition");
    }

    @Test
    void addOnsAddedAndAContractStartAreThePlansOccasions() {
        Map<String, Object> before = new HashMap<>();
        before.put("add_ons", List.of("sso"));
        assertEquals(List.of("audit-log"), List.copyOf(TriggerEngine.addOnsAdded(change("account", "updated", before),
                account("add_ons", List.of("sso", "audit-log")))));
        assertTrue(TriggerEngine.addOnsAdded(change("account", "created", Map.of("add_ons", List.of())),
                account("add_ons", List.of("sso"))).isEmpty(), "a new account's add-ons come with its onboarding");
        assertEquals(LocalDate.parse("2026-11-01"), TriggerEngine.contractStarted(change("account", "created",
                Map.of("contract_start", "")), account("contract_start", "2026-11-01")));
        assertEquals(null, TriggerEngine.contractStarted(change("account", "updated", Map.of("name", "B")),
                account("contract_start", "2026-11-01")), "a change that leaves the contract start alone");
        assertEquals(null, TriggerEngine.contractStarted(change("contact", "created", Map.of("contract_start", "")),
                account("contract_start", "2026-11-01")));
    }

    @Test
    void onlyDataThatARuleReadsSendsTheEvaluateStageToTheAccountsPlans() {
        ChangeMessage event = ChangeMessage.of("event", "acc-1|integration_connected|2026-11-22T10:00:00Z|", "acc-1",
                "created", Map.of(), "2026-11-22T10:00:00Z");
        ChangeMessage otherEvent = ChangeMessage.of("event", "acc-1|feature_used|2026-11-22T10:00:00Z|c-1", "acc-1",
                "created", Map.of(), "2026-11-22T10:00:00Z");
        ChangeMessage metric = ChangeMessage.of("metric", "acc-1|active_users_pct|2026-11-22|", "acc-1", "updated",
                Map.of("value", 40), "2026-11-22T10:00:00Z");
        assertTrue(EvaluateService.mayCompleteTasks(event), "onboarding's integration task");
        assertTrue(EvaluateService.mayCompleteTasks(metric), "onboarding's adoption milestone");
        assertTrue(!EvaluateService.mayCompleteTasks(otherEvent), "no rule reads feature_used");
        assertTrue(EvaluateService.mayCompleteTasks(change("account", "updated", Map.of("licenses_used", 1))));
        assertTrue(!EvaluateService.mayCompleteTasks(change("account", "updated", Map.of("name", "B"))));
        assertTrue(!EvaluateService.mayCompleteTasks(change("account", "created", Map.of("licenses_used", 1))),
                "a new account's plans applied their rules as they started");
    }

    @Test
    void healthDropFiresOnADropOfAtLeastByPointsOrOnCrossingBelow() {
        Map<String, Object> was80 = new HashMap<>();
        was80.put("health_score", new BigDecimal("80"));
        assertTrue(on(trigger(Triggers.HEALTH_DROP), change("account", "updated", was80),
                account("health_score", new BigDecimal("70"))).isPresent(), "the default drop is 10 points");
        assertTrue(on(trigger(Triggers.HEALTH_DROP), change("account", "updated", was80),
                account("health_score", new BigDecimal("71"))).isEmpty());
        assertTrue(on(trigger(Triggers.HEALTH_DROP, "below", new BigDecimal("75")), change("account", "updated", was80),
                account("health_score", new BigDecimal("74"))).isPresent(), "crossing below the threshold");
        Map<String, Object> was60 = new HashMap<>();
        was60.put("health_score", new BigDecimal("60"));
        assertTrue(on(trigger(Triggers.HEALTH_DROP, "below", new BigDecimal("75")), change("account", "updated", was60),
                account("health_score", new BigDecimal("58"))).isEmpty(), "already below: not a new crossing");
    }

    @Test
    void usageDropComparesWithThePreviousPointOfTheSameMetric() {
        TriggerSpec t = trigger(Triggers.USAGE_DROP, "metric", "queries_30d", "percent", new BigDecimal("25"));
        ChangeMessage point = change("metric", "created", Map.of("value", 1));
        TriggerEngine.MetricChange down30 = new TriggerEngine.MetricChange("queries_30d", TODAY, null,
                new BigDecimal("700"), new BigDecimal("1000"));
        Optional<TriggerEngine.Firing> fired = TriggerEngine.onChange(t, point, account(), down30, TODAY);
        assertEquals("usage_drop-queries_30d-2026-11-22", fired.orElseThrow().runId());
        assertEquals(TriggerEngine.Scope.ACCOUNT, fired.get().scope());
        TriggerEngine.MetricChange down20 = new TriggerEngine.MetricChange("queries_30d", TODAY, "c-1",
                new BigDecimal("800"), new BigDecimal("1000"));
        assertTrue(TriggerEngine.onChange(t, point, account(), down20, TODAY).isEmpty());
        TriggerEngine.MetricChange first = new TriggerEngine.MetricChange("queries_30d", TODAY, null, BigDecimal.ONE, null);
        assertTrue(TriggerEngine.onChange(t, point, account(), first, TODAY).isEmpty(), "no previous period, no drop");
        TriggerEngine.MetricChange other = new TriggerEngine.MetricChange("logins", TODAY, null, BigDecimal.ONE, BigDecimal.TEN);
        assertTrue(TriggerEngine.onChange(t, point, account(), other, TODAY).isEmpty());
    }

    @Test
    void npsBelowAndPromotersFireForTheContactWhoAnswered() {
        ChangeMessage point = change("metric", "created", Map.of("value", 1));
        TriggerEngine.MetricChange detractor = new TriggerEngine.MetricChange("nps", TODAY, "c-1", new BigDecimal("5"), null);
        TriggerEngine.MetricChange promoter = new TriggerEngine.MetricChange("nps", TODAY, "c-1", new BigDecimal("9"), null);
        TriggerSpec below = trigger(Triggers.METRIC_BELOW, "metric", "nps", "below", new BigDecimal("7"));
        TriggerSpec atLeast = trigger(Triggers.METRIC_AT_LEAST, "metric", "nps", "at_least", new BigDecimal("9"));
        assertEquals(TriggerEngine.Scope.CONTACT, TriggerEngine.onChange(below, point, account(), detractor, TODAY).orElseThrow().scope());
        assertTrue(TriggerEngine.onChange(below, point, account(), promoter, TODAY).isEmpty());
        assertTrue(TriggerEngine.onChange(atLeast, point, account(), promoter, TODAY).isPresent());
        assertTrue(TriggerEngine.onChange(atLeast, point, account(), detractor, TODAY).isEmpty());
    }

    @Test
    void renewalApproachingFiresInsideTheWindowOncePerRenewalDate() {
        TriggerSpec t = trigger(Triggers.RENEWAL_APPROACHING, "days_before", 90);
        assertTrue(TriggerEngine.onDate(t, account("renewal_date", "2027-02-21"), TODAY).isEmpty(), "91 days out");
        assertEquals("renewal_approaching-2027-02-20",
                TriggerEngine.onDate(t, account("renewal_date", "2027-02-20"), TODAY).orElseThrow().runId(), "90 days out");
        assertTrue(TriggerEngine.onDate(t, account("renewal_date", "2026-11-22"), TODAY).isPresent(), "the day itself");
        assertTrue(TriggerEngine.onDate(t, account("renewal_date", "2026-11-21"), TODAY).isEmpty(), "already past");
        assertTrue(TriggerEngine.onDate(t, account(), TODAY).isEmpty(), "no renewal date");
    }

    @Test
    void justPastAMonthlyRenewalOffersAnnualToMonthlyAccountsOnly() {
        TriggerSpec t = trigger(Triggers.MONTHLY_RENEWAL_PASSED);
        assertTrue(TriggerEngine.onDate(t, account("renewal_date", "2026-11-20", "billing_period", "monthly"), TODAY).isPresent());
        assertTrue(TriggerEngine.onDate(t, account("renewal_date", "2026-11-20", "billing_period", "annual"), TODAY).isEmpty());
        assertTrue(TriggerEngine.onDate(t, account("renewal_date", "2026-11-01", "billing_period", "monthly"), TODAY).isEmpty(),
                "more than 7 days ago");
    }

    @Test
    void championChangedFiresForTheAccountWhenTheFlagMoves() {
        TriggerSpec t = trigger(Triggers.CHAMPION_CHANGED);
        Map<String, Object> before = new HashMap<>();
        before.put("is_champion", true);
        assertEquals(TriggerEngine.Scope.ACCOUNT, on(t, change("contact", "updated", before), account()).orElseThrow().scope());
        assertTrue(on(t, change("contact", "updated", Map.of("team", "Ops")), account()).isEmpty());
    }

    @Test
    void taskOverdueFiresOncePerOpenCustomerTaskPastItsDueDate() {
        LocalDate start = LocalDate.parse("2026-03-01");
        String template = String.join("\n", "id: t", "name: T", "kind: account", "phases:",
                "  - id: early", "    title: Early", "    days: [0, 30]", "    tasks:",
                "      - {id: setup, title: Set up SSO, owner: customer, personas: [admin], due: 5}",
                "      - {id: kickoff, title: Kickoff call, owner: vendor, due: 3}",
                "      - {id: train, title: Train the team, owner: customer, due: 20}");
        Plan plan = Plan.start("p", PlanTemplateParser.parse("t.yaml", template), Timeline.STANDARD, start, "acc",
                null, null, Instant.parse("2026-03-01T00:00:00Z"), "test");
        TriggerSpec overdue = trigger(Triggers.TASK_OVERDUE);

        assertEquals(List.of(), TriggerEngine.overdueTasks(overdue, plan, start.plusDays(5)), "due today is not overdue");
        List<TriggerEngine.OverdueTask> late = TriggerEngine.overdueTasks(overdue, plan, start.plusDays(6));
        assertEquals(List.of("setup"), late.stream().map(t -> t.task().id()).toList(), "vendor tasks never fire");
        assertEquals("task_overdue-p-setup-" + start.plusDays(5), late.get(0).runId());
        assertEquals(List.of(), TriggerEngine.overdueTasks(trigger(Triggers.TASK_OVERDUE, "days_overdue", 3), plan,
                start.plusDays(8)), "inside the grace days");
        assertEquals(1, TriggerEngine.overdueTasks(trigger(Triggers.TASK_OVERDUE, "days_overdue", 3), plan,
                start.plusDays(9)).size());

        plan.redate("setup", start.plusDays(30), "waiting on IT", Instant.parse("2026-03-10T00:00:00Z"), "csm");
        assertEquals(List.of("train"), TriggerEngine.overdueTasks(overdue, plan, start.plusDays(21)).stream()
                .map(t -> t.task().id()).toList(), "a re-dated task waits for its new date");
        assertEquals("task_overdue-p-setup-" + start.plusDays(30),
                TriggerEngine.overdueTasks(overdue, plan, start.plusDays(31)).get(0).runId(), "and fires under a new occasion");

        plan.complete("setup", Instant.parse("2026-04-10T00:00:00Z"), "api");
        assertTrue(TriggerEngine.overdueTasks(overdue, plan, start.plusDays(31)).stream()
                .noneMatch(t -> t.task().id().equals("setup")), "a done task is not overdue");
    }
}
