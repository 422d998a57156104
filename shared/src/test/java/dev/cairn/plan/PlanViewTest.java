package dev.cairn.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each ordering rule of the next best actions, the last achievements, progress and the executive summary. */
class PlanViewTest {

    static final LocalDate START = LocalDate.parse("2026-03-01");
    static final Set<String> ADMIN = Set.of("admin");

    /**
     * Two phases; each test uses a handful of tasks so that one rule decides the order. A phase needs a task, so a
     * vendor task (never a contact's action) fills the late phase when a test puts none there.
     */
    static Plan plan(String... given) {
        List<String> tasks = new java.util.ArrayList<>(List.of(given));
        if (tasks.stream().noneMatch(t -> t.contains("phase-late"))) {
            tasks.add("{id: filler, title: Filler, owner: vendor, due: 90}, phase-late");
        }
        String yaml = String.join("\n", "id: t", "name: T", "kind: account", "phases:",
                "  - id: early", "    title: Early", "    days: [0, 30]", "    tasks:")
                + "\n" + String.join("\n", tasks.stream().filter(t -> t.contains("phase-early")).map(t ->
                "      - " + t.replace(", phase-early", "")).toList())
                + "\n" + String.join("\n", "  - id: late", "    title: Late", "    days: [0, 90]", "    tasks:")
                + "\n" + String.join("\n", tasks.stream().filter(t -> t.contains("phase-late")).map(t ->
                "      - " + t.replace(", phase-late", "")).toList());
        return Plan.start("p", PlanTemplateParser.parse("t.yaml", yaml), Timeline.STANDARD, START, "acc", null, null,
                Instant.parse("2026-03-01T00:00:00Z"), "test");
    }

    static List<String> next(Plan plan, Set<String> personas, int today) {
        return PlanView.of(plan, personas, START.plusDays(today)).nextActions().stream().map(PlanView.Action::taskId).toList();
    }

    static Instant at(int day) {
        return START.plusDays(day).atTime(10, 0).toInstant(ZoneOffset.UTC);
    }

    @Test
    void aContactMayMarkDoneOnlyOpenCustomerTasksOfTheirPersona() {
        Plan plan = plan("{id: mine, title: Mine, owner: customer, personas: [admin], due: 5}, phase-early",
                "{id: anyone, title: Anyone, owner: customer, due: 6}, phase-early",
                "{id: execs, title: Execs, owner: customer, personas: [executive], due: 7}, phase-early",
                "{id: vendors, title: Vendors, owner: vendor, personas: [admin], due: 8}, phase-early",
                "{id: finished, title: Finished, owner: customer, personas: [admin], due: 9}, phase-early");
        plan.complete("finished", at(2), "api");
        assertEquals(List.of("mine", "anyone"), plan.tasks().stream()
                .filter(t -> PlanView.completableBy(t, ADMIN)).map(Plan.Task::id).toList());
    }

    @Test
    void overdueTasksComeBeforeTasksDueLaterEvenInALaterPhase() {
        Plan plan = plan("{id: soon, title: Soon, owner: customer, due: 12}, phase-early",
                "{id: overdue, title: Overdue, owner: customer, due: 8}, phase-late");
        assertEquals(List.of("overdue", "soon"), next(plan, ADMIN, 10));
    }

    @Test
    void upcomingTasksAreOrderedByDueDateSoonestFirst() {
        Plan plan = plan("{id: d20, title: D20, owner: customer, due: 20}, phase-early",
                "{id: d15, title: D15, owner: customer, due: 15}, phase-early",
                "{id: d18, title: D18, owner: customer, due: 18}, phase-early");
        assertEquals(List.of("d15", "d18", "d20"), next(plan, ADMIN, 1));
    }

    @Test
    void onlyTasksForTheContactsPersonaAreSuggested() {
        Plan plan = plan("{id: for-admin, title: A, owner: customer, personas: [admin], due: 5}, phase-early",
                "{id: for-exec, title: E, owner: customer, personas: [executive], due: 3}, phase-early",
                "{id: for-all, title: All, owner: customer, due: 9}, phase-early");
        assertEquals(List.of("for-admin", "for-all"), next(plan, ADMIN, 1));
        assertEquals(List.of("for-exec", "for-all"), next(plan, Set.of("executive"), 1));
    }

    @Test
    void tasksWhosePrerequisitesAreOpenWaitUntilTheyAreDoneOrSkipped() {
        Plan plan = plan("{id: first, title: F, owner: customer, due: 9}, phase-early",
                "{id: second, title: S, owner: customer, due: 5, prerequisites: [first]}, phase-early");
        assertEquals(List.of("first"), next(plan, ADMIN, 1));
        plan.skip("first", "not needed", at(2), "test");
        assertEquals(List.of("second"), next(plan, ADMIN, 2));
    }

    @Test
    void onTheSameDueDateTheEarlierPhaseComesFirst() {
        Plan plan = plan("{id: later-phase, title: L, owner: customer, due: 10}, phase-late",
                "{id: earlier-phase, title: E, owner: customer, due: 10}, phase-early");
        assertEquals(List.of("earlier-phase", "later-phase"), next(plan, ADMIN, 1));
    }

