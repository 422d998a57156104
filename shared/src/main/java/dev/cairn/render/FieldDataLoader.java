package dev.cairn.render;

import dev.cairn.plan.OnboardingMetrics;
import dev.cairn.plan.Plan;
import dev.cairn.program.FieldSpec;
import dev.cairn.program.Program;
import dev.cairn.program.SceneSpec;
import dev.cairn.render.fields.FieldData;
import dev.cairn.render.fields.MetricPoint;
import dev.cairn.render.fields.Peer;
import dev.cairn.render.scenes.Relationship;
import dev.cairn.store.EntityStore;
import dev.cairn.store.StoredMetricPoint;
import dev.cairn.tracking.PollKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gathers from the store what a program's fields read for one contact: today in the contact's time zone, the metric
 * history the fields name, and the members of the scopes they aggregate over, each read only when a field uses it.
 *
 * <p>The contact's own account is read fresh on every render (one Query per metric). The segment, plan and all
 * scopes span accounts and there is no index of accounts by segment or plan, so their members (a Scan for the
 * accounts, then one Query per member account and metric) are cached per execution environment for
 * {@code accountScopeTtl}: a run over many contacts reads them once, and a page may lag other accounts' newest data
 * by that much.
 *
 * <p>The contact's success plan is read only for a program with a scene that shows it (one Query of the account's
 * plans), and the account's NPS answers only for a program with a relationship scene (one Query), so other programs'
 * renders cost no more.
 */
public final class FieldDataLoader {

    /** Finds the success plan a contact's page shows ({@code PlanService.forContact}). */
    public interface PlanLookup {
        Optional<Plan> forContact(Map<String, Object> contact);
    }

    /** Computes the onboarding metrics of one account over plans started in a date range ({@code PlanService.metrics}). */
    public interface OnboardingLookup {
        List<OnboardingMetrics.Metric> metrics(String accountId, String segment, LocalDate from, LocalDate to);
    }

    /** The onboarding metrics scene counts the account plans started in the year up to today, as the API does. */
    static final int ONBOARDING_METRICS_YEARS = 1;

    /** How far back a metric's history is read: a year of monthly points, with room for a change over a year. */
    static final int HISTORY_DAYS = 400;
    /** A peer (teammate or account) counts in an aggregate or leaderboard only with a point this recent. */
    static final int PEER_RECENCY_DAYS = 90;
    /** How long the render stage reuses the members of the segment, plan and all scopes. */
    public static final Duration RENDER_ACCOUNT_SCOPE_TTL = Duration.ofMinutes(5);

    private final EntityStore entities;
    private final PlanLookup plans;
    private final OnboardingLookup onboarding;
    private final Clock clock;
    private final Duration accountScopeTtl;
    private final Map<String, Cached<List<Map<String, Object>>>> accounts = new ConcurrentHashMap<>();
    private final Map<String, Cached<MetricPoint>> latestAccountPoints = new ConcurrentHashMap<>();

    private record Cached<T>(Instant readAt, T value) {
    }

    /** @param accountScopeTtl how long members of account scopes are reused; zero reads them on every load */
    public FieldDataLoader(EntityStore entities, PlanLookup plans, OnboardingLookup onboarding, Clock clock,
                           Duration accountScopeTtl) {
        this.entities = entities;
        this.plans = plans;
        this.onboarding = onboarding;
        this.clock = clock;
        this.accountScopeTtl = accountScopeTtl;
    }

