package dev.cairn.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.pipeline.ChangeMessage;
import dev.cairn.plan.Plan;
import dev.cairn.plan.Side;
import dev.cairn.program.TriggerSpec;
import dev.cairn.program.Triggers;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Decides whether a program's trigger fires, for whom, and under which run id. The run id names the occasion
 * (the renewal date, the products added, the metric's date), so that the same occasion never starts a program
 * twice for one contact, however often the data is re-imported.
 */
public final class TriggerEngine {

    /** Who hears of a firing: the one contact the change is about, or the contacts of its account. */
    public enum Scope { CONTACT, ACCOUNT }

    public record Firing(String runId, Scope scope) {
    }

    /** A metric point that just arrived, and the point of the same metric and contact before it, if any. */
    public record MetricChange(String metric, LocalDate date, String contactId, BigDecimal value, BigDecimal previous) {
    }

    private static final BigDecimal DEFAULT_HEALTH_DROP = BigDecimal.TEN;
    private static final BigDecimal DEFAULT_USAGE_DROP_PERCENT = BigDecimal.valueOf(20);
    private static final int DEFAULT_MONTHLY_WINDOW_DAYS = 7;

    private TriggerEngine() {
    }

    public static Optional<Firing> onChange(TriggerSpec trigger, ChangeMessage change, Map<String, Object> account,
                                            MetricChange metric, LocalDate today) {
        String kind = change.kind();
        boolean created = change.change().equals("created");
        switch (trigger.on()) {
            case Triggers.CONTACT_CREATED:
                return when(kind.equals("contact") && created, Triggers.CONTACT_CREATED, Scope.CONTACT);
            case Triggers.NEW_USER:
                return when(isNewUser(change, account), Triggers.NEW_USER, Scope.CONTACT);
            case Triggers.CHAMPION_CHANGED:
                return when(kind.equals("contact") && !created && change.changedFields().contains("is_champion"),
                        Triggers.CHAMPION_CHANGED + "-" + change.id() + "-" + today, Scope.ACCOUNT);
            case Triggers.PRODUCT_ADDED: {
                TreeSet<String> added = productsAdded(change, account);
                String wanted = trigger.text("product");
                return when(!added.isEmpty() && (wanted == null || added.contains(wanted)),
                        Triggers.PRODUCT_ADDED + "-" + String.join("+", added), Scope.ACCOUNT);
            }
            case Triggers.HEALTH_DROP: {
                JsonNode before = change.valueBefore("health_score");
                Object after = account.get("health_score");
                if (!kind.equals("account") || !before.isNumber() || !(after instanceof BigDecimal now)) {
                    return Optional.empty();
                }
                BigDecimal was = before.decimalValue();
                BigDecimal below = trigger.number("below", null);
                BigDecimal by = trigger.number("by", below == null ? DEFAULT_HEALTH_DROP : null);
                boolean dropped = (by != null && was.subtract(now).compareTo(by) >= 0)
                        || (below != null && now.compareTo(below) < 0 && was.compareTo(below) >= 0);
                return when(dropped, Triggers.HEALTH_DROP + "-" + today, Scope.ACCOUNT);
            }
            case Triggers.USAGE_DROP: {
                if (metric == null || !metric.metric().equals(trigger.text("metric")) || metric.previous() == null
                        || metric.previous().signum() <= 0) {
                    return Optional.empty();
                }
                BigDecimal dropPercent = metric.previous().subtract(metric.value()).multiply(BigDecimal.valueOf(100))
                        .divide(metric.previous(), 4, RoundingMode.HALF_UP);
                return when(dropPercent.compareTo(trigger.number("percent", DEFAULT_USAGE_DROP_PERCENT)) >= 0,
                        Triggers.USAGE_DROP + "-" + metric.metric() + "-" + metric.date(), scopeOf(metric));
            }
            case Triggers.METRIC_BELOW:
                return when(metric != null && metric.metric().equals(trigger.text("metric"))
                                && metric.value().compareTo(trigger.number("below", null)) < 0,
                        Triggers.METRIC_BELOW + "-" + trigger.text("metric") + "-" + (metric == null ? "" : metric.date()),
                        scopeOf(metric));
            case Triggers.METRIC_AT_LEAST:
                return when(metric != null && metric.metric().equals(trigger.text("metric"))
                                && metric.value().compareTo(trigger.number("at_least", null)) >= 0,
                        Triggers.METRIC_AT_LEAST + "-" + trigger.text("metric") + "-" + (metric == null ? "" : metric.date()),
                        scopeOf(metric));
            case Triggers.RENEWAL_APPROACHING:
            case Triggers.MONTHLY_RENEWAL_PASSED:
                // Also checked on change, so that a renewal date imported inside the window fires without waiting.
                return kind.equals("account") && (created || change.changedFields().contains("renewal_date")
                        || change.changedFields().contains("billing_period")) ? onDate(trigger, account, today) : Optional.empty();
            default:
                return Optional.empty();
        }
    }

    /** A contact created after its account's first day: a new user, not the initial load. */
    public static boolean isNewUser(ChangeMessage change, Map<String, Object> account) {
        Object accountCreated = account.get("created_at");
        return change.kind().equals("contact") && change.change().equals("created") && accountCreated != null
                && change.at() != null && LocalDate.parse(accountCreated.toString().substring(0, 10))
                        .isBefore(LocalDate.parse(change.at().substring(0, 10)));
    }

    /** The products an account change added to an existing account, in name order; empty for any other change. */
    public static TreeSet<String> productsAdded(ChangeMessage change, Map<String, Object> account) {
        return added(change, account, "products");
    }

    /** The add-ons ({@code add_ons}) an account change added to an existing account, in name order. */
    public static TreeSet<String> addOnsAdded(ChangeMessage change, Map<String, Object> account) {
        return added(change, account, "add_ons");
    }

    /** The account's contract start when this change set it (a new account with one, or one given later); else null. */
    public static LocalDate contractStarted(ChangeMessage change, Map<String, Object> account) {
        Object start = account.get("contract_start");
        return change.kind().equals("account") && change.changedFields().contains("contract_start") && start != null
                ? LocalDate.parse(start.toString()) : null;
    }

    private static TreeSet<String> added(ChangeMessage change, Map<String, Object> account, String field) {
        TreeSet<String> added = new TreeSet<>();
        if (change.kind().equals("account") && !change.change().equals("created")
                && change.changedFields().contains(field)) {
            added.addAll(strings(account.get(field)));
            added.removeAll(strings(change.valueBefore(field)));
        }
        return added;
    }

    /** The daily sweep's question for date triggers: is the account inside the trigger's window today? */
    public static Optional<Firing> onDate(TriggerSpec trigger, Map<String, Object> account, LocalDate today) {
        Object renewal = account.get("renewal_date");
        if (renewal == null) {
            return Optional.empty();
        }
        LocalDate date = LocalDate.parse(renewal.toString());
        long daysToRenewal = ChronoUnit.DAYS.between(today, date);
        if (trigger.on().equals(Triggers.RENEWAL_APPROACHING)) {
            return when(daysToRenewal >= 0 && daysToRenewal <= trigger.days("days_before", 0),
                    Triggers.RENEWAL_APPROACHING + "-" + date, Scope.ACCOUNT);
        }
        if (trigger.on().equals(Triggers.MONTHLY_RENEWAL_PASSED)) {
            return when("monthly".equals(account.get("billing_period")) && daysToRenewal < 0
                            && -daysToRenewal <= trigger.days("within_days", DEFAULT_MONTHLY_WINDOW_DAYS),
                    Triggers.MONTHLY_RENEWAL_PASSED + "-" + date, Scope.ACCOUNT);
        }
        return Optional.empty();
    }

    /** An open customer task of a success plan past its due date, and the occasion it fires under. */
    public record OverdueTask(String runId, Plan.Task task) {
    }

    /**
     * The daily sweep's question for {@code task_overdue}: the plan's open customer tasks that are more than
     * {@code days_overdue} days (default 0) past their due date. The occasion names the plan, the task and its due
     * date, so a task fires once, and again only if it is re-dated and missed again.
     */
    public static List<OverdueTask> overdueTasks(TriggerSpec trigger, Plan plan, LocalDate today) {
        int grace = trigger.days("days_overdue", 0);
        List<OverdueTask> overdue = new ArrayList<>();
        for (Plan.Task task : plan.tasks()) {
            if (task.status() == Plan.TaskStatus.OPEN && task.spec().owner() == Side.CUSTOMER && task.due() != null
                    && ChronoUnit.DAYS.between(task.due(), today) > grace) {
                overdue.add(new OverdueTask(Triggers.TASK_OVERDUE + "-" + plan.id() + "-" + task.id() + "-" + task.due(), task));
            }
        }
        return overdue;
    }

    private static Scope scopeOf(MetricChange metric) {
        return metric != null && metric.contactId() != null && !metric.contactId().isEmpty() ? Scope.CONTACT : Scope.ACCOUNT;
    }

    private static Optional<Firing> when(boolean fires, String runId, Scope scope) {
        return fires ? Optional.of(new Firing(runId, scope)) : Optional.empty();
    }

    private static List<String> strings(Object value) {
        List<String> items = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            list.forEach(item -> items.add(String.valueOf(item)));
        } else if (value instanceof JsonNode node && node.isArray()) {
            node.forEach(item -> items.add(item.asText()));
        }
        return items;
    }
}