    @Test
    void amongOverdueTasksTheEarlierPhaseComesFirstEvenWhenItWasDueLater() {
        Plan plan = plan("{id: late-phase-oldest, title: L, owner: customer, due: 2}, phase-late",
                "{id: early-phase-redated, title: E, owner: customer, due: 20}, phase-early");
        plan.redate("early-phase-redated", START.plusDays(6), "moved", at(1), "test");
        assertEquals(List.of("early-phase-redated", "late-phase-oldest"), next(plan, ADMIN, 10));
    }

    @Test
    void vendorTasksAndDoneTasksAreNeverAContactsAction() {
        Plan plan = plan("{id: vendor, title: V, owner: vendor, due: 1}, phase-early",
                "{id: done, title: D, owner: customer, due: 2}, phase-early",
                "{id: open, title: O, owner: customer, due: 3}, phase-early");
        plan.complete("done", at(1), "test");
        assertEquals(List.of("open"), next(plan, ADMIN, 1));
    }

    @Test
    void threeActionsAndAFourthOnlyWhenItIsUrgent() {
        Plan plan = plan("{id: a, title: A, owner: customer, due: 2}, phase-early",
                "{id: b, title: B, owner: customer, due: 3}, phase-early",
                "{id: c, title: C, owner: customer, due: 4}, phase-early",
                "{id: d, title: D, owner: customer, due: 9}, phase-early",
                "{id: e, title: E, owner: customer, due: 9}, phase-early");
        assertEquals(List.of("a", "b", "c"), next(plan, ADMIN, 1), "d is due in 8 days: not urgent");
        assertEquals(List.of("a", "b", "c", "d"), next(plan, ADMIN, 2), "d is due in 7 days: urgent, but never a fifth");
    }

    @Test
    void theLastThreeAchievementsNewestFirst() {
        Plan plan = plan("{id: a, title: A, owner: customer, due: 2}, phase-early",
                "{id: b, title: B, owner: vendor, due: 3}, phase-early",
                "{id: c, title: C, owner: customer, due: 4}, phase-late",
                "{id: d, title: D, owner: customer, due: 5}, phase-early",
                "{id: exec-only, title: X, owner: customer, personas: [executive], due: 5}, phase-early");
        plan.complete("c", at(1), "test");
        plan.complete("a", at(3), "test");
        plan.complete("d", at(2), "test");
        plan.complete("b", at(4), "test");
        plan.complete("exec-only", at(5), "test");
        assertEquals(List.of("b", "a", "d"), PlanView.of(plan, ADMIN, START.plusDays(6)).achievements().stream()
                .map(PlanView.Achievement::taskId).toList());
    }

    @Test
    void progressPerPhaseAndOverall() {
        Plan plan = plan("{id: a, title: A, owner: customer, due: 2}, phase-early",
                "{id: b, title: B, owner: customer, due: 3}, phase-early",
                "{id: c, title: C, owner: customer, due: 4}, phase-early",
                "{id: d, title: D, owner: customer, due: 5}, phase-late");
        plan.complete("a", at(1), "test");
        plan.skip("c", "n/a", at(1), "test");
        PlanView view = PlanView.of(plan, ADMIN, START.plusDays(2));
        assertEquals(List.of("early 1/2 50%", "late 0/1 0%"), view.phases().stream()
                .map(p -> p.id() + " " + p.done() + "/" + p.total() + " " + p.percent() + "%").toList());
        assertEquals(33, view.overall().percent());
    }

    @Test
    void personasComeFromRoleAndFlags() {
        assertEquals(Set.of("end_user"), PlanView.personasOf(Map.of("role", "End User")));
        assertEquals(Set.of("admin", "champion", "executive"),
                PlanView.personasOf(Map.of("role", "admin", "is_champion", true, "is_executive", true)));
        assertEquals(Set.of("end_user"), PlanView.personasOf(Map.of()));
    }

    @Test
    void theExecutiveSummaryShowsValueReachedAndBlockersNotTasks() {
        Plan plan = Plan.start("p", PlanTemplates.get("onboarding").orElseThrow(), Timeline.STANDARD, START, "acc", null,
                null, at(-7), "test");
        plan.complete("kickoff-scheduled", at(-1), "test");
        plan.complete("kickoff-held", at(3), "test");
        plan.complete("first-value", at(21), "test");
        PlanView.Executive summary = PlanView.Executive.of(plan, START.plusDays(40));
        assertEquals(21L, summary.daysToValue());
        assertEquals(3, summary.milestonesDone());
        assertEquals(7, summary.milestones());
        assertEquals("training-feedback", summary.nextMilestone().taskId());
        assertEquals(List.of("handoff", "welcome-sent", "readiness-sponsor", "readiness-admin", "readiness-data"),
                summary.blockers().stream().map(PlanView.Action::taskId).toList(), "longest overdue first, five at most");
        assertEquals(Side.VENDOR, summary.blockers().get(0).owner());
    }
}
