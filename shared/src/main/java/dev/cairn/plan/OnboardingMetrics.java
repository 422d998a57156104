package dev.cairn.plan;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The onboarding metrics of a set of accounts on a given day, each placed in its benchmark band (seed 002). How
 * each figure is computed, and which accounts it counts, is in docs/plans.md#onboarding-metrics. A figure with no
 * account to count is null, with no band.
 */
public final class OnboardingMetrics {

    public static final int ADOPTION_DAYS = 30;
    public static final int EXPANSION_DAYS = 90;
    public static final int CHURN_DAYS = 180;

    /** Seed 002's bands; CES and NPS have none there, so they are reported without a band. */
    public static final Map<String, Band.Scale> SCALES = Map.of(
            "time_to_value_days", Band.Scale.lower("14", "30", "60"),
            "user_adoption_rate", Band.Scale.higher("80", "60", "40"),
            "on_time_milestone_rate", Band.Scale.higher("95", "90", "80"),
            "csat", Band.Scale.higher("4.7", "4.5", "4.0"),
            "support_tickets_per_customer", Band.Scale.lower("1", "3", "5"),
            "expansion_within_90_days_rate", Band.Scale.higher("25", "15", "8"),
            "churn_within_180_days_rate", Band.Scale.lower("2", "5", "10"));

    /**
     * One figure: its value rounded to two decimals (the band is given to that rounded value, so what is shown and
     * its band agree), and how many accounts (or answers, for polls) it counts.
     */
    public record Metric(String id, String unit, BigDecimal value, Band band, int counted) {
    }

    private OnboardingMetrics() {
    }

    public static List<Metric> compute(List<AccountOnboarding> accounts, LocalDate asOf) {
        List<Metric> metrics = new ArrayList<>();
        metrics.add(timeToValue(accounts));
        metrics.add(adoption(accounts, asOf));
        metrics.add(onTimeMilestones(accounts, asOf));
        metrics.add(mean("csat", "score (1-5)", accounts.stream().flatMap(a -> a.csat().stream()).toList()));
        metrics.add(mean("ces", "score (1-7)", accounts.stream().flatMap(a -> a.ces().stream()).toList()));
        metrics.add(nps(accounts.stream().flatMap(a -> a.nps().stream()).toList()));
        metrics.add(tickets(accounts, asOf));
        metrics.add(windowRate("expansion_within_90_days_rate", accounts, asOf, EXPANSION_DAYS,
                a -> a.expansions().stream()));
        metrics.add(windowRate("churn_within_180_days_rate", accounts, asOf, CHURN_DAYS,
                a -> a.churnedOn() == null ? java.util.stream.Stream.empty() : java.util.stream.Stream.of(a.churnedOn())));
        return metrics;
    }

    /** Mean days from the plan's start to the completion of its first first_value task, over accounts that got there. */
    static Metric timeToValue(List<AccountOnboarding> accounts) {
        BigDecimal days = BigDecimal.ZERO;
        int counted = 0;
        for (AccountOnboarding a : accounts) {
            var value = a.plan().firstValueAt();
            if (value.isPresent()) {
                long d = ChronoUnit.DAYS.between(a.plan().startDate(), value.get().atZone(ZoneOffset.UTC).toLocalDate());
                days = days.add(BigDecimal.valueOf(Math.max(0, d)));
                counted++;
            }
        }
        return metric("time_to_value_days", "days", counted == 0 ? null : divide(days, counted), counted);
    }

    /** Active users (latest point within the first 30 days) over licenses, summed over accounts past day 30. */
    static Metric adoption(List<AccountOnboarding> accounts, LocalDate asOf) {
        BigDecimal active = BigDecimal.ZERO;
        BigDecimal licensed = BigDecimal.ZERO;
        int counted = 0;
        for (AccountOnboarding a : accounts) {
            if (a.licensesPurchased() != null && a.licensesPurchased().signum() > 0 && a.activeUsersDay30() != null
                    && !asOf.isBefore(a.plan().startDate().plusDays(ADOPTION_DAYS))) {
                active = active.add(a.activeUsersDay30());
                licensed = licensed.add(a.licensesPurchased());
                counted++;
            }
        }
        return metric("user_adoption_rate", "percent", counted == 0 ? null : percent(active, licensed), counted);
    }

