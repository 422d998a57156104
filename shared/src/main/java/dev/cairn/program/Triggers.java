package dev.cairn.program;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The events that can start a program, and the parameters each one takes (docs/programs.md, "Triggers"). */
public final class Triggers {

    public static final String CONTACT_CREATED = "contact_created";
    public static final String NEW_USER = "new_user";
    public static final String CHAMPION_CHANGED = "champion_changed";
    public static final String PRODUCT_ADDED = "product_added";
    public static final String HEALTH_DROP = "health_drop";
    public static final String USAGE_DROP = "usage_drop";
    public static final String RENEWAL_APPROACHING = "renewal_approaching";
    public static final String MONTHLY_RENEWAL_PASSED = "monthly_renewal_passed";
    public static final String METRIC_BELOW = "metric_below";
    public static final String METRIC_AT_LEAST = "metric_at_least";
    public static final String TASK_OVERDUE = "task_overdue";
    public static final String SCHEDULE = "schedule";
    public static final String MANUAL = "manual";

    private enum Param { TEXT, NAME, WHOLE, NUMBER }

    /** Parameters per trigger; a name ending in '?' is optional. */
    private static final Map<String, Map<String, Param>> PARAMETERS = Map.ofEntries(
            Map.entry(CONTACT_CREATED, Map.of()),
            Map.entry(NEW_USER, Map.of()),
            Map.entry(CHAMPION_CHANGED, Map.of()),
            Map.entry(PRODUCT_ADDED, Map.of("product?", Param.TEXT)),
            Map.entry(HEALTH_DROP, Map.of("by?", Param.NUMBER, "below?", Param.NUMBER)),
            Map.entry(USAGE_DROP, Map.of("metric", Param.NAME, "percent?", Param.NUMBER)),
            Map.entry(RENEWAL_APPROACHING, Map.of("days_before", Param.WHOLE)),
            Map.entry(MONTHLY_RENEWAL_PASSED, Map.of("within_days?", Param.WHOLE)),
            Map.entry(METRIC_BELOW, Map.of("metric", Param.NAME, "below", Param.NUMBER)),
            Map.entry(METRIC_AT_LEAST, Map.of("metric", Param.NAME, "at_least", Param.NUMBER)),
            Map.entry(TASK_OVERDUE, Map.of("days_overdue?", Param.WHOLE)),
            Map.entry(SCHEDULE, Map.of()),
            Map.entry(MANUAL, Map.of()));

    public static final Set<String> ALL = PARAMETERS.keySet();

    /** Triggers found by the daily sweep as well as on change, because time alone makes them true. */
    public static final Set<String> DATE_TRIGGERS = Set.of(RENEWAL_APPROACHING, MONTHLY_RENEWAL_PASSED,
            TASK_OVERDUE);

    private Triggers() {
    }

    /** Reads {@code trigger:}; every problem is added to {@code problems} with its YAML line. */
    static TriggerSpec parse(JsonNode trigger, YamlLines lines, List<String> problems) {
        String file = Program.PROGRAM_FILE;
        String on = trigger.path("on").isTextual() ? trigger.path("on").asText() : null;
        String known = String.join(", ", new TreeSet<>(ALL));
        if (on == null) {
            problems.add(lines.at("/trigger") + ": trigger.on is required (one of " + known + ")");
            return null;
        }
        Map<String, Param> params = PARAMETERS.get(on);
        if (params == null) {
            problems.add(lines.at("/trigger/on") + ": trigger.on '" + on + "' is not a known trigger (one of " + known + ")");
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = trigger.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (name.equals("on")) {
                continue;
            }
            Param type = params.containsKey(name) ? params.get(name) : params.get(name + "?");
            if (type == null) {
                problems.add(lines.at("/trigger/" + name) + ": unknown key 'trigger." + name + "' for trigger " + on
                        + (params.isEmpty() ? " (it takes no parameters)" : " (it takes " + names(params) + ")"));
                continue;
            }
            JsonNode value = field.getValue();
            String where = lines.at("/trigger/" + name) + ": trigger." + name;
            switch (type) {
                case WHOLE -> {
                    if (!value.canConvertToInt() || value.intValue() < 0 || !value.isIntegralNumber()) {
                        problems.add(where + " must be a whole number of days, 0 or more");
                    } else {
                        values.put(name, value.intValue());
                    }
                }
                case NUMBER -> {
                    if (!value.isNumber()) {
                        problems.add(where + " must be a number");
                    } else {
                        values.put(name, value.decimalValue());
                    }
                }
                case NAME -> {
                    if (!value.isTextual() || !value.asText().matches("[a-z][a-z0-9_]{0,63}")) {
                        problems.add(where + " must be a metric name such as queries_30d");
                    } else {
                        values.put(name, value.asText());
                    }
                }
                case TEXT -> values.put(name, value.asText());
                default -> throw new IllegalStateException(type.name());
            }
        }
        params.keySet().stream().filter(p -> !p.endsWith("?") && !values.containsKey(p))
                .forEach(p -> problems.add(lines.at("/trigger") + ": trigger " + on + " needs trigger." + p));
        return new TriggerSpec(on, values);
    }

    private static String names(Map<String, Param> params) {
        return String.join(", ", new TreeSet<>(params.keySet().stream().map(p -> p.replace("?", "")).toList()));
    }

    /** A number parameter, or {@code fallback} when the author left it out. */
    static BigDecimal decimal(Map<String, Object> params, String name, BigDecimal fallback) {
        Object value = params.get(name);
        return value == null ? fallback : (BigDecimal) value;
    }
}