    public FieldData load(Program program, Map<String, Object> contact, Map<String, Object> account) {
        // From the instant, not clock.withZone: the local runtime's clock is UTC-only.
        LocalDate today = clock.instant().atZone(LocaleFormat.zone(contact.get("timezone"))).toLocalDate();
        String accountId = (String) contact.get("account_id");
        Needs needs = Needs.of(program.fields());
        LocalDate peerSince = today.minusDays(PEER_RECENCY_DAYS);

        // One read per metric of the account's partition serves the contact's own series and the teammates' values.
        Map<String, List<StoredMetricPoint>> partition = new HashMap<>();
        if (accountId != null) {
            Set<String> metrics = new TreeSet<>(needs.ownMetrics);
            metrics.addAll(needs.contactScopeMetrics);
            for (String metric : metrics) {
                int days = needs.ownMetrics.contains(metric) ? needs.historyDays : PEER_RECENCY_DAYS;
                partition.put(metric, entities.metricPoints(accountId, metric, today.minusDays(days).toString()));
            }
        }
        Map<String, List<MetricPoint>> ownSeries = new HashMap<>();
        Set<String> accountSeries = new TreeSet<>();
        for (String metric : needs.ownMetrics) {
            List<MetricPoint> series = series(partition.get(metric), (String) contact.get("contact_id"));
            if (series.isEmpty()) {
                // A contact without points of its own sees its account's series, marked as the account's.
                series = series(partition.get(metric), null);
                if (!series.isEmpty()) {
                    accountSeries.add(metric);
                }
            }
            if (!series.isEmpty()) {
                ownSeries.put(metric, series);
            }
        }

        Map<String, List<Peer>> peers = new HashMap<>();
        if (needs.usesContactScopes && accountId != null) {
            List<Peer> team = new ArrayList<>();
            List<Peer> all = new ArrayList<>();
            for (Map<String, Object> other : entities.contactsOfAccount(accountId)) {
                String otherId = (String) other.get("contact_id");
                Map<String, List<MetricPoint>> latest = new HashMap<>();
                for (String metric : needs.contactScopeMetrics) {
                    MetricPoint point = latest(series(partition.get(metric), otherId), peerSince);
                    if (point != null) {
                        latest.put(metric, List.of(point));
                    }
                }
                Peer peer = new Peer(otherId, label(other), other, latest);
                all.add(peer);
                if (contact.get("team") != null && Objects.equals(contact.get("team"), other.get("team"))) {
                    team.add(peer);
                }
            }
            peers.put("team", team);
            peers.put("account", all);
        }
        for (String scope : needs.accountScopes) {
            peers.put(scope, accountScope(scope, account, needs.accountScopeMetrics, peerSince));
        }
        Plan plan = program.scenes().stream().anyMatch(s -> SceneSpec.PLAN_TYPES.contains(s.type()))
                ? plans.forContact(contact).orElse(null) : null;
        Map<String, List<MetricPoint>> npsAnswers = new HashMap<>();
        if (accountId != null && program.scenes().stream().anyMatch(s -> s.type().equals("relationship"))) {
            // One Query: every contact's answers, recorded by the feedback API as points of the poll's metric.
            List<StoredMetricPoint> answers = entities.metricPoints(accountId, PollKind.NPS.id(),
                    Relationship.since(today).toString());
            answers.stream().map(StoredMetricPoint::contactId).filter(Objects::nonNull).distinct()
                    .forEach(id -> npsAnswers.put(id, series(answers, id)));
        }
        List<OnboardingMetrics.Metric> figures = accountId != null && program.scenes().stream()
                .anyMatch(s -> s.type().equals(SceneSpec.ONBOARDING_METRICS))
                ? onboarding.metrics(accountId, null, today.minusYears(ONBOARDING_METRICS_YEARS), today) : null;
        return new FieldData(contact, account, today, ownSeries, peers, plan, accountSeries, npsAnswers, figures);
    }

    /**
     * The accounts sharing the contact's account's segment or plan (or all accounts), with their latest
     * account-level metric points. The contact's own account is taken as just read, so it is always current; the
     * others are named only "Another account": one customer's page never shows another customer's name.
     */
    private List<Peer> accountScope(String scope, Map<String, Object> account, Set<String> metrics, LocalDate since) {
        String key = scope.equals("all") ? null : scope; // the segment and plan scopes match that attribute
        Object wanted = key == null ? null : account.get(key);
        if (key != null && wanted == null) {
            return List.of();
        }
        String ownId = (String) account.get("account_id");
        List<Peer> members = new ArrayList<>();
        boolean ownSeen = false;
        for (Map<String, Object> other : cached(accounts, "all", entities::allAccounts)) {
            String otherId = (String) other.get("account_id");
            boolean own = otherId.equals(ownId);
            if (key != null && !wanted.equals((own ? account : other).get(key))) {
                continue;
            }
            ownSeen |= own;
            members.add(own ? ownAccountPeer(account, metrics, since)
                    : new Peer(otherId, "Another account", other, latestAccountMetrics(otherId, metrics, since)));
        }
        if (!ownSeen && ownId != null) {
            // Created after the cached list was read.
            members.add(ownAccountPeer(account, metrics, since));
        }
        return members;
    }

