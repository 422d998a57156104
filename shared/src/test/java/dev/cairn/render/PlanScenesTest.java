package dev.cairn.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.plan.Band;
import dev.cairn.plan.OnboardingMetrics;
import dev.cairn.plan.Plan;
import dev.cairn.plan.PlanTemplateParser;
import dev.cairn.plan.Timeline;
import dev.cairn.program.ProgramParser;
import dev.cairn.render.fields.FieldData;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The success-plan and executive-summary scenes on the built-in hub page, for a plan on day 21. */
class PlanScenesTest {

    private static final LocalDate START = LocalDate.parse("2026-11-01");
    private static final LocalDate TODAY = START.plusDays(21);
    private static final String HOSTILE = "<script>alert(1)</script>";
    private final LiquidEngine liquid = new LiquidEngine();

    private static final String TEMPLATE = String.join("\n", "id: t", "name: Acme onboarding", "kind: account",
            "phases:",
            "  - id: kickoff", "    title: Kickoff", "    days: [0, 10]", "    tasks:",
            "      - {id: kickoff-held, title: Kickoff held, owner: customer, due: 2, milestone: true}",
            "      - {id: admin-invited, title: Admin invited, owner: customer, due: 3}",
            "      - {id: sponsor-named, title: Sponsor named, owner: customer, due: 4, first_value: true}",
            "  - id: adoption", "    title: Adoption", "    days: [11, 60]", "    tasks:",
            "      - {id: health-check, title: Health check, owner: vendor, due: 12}",
            "      - {id: data-imported, title: Data imported, owner: customer, due: 15, milestone: true}",
            "      - {id: hostile, title: \"" + HOSTILE + " connected\", owner: customer, due: 20}",
            "      - {id: trained, title: Team trained, owner: customer, due: 30}",
            "      - {id: dashboards, title: Dashboards shared, owner: customer, due: 40}");

    private static final String PROGRAM = String.join("\n", "id: plan", "name: Your plan", "trigger:", "  on: manual",
            "scenes:", "  - {id: plan, type: success_plan}", "  - {id: exec, type: executive_summary}", "email:",
            "  subject: Your plan", "  html: email.liquid", "  text: email.txt", "");

    private static Instant day(int day) {
        return START.plusDays(day).atTime(10, 0).toInstant(ZoneOffset.UTC);
    }

    /** Kickoff done on days 1, 2 and 5, and team training out of sequence on day 10. */
    private static Plan plan() {
        Plan plan = Plan.start("p1", PlanTemplateParser.parse("t.yaml", TEMPLATE), Timeline.STANDARD, START, "acc-1",
                null, null, day(0), "test");
        plan.complete("kickoff-held", day(1), "api");
        plan.complete("admin-invited", day(2), "api");
        plan.complete("sponsor-named", day(5), "api");
        plan.complete("trained", day(10), "api");
        return plan;
    }

    private RenderedMessage render(Plan plan) {
        CompiledProgram program = CompiledProgram.compile(ProgramParser.parse("plan", 1, PROGRAM,
                Map.of("email.liquid", "<p>{{ hub.url }}</p>", "email.txt", "{{ hub.url }}")), liquid);
        Map<String, Object> contact = Map.of("contact_id", "c-ana", "account_id", "acc-1", "email", "ana@example.com",
                "first_name", "Ana", "role", "admin", "locale", "en", "timezone", "UTC");
        FieldData data = new FieldData(contact, Map.of("account_id", "acc-1", "name", "Acme"), TODAY, Map.of(),
                Map.of(), plan);
        return new HubRenderer(liquid).render(program, data, "https://hub.example/h/abc.html");
    }

    private static void inOrder(String page, String... texts) {
        int from = 0;
        for (String text : texts) {
            int at = page.indexOf(text, from);
            assertTrue(at >= 0, "'" + text + "' after position " + from + " in " + page);
            from = at + text.length();
        }
    }

