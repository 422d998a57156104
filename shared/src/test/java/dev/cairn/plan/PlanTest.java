package dev.cairn.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanTest {

    static final LocalDate START = LocalDate.parse("2026-01-01");
    static final Instant NOW = Instant.parse("2026-01-01T09:00:00Z");

    static Plan onboarding(Timeline timeline) {
        return Plan.start("p1", PlanTemplates.get("onboarding").orElseThrow(), timeline, START, "acc", null, null, NOW, "api");
    }

    static Instant day(int day) {
        return START.plusDays(day).atTime(12, 0).toInstant(java.time.ZoneOffset.UTC);
    }

    @Test
    void theStandardTimelineDatesTasksFromTheStartAsWritten() {
        Plan plan = onboarding(Timeline.STANDARD);
        assertEquals(START.plusDays(30), plan.task("first-value").due());
        assertEquals(START.minusDays(6), plan.task("handoff").due());
        assertEquals(START.plusDays(90), plan.endDate());
        assertEquals(new Phase("implementation", "Implementation", 8, 30), plan.phases().get(2));
    }

    @Test
    void theAcceleratedTimelineCompressesDaysAfterTheStartToSixtyDays() {
        Plan plan = onboarding(Timeline.ACCELERATED);
        assertEquals(START.plusDays(20), plan.task("first-value").due(), "day 30 * 60/90");
        assertEquals(START.plusDays(2), plan.task("kickoff-held").due(), "day 3 * 60/90");
        assertEquals(START.minusDays(6), plan.task("handoff").due(), "pre-onboarding is not scaled");
        assertEquals(START.plusDays(60), plan.endDate());
        assertEquals(new Phase("optimisation", "Optimisation", 41, 60), plan.phases().get(5));
    }

    @Test
    void theExtendedTimelineStretchesDaysAfterTheStartToOneHundredTwentyDays() {
        Plan plan = onboarding(Timeline.EXTENDED);
        assertEquals(START.plusDays(40), plan.task("first-value").due(), "day 30 * 120/90");
        assertEquals(START.plusDays(4), plan.task("kickoff-held").due(), "day 3 * 120/90 = 4");
        assertEquals(START.minusDays(6), plan.task("handoff").due());
        assertEquals(START.plusDays(120), plan.endDate());
    }

    @Test
    void tasksCompleteOutOfSequenceAndCompletingTwiceChangesNothing() {
        Plan plan = onboarding(Timeline.STANDARD);
        assertTrue(plan.complete("value-review", day(2), "api"), "an optimisation task on day 2, before anything else");
        assertEquals(Plan.TaskStatus.DONE, plan.task("value-review").status());
        assertEquals(Plan.TaskStatus.OPEN, plan.task("success-criteria").status(), "its prerequisite stays open");
        assertFalse(plan.complete("value-review", day(3), "api"));
        assertEquals(day(2), plan.task("value-review").completedAt());
        PlanView view = PlanView.of(plan, Set.of("executive"), START.plusDays(2));
        assertEquals(1, view.overall().done());
        assertEquals(1, view.phases().get(5).done());
        assertEquals("value-review", view.achievements().get(0).taskId());
    }

    @Test
    void addingSkippingAndRedatingAreRecordedAndSkippedTasksLeaveProgress() {
        Plan plan = onboarding(Timeline.STANDARD);
        int total = PlanView.of(plan, Set.of("admin"), START).overall().total();
        plan.addTask(new TaskSpec("sso", "SSO switched on", "implementation", Side.CUSTOMER, Set.of("admin"), 20, false,
                List.of("configure"), false, null), START.plusDays(20), day(1), "api");
        plan.skip("data-import", "no data to migrate", day(2), "api");
        plan.redate("integration", START.plusDays(28), "partner API late", day(3), "api");

        assertEquals(total, PlanView.of(plan, Set.of("admin"), START).overall().total(), "one added, one skipped");
        assertEquals(START.plusDays(28), plan.task("integration").due());
        assertTrue(plan.task("integration").redated());
        assertTrue(plan.task("sso").added());
        List<Plan.Change> log = plan.changes();
        assertEquals(List.of("started", "added", "skipped", "redated"), log.stream().map(Plan.Change::action).toList());
        assertEquals("no data to migrate", log.get(2).detail());
        assertEquals("2026-01-19 -> 2026-01-29: partner API late", log.get(3).detail());

        assertEquals(PlanException.Reason.CONFLICT, assertThrows(PlanException.class, () -> plan.addTask(
                new TaskSpec("sso", "again", "implementation", Side.CUSTOMER, Set.of(), 20, false, List.of(), false, null),
                START, day(4), "api")).reason());
        assertEquals(PlanException.Reason.INVALID, assertThrows(PlanException.class, () -> plan.addTask(
                new TaskSpec("x", "X", "nowhere", Side.CUSTOMER, Set.of(), 20, false, List.of(), false, null),
                START, day(4), "api")).reason());
        plan.complete("configure", day(5), "api");
        assertEquals(PlanException.Reason.CONFLICT, assertThrows(PlanException.class,
                () -> plan.skip("configure", "late", day(6), "api")).reason());
        assertEquals(PlanException.Reason.NOT_FOUND, assertThrows(PlanException.class,
                () -> plan.complete("nope", day(6), "api")).reason());
    }

    @Test
    void aPlanSurvivesTheRoundTripThroughJson() {
        Plan plan = onboarding(Timeline.ACCELERATED);
        plan.complete("configure", day(5), "api");
        plan.skip("data-import", "none", day(6), "api");
        plan.redate("integration", START.plusDays(28), null, day(7), "api");
        Plan back = PlanJson.read(PlanJson.write(plan));
        assertEquals(PlanJson.write(plan), PlanJson.write(back));
        assertEquals(new CompletionRule.OnField("account", "licenses_used", null, new BigDecimal("2")),
                back.task("users-invited").spec().rule());
    }

    // ---------------------------------------------------------------- completion rules

    static RuleData data(List<RuleData.Event> events, List<RuleData.MetricPoint> metrics, Map<String, Object> account) {
        return new RuleData(events, metrics, account, Map.of());
    }

    @Test
    void anEventCompletesItsTaskAtTheEventsTime() {
        Plan plan = onboarding(Timeline.STANDARD);
        List<String> done = plan.applyRules(data(List.of(new RuleData.Event("login", day(3), "c1"),
                new RuleData.Event("integration_connected", day(9), "c1"),
                new RuleData.Event("integration_connected", day(11), "c2")), List.of(), Map.of()), day(12));
        assertEquals(List.of("integration"), done);
        assertEquals(day(9), plan.task("integration").completedAt(), "the first matching event");
        assertEquals("rule: event integration_connected", plan.task("integration").completedBy());
        assertEquals(List.of(), plan.applyRules(data(List.of(new RuleData.Event("integration_connected", day(13), "c1")),
                List.of(), Map.of()), day(14)), "a done task is not completed again");
    }

    @Test
    void aMetricCompletesItsTaskOnTheFirstDayItReachesTheThreshold() {
        Plan plan = onboarding(Timeline.STANDARD);
        RuleData below = data(List.of(), List.of(new RuleData.MetricPoint("active_users_pct", START.plusDays(40),
                new BigDecimal("49.9"), null)), Map.of());
        assertEquals(List.of(), plan.applyRules(below, day(41)));
        RuleData reached = data(List.of(), List.of(
                new RuleData.MetricPoint("active_users_pct", START.plusDays(40), new BigDecimal("49.9"), null),
                new RuleData.MetricPoint("active_users_pct", START.plusDays(50), new BigDecimal("50"), null),
                new RuleData.MetricPoint("active_users_pct", START.plusDays(45), new BigDecimal("50.5"), null)), Map.of());
        assertEquals(List.of("half-active"), plan.applyRules(reached, day(51)));
        assertEquals(START.plusDays(45).atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
                plan.task("half-active").completedAt());
    }

    @Test
    void aFieldRuleCompletesAtTheTimeItIsSeen() {
        Plan plan = onboarding(Timeline.STANDARD);
        assertEquals(List.of(), plan.applyRules(data(List.of(), List.of(), Map.of("licenses_used", new BigDecimal("1"))), day(5)));
        assertEquals(List.of("users-invited"), plan.applyRules(data(List.of(), List.of(),
                Map.of("licenses_used", new BigDecimal("2"))), day(6)));
        assertEquals(day(6), plan.task("users-invited").completedAt());
    }

    @Test
    void evidenceFromBeforeTheLookbackOrOfAnotherContactDoesNotCount() {
        Plan userPlan = Plan.start("u1", PlanTemplates.get("new-user").orElseThrow(), Timeline.STANDARD, START, "acc",
                "c-new", null, NOW, "api");
        RuleData data = data(List.of(new RuleData.Event("login", day(-8), "c-new"),
                new RuleData.Event("login", day(2), "c-other")), List.of(), Map.of());
        assertEquals(List.of(), userPlan.applyRules(data, day(3)));
        assertEquals(List.of("first-login"), userPlan.applyRules(data(List.of(new RuleData.Event("login", day(2), "c-new")),
                List.of(), Map.of()), day(3)));
    }

    // ---------------------------------------------------------------- status

    @Test
    void statusFollowsMilestonesAgainstTheirDueDates() {
        Plan plan = onboarding(Timeline.STANDARD);
        plan.complete("kickoff-scheduled", day(-1), "api");
        assertEquals(Plan.Status.ON_TRACK, plan.status(START.plusDays(3)), "kickoff-held is due today, not late");
        assertEquals(Plan.Status.BEHIND, plan.status(START.plusDays(4)), "one milestone one day late");
        assertEquals(Plan.Status.BEHIND, plan.status(START.plusDays(10)), "seven days late is still behind");
        assertEquals(Plan.Status.AT_RISK, plan.status(START.plusDays(11)), "more than seven days late");
        plan.complete("kickoff-held", day(11), "api");
        assertEquals(Plan.Status.ON_TRACK, plan.status(START.plusDays(30)));
        assertEquals(Plan.Status.AT_RISK, plan.status(START.plusDays(46)), "first-value and training-feedback both late");
        plan.tasks().forEach(t -> plan.complete(t.id(), day(50), "api"));
        assertEquals(Plan.Status.COMPLETED, plan.status(START.plusDays(200)));
    }

    @Test
    void tasksThatAreNotMilestonesNeverChangeTheStatus() {
        Plan plan = onboarding(Timeline.STANDARD);
        plan.complete("kickoff-scheduled", day(-1), "api");
        plan.complete("kickoff-held", day(3), "api");
        assertEquals(Plan.Status.ON_TRACK, plan.status(START.plusDays(29)), "success-criteria and configure are late");
    }
}
