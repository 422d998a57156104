package dev.cairn.plan;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What the onboarding metrics read about one account's onboarding, gathered by the caller.
 *
 * @param plan               the account's onboarding plan (kind account)
 * @param licensesPurchased  the account's licenses; null when unknown
 * @param activeUsersDay30   the latest {@code active_users} value dated within the first 30 days; null when none
 * @param csat               CSAT answers (1–5) given during the onboarding period
 * @param ces                CES answers (1–7) given during the onboarding period
 * @param nps                NPS answers (0–10) given during the onboarding period
 * @param tickets            support tickets opened during the onboarding period
 * @param expansions         dates the account expanded (upsell, add-on, more licenses)
 * @param churnedOn          the date the account churned; null when it has not
 */
public record AccountOnboarding(String accountId, String segment, Plan plan, BigDecimal licensesPurchased,
                                BigDecimal activeUsersDay30, List<BigDecimal> csat, List<BigDecimal> ces,
                                List<Integer> nps, int tickets, List<LocalDate> expansions, LocalDate churnedOn) {
}