    private static String section(String page, String id) {
        int start = page.indexOf("<section class=\"scene scene-" + id);
        return page.substring(start, page.indexOf("</section>", start));
    }

    @Test
    void theSuccessPlanShowsProgressStatusTheLastAchievementsAndTheNextActions() {
        RenderedMessage message = render(plan());
        String page = section(message.page(), "plan");

        assertTrue(page.contains("<h2 id=\"plan-h\">Acme onboarding</h2>"), page);
        assertTrue(page.contains("<p class=\"status status-behind\">Behind schedule</p>"),
                "the data-imported milestone is 6 days late");
        assertTrue(page.contains("<p class=\"big\">50%</p>"), "4 of the 8 tasks");
        assertTrue(page.contains("aria-label=\"50% done: 4 of 8 tasks\""), page);
        assertTrue(page.contains("aria-label=\"Kickoff: 100% done\"") && page.contains("style=\"width: 100%\""), page);
        assertTrue(page.contains("aria-label=\"Adoption: 20% done\"") && page.contains("style=\"width: 20%\""),
                "1 of 5, the vendor's task included");
        // The last three achievements, newest first: the kickoff's first task is the fourth, so it is not shown.
        inOrder(page, "<h3>Well done!</h3>", "Team trained", "Sponsor named", "Admin invited", "</ul>");
        assertFalse(page.contains("Kickoff held"), page);
        assertTrue(page.contains("completed <time datetime=\"2026-11-11T10:00:00Z\">Nov 11, 2026</time>"), page);
        // Overdue first, the longest overdue first, then due soonest; never the vendor's task.
        inOrder(page, "<h3>Your next steps</h3>",
                "<li class=\"overdue\">Data imported <span class=\"due\">Overdue by 6 days: was due"
                        + " <time datetime=\"2026-11-16\">Nov 16, 2026</time>",
                "<li class=\"overdue\">&lt;script&gt;alert(1)&lt;/script&gt; connected <span class=\"due\">Overdue by 1 day:",
                "<li class=\"\">Dashboards shared <span class=\"due\">Due <time datetime=\"2026-12-11\">");
        assertFalse(page.contains("Health check"), "a vendor task is never the contact's action");
        assertFalse(message.page().contains(HOSTILE), "task titles are escaped");
    }

    @Test
    void anActionDueWithinAWeekIsMarkedUrgent() {
        Plan plan = plan();
        plan.complete("data-imported", day(20), "api");
        plan.complete("hostile", day(20), "api");
        plan.redate("dashboards", TODAY.plusDays(7), "sooner", day(20), "api");

        String page = section(render(plan).page(), "plan");

        assertTrue(page.contains("<p class=\"status status-on_track\">On track</p>"), page);
        assertTrue(page.contains("<li class=\"urgent\">Dashboards shared <span class=\"due\">Due <time datetime=\"2026-11-29\">"),
                page);
    }

    @Test
    void theExecutiveSummaryShowsProgressValueReachedAndBlockers() {
        String page = section(render(plan()).page(), "executive");

        assertTrue(page.contains("<h2 id=\"exec-h\">Onboarding at a glance</h2>"), page);
        assertTrue(page.contains("<p class=\"big\">50%</p>"), page);
        assertTrue(page.contains("<dt>Milestones reached</dt><dd>1 of 2</dd>"), page);
        assertTrue(page.contains("<dt>Value reached</dt><dd><time datetime=\"2026-11-06T10:00:00Z\">Nov 6, 2026</time>, day 5</dd>"),
                page);
        assertTrue(page.contains("<dt>Next milestone</dt><dd>Data imported, due <time datetime=\"2026-11-16\">"), page);
        // Open tasks of either side past due, the longest overdue first.
        inOrder(page, "<h3>Blockers</h3>", "Health check <span class=\"due\">(our side) overdue by 9 days",
                "Data imported <span class=\"due\">(your side) overdue by 6 days",
                "&lt;script&gt;alert(1)&lt;/script&gt; connected <span class=\"due\">(your side) overdue by 1 day</span>");
        assertFalse(page.contains("Team trained"), "executives get insight, not tasks");
    }

