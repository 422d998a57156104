package dev.cairn.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each metric against a hand-computed fixture, and each band boundary of seed 002. */
class OnboardingMetricsTest {

    static final LocalDate JAN = LocalDate.parse("2026-01-01");
    static final LocalDate JUNE = LocalDate.parse("2026-06-01");
    static final LocalDate AS_OF = LocalDate.parse("2026-10-15");

    @ParameterizedTest(name = "{0} = {1} is {2}")
    @CsvSource({
            "time_to_value_days, 13.99, WORLD_CLASS", "time_to_value_days, 14, STRONG",
            "time_to_value_days, 29.99, STRONG", "time_to_value_days, 30, AVERAGE",
            "time_to_value_days, 60, AVERAGE", "time_to_value_days, 60.01, WEAK",
            "user_adoption_rate, 80.01, WORLD_CLASS", "user_adoption_rate, 80, STRONG",
            "user_adoption_rate, 60.01, STRONG", "user_adoption_rate, 60, AVERAGE",
            "user_adoption_rate, 40, AVERAGE", "user_adoption_rate, 39.99, WEAK",
            "on_time_milestone_rate, 95.01, WORLD_CLASS", "on_time_milestone_rate, 95, STRONG",
            "on_time_milestone_rate, 90.01, STRONG", "on_time_milestone_rate, 90, AVERAGE",
            "on_time_milestone_rate, 80, AVERAGE", "on_time_milestone_rate, 79.99, WEAK",
            "csat, 4.71, WORLD_CLASS", "csat, 4.7, STRONG", "csat, 4.51, STRONG", "csat, 4.5, AVERAGE",
            "csat, 4.0, AVERAGE", "csat, 3.99, WEAK",
            "support_tickets_per_customer, 0.99, WORLD_CLASS", "support_tickets_per_customer, 1, STRONG",
            "support_tickets_per_customer, 2.99, STRONG", "support_tickets_per_customer, 3, AVERAGE",
            "support_tickets_per_customer, 5, AVERAGE", "support_tickets_per_customer, 5.01, WEAK",
            "expansion_within_90_days_rate, 25.01, WORLD_CLASS", "expansion_within_90_days_rate, 25, STRONG",
            "expansion_within_90_days_rate, 15.01, STRONG", "expansion_within_90_days_rate, 15, AVERAGE",
            "expansion_within_90_days_rate, 8, AVERAGE", "expansion_within_90_days_rate, 7.99, WEAK",
            "churn_within_180_days_rate, 1.99, WORLD_CLASS", "churn_within_180_days_rate, 2, STRONG",
            "churn_within_180_days_rate, 4.99, STRONG", "churn_within_180_days_rate, 5, AVERAGE",
            "churn_within_180_days_rate, 10, AVERAGE", "churn_within_180_days_rate, 10.01, WEAK"})
    void eachBandBoundaryFallsOnTheDocumentedSide(String metric, String value, Band band) {
        assertEquals(band, OnboardingMetrics.SCALES.get(metric).of(new BigDecimal(value)));
    }

    static Plan plan(String id, LocalDate start) {
        return Plan.start(id, PlanTemplates.get("onboarding").orElseThrow(), Timeline.STANDARD, start, id, null, null,
                start.atStartOfDay(ZoneOffset.UTC).toInstant(), "test");
    }