    /** The contact's own account, read fresh: its page compares its newest data with the cached peers'. */
    private Peer ownAccountPeer(Map<String, Object> account, Set<String> metrics, LocalDate since) {
        String accountId = (String) account.get("account_id");
        Map<String, List<MetricPoint>> latest = new HashMap<>();
        for (String metric : metrics) {
            MetricPoint point = latest(series(entities.metricPoints(accountId, metric, since.toString()), null), since);
            if (point != null) {
                latest.put(metric, List.of(point));
            }
        }
        return new Peer(accountId, String.valueOf(account.get("name")), account, latest);
    }

    private Map<String, List<MetricPoint>> latestAccountMetrics(String accountId, Set<String> metrics, LocalDate since) {
        Map<String, List<MetricPoint>> latest = new HashMap<>();
        for (String metric : metrics) {
            MetricPoint point = cached(latestAccountPoints, accountId + "\n" + metric,
                    () -> latest(series(entities.metricPoints(accountId, metric, since.toString()), null), since));
            if (point != null) {
                latest.put(metric, List.of(point));
            }
        }
        return latest;
    }

    private <T> T cached(Map<String, Cached<T>> cache, String key, java.util.function.Supplier<T> read) {
        Instant now = clock.instant();
        Cached<T> entry = cache.get(key);
        if (entry == null || !now.isBefore(entry.readAt().plus(accountScopeTtl))) {
            entry = new Cached<>(now, read.get());
            cache.put(key, entry);
        }
        return entry.value();
    }

    /** The points of one contact (or, for null, of the account itself), oldest first. */
    private static List<MetricPoint> series(List<StoredMetricPoint> points, String contactId) {
        if (points == null) {
            return List.of();
        }
        return points.stream().filter(p -> Objects.equals(p.contactId(), contactId))
                .map(p -> new MetricPoint(LocalDate.parse(p.date()), p.value()))
                .sorted(Comparator.comparing(MetricPoint::date)).toList();
    }

    private static MetricPoint latest(List<MetricPoint> series, LocalDate since) {
        if (series.isEmpty()) {
            return null;
        }
        MetricPoint last = series.get(series.size() - 1);
        return last.date().isBefore(since) ? null : last;
    }

    /** Which metrics and scopes a program's fields read. */
    private static final class Needs {
        final Set<String> ownMetrics = new TreeSet<>();
        final Set<String> contactScopeMetrics = new TreeSet<>();
        final Set<String> accountScopeMetrics = new TreeSet<>();
        final Set<String> accountScopes = new TreeSet<>();
        boolean usesContactScopes;
        int historyDays = HISTORY_DAYS;

        static Needs of(List<FieldSpec> fields) {
            Needs needs = new Needs();
            for (FieldSpec field : fields) {
                if (field instanceof FieldSpec.Value v && v.source().startsWith("metric.")) {
                    needs.ownMetrics.add(v.source().substring("metric.".length()));
                } else if (field instanceof FieldSpec.History h) {
                    needs.ownMetrics.add(h.metric());
                } else if (field instanceof FieldSpec.Change c) {
                    needs.ownMetrics.add(c.metric());
                    // The "from" point is the latest one at least `days` before the newest: read a month beyond.
                    needs.historyDays = Math.max(needs.historyDays, c.days() + 31);
                } else if (field instanceof FieldSpec.Aggregate a) {
                    needs.scope(a.scope(), a.of());
                } else if (field instanceof FieldSpec.Leaderboard l) {
                    needs.scope(l.scope(), l.of());
                }
            }
            return needs;
        }

        private void scope(String scope, String of) {
            String metric = of.startsWith("metric.") ? of.substring("metric.".length()) : null;
            if (FieldSpec.CONTACT_SCOPES.contains(scope)) {
                usesContactScopes = true;
                if (metric != null) {
                    contactScopeMetrics.add(metric);
                }
            } else {
                accountScopes.add(scope);
                if (metric != null) {
                    accountScopeMetrics.add(metric);
                }
            }
        }
    }

    /** "Ana T." — enough to recognise a teammate on a leaderboard, no more. */
    static String label(Map<String, Object> contact) {
        Object first = contact.get("first_name");
        Object last = contact.get("last_name");
        if (first == null) {
            return "A teammate";
        }
        String initial = last == null || last.toString().isEmpty() ? "" : " " + last.toString().charAt(0) + ".";
        return first + initial;
    }
}
