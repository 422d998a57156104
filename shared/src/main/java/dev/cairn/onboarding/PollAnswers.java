package dev.cairn.onboarding;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Poll answers (NPS 0–10, CES 1–7, CSAT 1–5) of one account's contacts in a date range, for onboarding metrics.
 * The seam between plans and polls: {@link PlanService#metricPollAnswers} reads metric points named after the
 * poll, until the feedback function's store provides its own implementation.
 */
@FunctionalInterface
public interface PollAnswers {

    List<BigDecimal> answers(String accountId, String poll, LocalDate from, LocalDate to);
}