    static Instant day(LocalDate start, int day) {
        return start.plusDays(day).atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    static List<BigDecimal> numbers(int... values) {
        return java.util.Arrays.stream(values).mapToObj(BigDecimal::valueOf).toList();
    }

    /** Four accounts; the figures below are worked out by hand in the comments. */
    static List<AccountOnboarding> fixture() {
        Plan a1 = plan("a1", JAN);
        a1.tasks().stream().filter(t -> t.spec().milestone()).forEach(t -> a1.complete(t.id(),
                t.due().atTime(12, 0).toInstant(ZoneOffset.UTC), "test"));
        a1.complete("first-value", day(JAN, 10), "test"); // already done at its due date: stays at day 30
        Plan a2 = plan("a2", JAN);
        a2.complete("first-value", day(JAN, 31), "test");
        Plan a3 = plan("a3", JAN);
        a3.skip("value-review", "no criteria agreed", day(JAN, 60), "test");
        Plan a4 = plan("a4", JUNE);
        a4.complete("first-value", day(JUNE, 5), "test");
        a4.complete("kickoff-held", day(JUNE, 3), "test");
        return List.of(
                new AccountOnboarding("a1", "SMB", a1, BigDecimal.TEN, BigDecimal.valueOf(9), numbers(5, 4), numbers(2),
                        List.of(10, 9), 1, List.of(LocalDate.parse("2026-05-01")), null),
                new AccountOnboarding("a2", "SMB", a2, BigDecimal.valueOf(20), BigDecimal.valueOf(8), numbers(4),
                        numbers(5, 3), List.of(6), 4, List.of(), LocalDate.parse("2026-06-01")),
                new AccountOnboarding("a3", "Enterprise", a3, null, null, List.of(), List.of(), List.of(8), 2,
                        List.of(LocalDate.parse("2026-08-01")), null),
                new AccountOnboarding("a4", "SMB", a4, BigDecimal.TEN, BigDecimal.valueOf(5), List.of(), List.of(),
                        List.of(), 0, List.of(), null));
    }

    static Map<String, OnboardingMetrics.Metric> compute(List<AccountOnboarding> accounts, LocalDate asOf) {
        return OnboardingMetrics.compute(accounts, asOf).stream().collect(Collectors.toMap(
                OnboardingMetrics.Metric::id, m -> m, (a, b) -> a, LinkedHashMap::new));
    }

    static String shown(OnboardingMetrics.Metric m) {
        return (m.value() == null ? "-" : m.value().toPlainString()) + " " + (m.band() == null ? "-" : m.band().label())
                + " (" + m.counted() + ")";
    }

    @Test
    void timeToValueIsTheMeanDaysToTheFirstValueTaskOverAccountsThatReachedIt() {
        // a1: first-value done on its due day 30; a2: day 31; a4: day 5; a3 never: (30 + 31 + 5) / 3 = 22.
        assertEquals("22.00 Strong (3)", shown(compute(fixture(), AS_OF).get("time_to_value_days")));
    }

    @Test
    void adoptionIsActiveUsersOverLicensesAcrossAccountsPastDayThirty() {
        // (9 + 8 + 5) / (10 + 20 + 10) = 55%; a3 has no licenses.
        assertEquals("55.00 Average (3)", shown(compute(fixture(), AS_OF).get("user_adoption_rate")));
        // On 2026-06-20 a4 is at day 19: not yet counted. (9 + 8) / 30 = 56.67%.
        assertEquals("56.67 Average (2)", shown(compute(fixture(), LocalDate.parse("2026-06-20")).get("user_adoption_rate")));
    }

    @Test
    void onTimeMilestonesCountMilestonesDueByTheDaySkippedOnesExcluded() {
        // 7 milestones each; a3 skipped one: 27 due. On time: a1 all 7, a4 kickoff-held and first-value = 9. 9/27.
        assertEquals("33.33 Weak (4)", shown(compute(fixture(), AS_OF).get("on_time_milestone_rate")));
    }

    @Test
    void pollFiguresCsatCesAndNps() {
        Map<String, OnboardingMetrics.Metric> m = compute(fixture(), AS_OF);
        assertEquals("4.33 Average (3)", shown(m.get("csat")), "(5 + 4 + 4) / 3");
        assertEquals("3.33 - (3)", shown(m.get("ces")), "(2 + 5 + 3) / 3; seed 002 gives CES no bands");
        assertEquals("25.00 - (4)", shown(m.get("nps")), "2 promoters, 1 detractor of 4: 25");
    }

    @Test
    void ticketsPerCustomerCountAccountsWhoseOnboardingEnded() {
        // (1 + 4 + 2 + 0) / 4 = 1.75; on 2026-07-01 only a1..a3 have ended (day 90 = 2026-04-01): 7 / 3.
        assertEquals("1.75 Strong (4)", shown(compute(fixture(), AS_OF).get("support_tickets_per_customer")));
        assertEquals("2.33 Strong (3)", shown(compute(fixture(), LocalDate.parse("2026-07-01")).get("support_tickets_per_customer")));
    }

    @Test
    void expansionAndChurnCountOnlyAccountsWhoseWindowClosed() {
        Map<String, OnboardingMetrics.Metric> m = compute(fixture(), AS_OF);
        // Windows close 2026-06-30 (90 days) and 2026-09-28 (180 days) for a1..a3; a4's are still open.
        assertEquals("33.33 World Class (3)", shown(m.get("expansion_within_90_days_rate")), "a1 expanded; a3 too late");
        assertEquals("33.33 Weak (3)", shown(m.get("churn_within_180_days_rate")), "a2 churned");
        Map<String, OnboardingMetrics.Metric> early = compute(fixture(), LocalDate.parse("2026-06-29"));
        assertNull(early.get("expansion_within_90_days_rate").value());
        assertNull(early.get("expansion_within_90_days_rate").band());
    }

    @Test
    void noAccountsGiveNoFiguresAndNoBands() {
        compute(List.of(), AS_OF).values().forEach(m -> assertEquals("- - (0)", shown(m), m.id()));
    }
}