    /** Milestones done on or before their due date, over milestones due by {@code asOf} (skipped ones excluded). */
    static Metric onTimeMilestones(List<AccountOnboarding> accounts, LocalDate asOf) {
        int due = 0;
        int onTime = 0;
        int counted = 0;
        for (AccountOnboarding a : accounts) {
            int before = due;
            for (Plan.Task t : a.plan().tasks()) {
                if (t.spec().milestone() && t.status() != Plan.TaskStatus.SKIPPED && !t.due().isAfter(asOf)) {
                    due++;
                    if (t.status() == Plan.TaskStatus.DONE
                            && !t.completedAt().atZone(ZoneOffset.UTC).toLocalDate().isAfter(t.due())) {
                        onTime++;
                    }
                }
            }
            counted += due > before ? 1 : 0;
        }
        return metric("on_time_milestone_rate", "percent", due == 0 ? null
                : percent(BigDecimal.valueOf(onTime), BigDecimal.valueOf(due)), counted);
    }

    static Metric mean(String id, String unit, List<BigDecimal> answers) {
        BigDecimal sum = answers.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return metric(id, unit, answers.isEmpty() ? null : divide(sum, answers.size()), answers.size());
    }

    /** Percent of promoters (9–10) minus percent of detractors (0–6), from -100 to 100. */
    static Metric nps(List<Integer> answers) {
        long promoters = answers.stream().filter(s -> s >= 9).count();
        long detractors = answers.stream().filter(s -> s <= 6).count();
        return metric("nps", "score (-100 to 100)", answers.isEmpty() ? null
                : percent(BigDecimal.valueOf(promoters - detractors), BigDecimal.valueOf(answers.size())), answers.size());
    }

    /** Tickets opened during onboarding per account, over accounts whose onboarding period has ended. */
    static Metric tickets(List<AccountOnboarding> accounts, LocalDate asOf) {
        List<AccountOnboarding> ended = accounts.stream().filter(a -> !asOf.isBefore(a.plan().endDate())).toList();
        int tickets = ended.stream().mapToInt(AccountOnboarding::tickets).sum();
        return metric("support_tickets_per_customer", "tickets", ended.isEmpty() ? null
                : divide(BigDecimal.valueOf(tickets), ended.size()), ended.size());
    }

    /**
     * Percent of accounts with a dated happening from the plan's start to {@code days} after the onboarding period
     * ended, over accounts whose window has closed by {@code asOf} (an open window cannot yet say no).
     */
    static Metric windowRate(String id, List<AccountOnboarding> accounts, LocalDate asOf, int days,
                             java.util.function.Function<AccountOnboarding, java.util.stream.Stream<LocalDate>> dates) {
        int closed = 0;
        int happened = 0;
        for (AccountOnboarding a : accounts) {
            LocalDate windowEnd = a.plan().endDate().plusDays(days);
            if (windowEnd.isAfter(asOf)) {
                continue;
            }
            closed++;
            if (dates.apply(a).anyMatch(d -> !d.isBefore(a.plan().startDate()) && !d.isAfter(windowEnd))) {
                happened++;
            }
        }
        return metric(id, "percent", closed == 0 ? null
                : percent(BigDecimal.valueOf(happened), BigDecimal.valueOf(closed)), closed);
    }

    private static Metric metric(String id, String unit, BigDecimal value, int counted) {
        BigDecimal rounded = value == null ? null : value.setScale(2, RoundingMode.HALF_UP);
        Band.Scale scale = SCALES.get(id);
        return new Metric(id, unit, rounded, rounded == null || scale == null ? null : scale.of(rounded), counted);
    }

    private static BigDecimal divide(BigDecimal sum, int count) {
        return sum.divide(BigDecimal.valueOf(count), MathContext.DECIMAL64);
    }

    private static BigDecimal percent(BigDecimal part, BigDecimal whole) {
        return part.multiply(BigDecimal.valueOf(100)).divide(whole, MathContext.DECIMAL64);
    }
}