    @Test
    void withoutAPlanNeitherSceneIsShown() {
        CompiledProgram program = CompiledProgram.compile(ProgramParser.parse("plan", 1, PROGRAM,
                Map.of("email.liquid", "<p></p>", "email.txt", "")), liquid);
        RenderedMessage message = new HubRenderer(liquid).render(program, new FieldData(Map.of("contact_id", "c-ana"),
                Map.of(), TODAY, Map.of(), Map.of()), "");

        assertEquals(List.of(), message.scenes());
        assertFalse(message.page().contains("scene-plan"), message.page());
    }

    @Test
    void theOnboardingMetricsShowEachFigureWithItsBandAndChartThePercentages() {
        String program = String.join("\n", "id: report", "name: Report", "trigger:", "  on: manual", "scenes:",
                "  - {id: figures, type: onboarding_metrics}", "email:", "  subject: Report", "  html: email.liquid",
                "  text: email.txt", "");
        CompiledProgram compiled = CompiledProgram.compile(ProgramParser.parse("report", 1, program,
                Map.of("email.liquid", "<p>{{ hub.url }}</p>", "email.txt", "{{ hub.url }}")), liquid);
        Map<String, Object> contact = Map.of("contact_id", "c-ana", "account_id", "acc-1", "email", "ana@example.com",
                "locale", "en", "timezone", "UTC");
        List<OnboardingMetrics.Metric> metrics = List.of(
                new OnboardingMetrics.Metric("time_to_value_days", "days", new BigDecimal("12.5"), Band.WORLD_CLASS, 2),
                new OnboardingMetrics.Metric("user_adoption_rate", "percent", new BigDecimal("70.00"), Band.STRONG, 2),
                new OnboardingMetrics.Metric("on_time_milestone_rate", "percent", new BigDecimal("66.67"), Band.WEAK, 2),
                new OnboardingMetrics.Metric("nps", "score (-100 to 100)", new BigDecimal("50"), null, 4),
                new OnboardingMetrics.Metric("churn_within_180_days_rate", "percent", null, null, 0));
        String page = section(new HubRenderer(liquid).render(compiled, new FieldData(contact, Map.of("account_id",
                "acc-1", "name", "Acme"), TODAY, Map.of(), Map.of(), null, java.util.Set.of(), Map.of(), metrics), "https://hub.example/h/abc.html")
                .page(), "onboarding-metrics");

        inOrder(page, "<dt>Time to value</dt><dd><span class=\"figure\">12.5 days</span> <span class=\"band band-world_class\">"
                        + "World Class</span>",
                "<dt>User adoption</dt><dd><span class=\"figure\">70%</span> <span class=\"band band-strong\">Strong</span>",
                "<dt>Milestones on time</dt><dd><span class=\"figure\">66.7%</span> <span class=\"band band-weak\">Weak</span>",
                "<dt>Net Promoter Score</dt><dd><span class=\"figure\">50</span></dd>");
        assertFalse(page.contains("Churn"), "a figure with nothing to count is left out");
        assertTrue(page.contains("<svg class=\"chart\" id=\"figures-chart\""), page);
        assertTrue(page.contains("User adoption: 70%; Milestones on time: 66.7%."), "the chart's figures in text: " + page);

        List<OnboardingMetrics.Metric> none = List.of(
                new OnboardingMetrics.Metric("time_to_value_days", "days", null, null, 0));
        assertFalse(new HubRenderer(liquid).render(compiled, new FieldData(contact, Map.of("account_id", "acc-1"), TODAY,
                Map.of(), Map.of(), null, java.util.Set.of(), Map.of(), none), "https://hub.example/h/abc.html").scenes().contains("figures"),
                "no figures, no scene");
    }
}
