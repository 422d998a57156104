package dev.cairn.render.fields;

import dev.cairn.program.FieldSpec;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Computes a program's fields for one contact from data the caller gathered. A field whose data is missing (no
 * such attribute, no metric points, an empty scope) is left out, so templates see it as nil and a condition on it
 * is false. Numbers that are whole come out as integers, so {@code {{ fields.x }}} prints 4, not 4.0.
 */
public final class FieldEngine {

    private FieldEngine() {
    }

    public static Map<String, Object> compute(List<FieldSpec> specs, FieldData data) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldSpec spec : specs) {
            Object value = value(spec, data);
            if (value != null) {
                values.put(spec.name(), value);
            }
        }
        return values;
    }

    private static Object value(FieldSpec spec, FieldData data) {
        if (spec instanceof FieldSpec.Value v) {
            return subjectValue(v.source(), data);
        } else if (spec instanceof FieldSpec.Computed c) {
            return computed(c.function(), data);
        } else if (spec instanceof FieldSpec.History h) {
            return history(data.metrics().getOrDefault(h.metric(), List.of()), h.points());
        } else if (spec instanceof FieldSpec.Change c) {
            return change(data.metrics().getOrDefault(c.metric(), List.of()), c.days());
        } else if (spec instanceof FieldSpec.Aggregate a) {
            return aggregate(a, data);
        }
        return leaderboard((FieldSpec.Leaderboard) spec, data);
    }

    private static Object subjectValue(String source, FieldData data) {
        int dot = source.indexOf('.');
        String kind = source.substring(0, dot);
        String name = source.substring(dot + 1);
        return switch (kind) {
            case "contact" -> attribute(data.contact(), name);
            case "account" -> attribute(data.account(), name);
            default -> latest(data.metrics().getOrDefault(name, List.of()));
        };
    }

    /** A stored attribute, or the custom attribute of that name. */
    private static Object attribute(Map<String, Object> entity, String name) {
        Object value = entity.get(name);
        return value != null ? value : entity.get("custom." + name);
    }

    private static Object latest(List<MetricPoint> points) {
        return points.isEmpty() ? null : number(points.get(points.size() - 1).value());
    }

    private static Object computed(String function, FieldData data) {
        Map<String, Object> account = data.account();
        return switch (function) {
            case "license_utilization" -> {
                Double used = asDouble(account.get("licenses_used"));
                Double purchased = asDouble(account.get("licenses_purchased"));
                yield used == null || purchased == null || purchased <= 0 ? null : used / purchased;
            }
            case "days_to_renewal" -> daysBetween(data.today(), date(account.get("renewal_date")));
            case "tenure_days" -> daysBetween(date(account.get("contract_start")), data.today());
            default -> throw new IllegalArgumentException("unknown computed field '" + function + "'");
        };
    }

    private static Object daysBetween(LocalDate from, LocalDate to) {
        return from == null || to == null ? null : ChronoUnit.DAYS.between(from, to);
    }

    private static LocalDate date(Object value) {
        try {
            return value == null ? null : LocalDate.parse(value.toString());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Object history(List<MetricPoint> points, int last) {
        if (points.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> series = new ArrayList<>();
        for (MetricPoint point : points.subList(Math.max(0, points.size() - last), points.size())) {
            series.add(Map.of("date", point.date().toString(), "value", number(point.value())));
        }
        return series;
    }

    /** From the latest point at least {@code days} before the newest one, to the newest one. */
    private static Object change(List<MetricPoint> points, int days) {
        if (points.isEmpty()) {
            return null;
        }
        MetricPoint to = points.get(points.size() - 1);
        LocalDate cutoff = to.date().minusDays(days);
        MetricPoint from = null;
        for (MetricPoint point : points) {
            if (!point.date().isAfter(cutoff)) {
                from = point;
            }
        }
        if (from == null) {
            return null;
        }
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("from", number(from.value()));
        change.put("to", number(to.value()));
        change.put("delta", number(to.value() - from.value()));
        if (from.value() != 0) {
            change.put("ratio", (to.value() - from.value()) / Math.abs(from.value()));
        }
        return change;
    }

    private static Object aggregate(FieldSpec.Aggregate spec, FieldData data) {
        List<Double> values = new ArrayList<>();
        for (Peer peer : data.peers().getOrDefault(spec.scope(), List.of())) {
            Double value = peerValue(peer, spec.of());
            if (value != null) {
                values.add(value);
            }
        }
        OptionalDouble result = Aggregates.compute(spec.function(), values, spec.percentile());
        return result.isPresent() ? number(result.getAsDouble()) : null;
    }

    /**
     * Everyone in the scope with a value, best first; ties share a rank (1, 2, 2, 4). Only the top entries carry
     * names: the contact learns their own rank, never who ranks below the top.
     */
    private static Object leaderboard(FieldSpec.Leaderboard spec, FieldData data) {
        record Ranked(Peer peer, double value) {
        }
        List<Ranked> ranked = new ArrayList<>();
        for (Peer peer : data.peers().getOrDefault(spec.scope(), List.of())) {
            Double value = peerValue(peer, spec.of());
            if (value != null) {
                ranked.add(new Ranked(peer, value));
            }
        }
        if (ranked.isEmpty()) {
            return null;
        }
        ranked.sort(Comparator.comparingDouble(Ranked::value).reversed());
        String youId = FieldSpec.CONTACT_SCOPES.contains(spec.scope())
                ? (String) data.contact().get("contact_id") : (String) data.account().get("account_id");
        List<Map<String, Object>> entries = new ArrayList<>();
        Map<String, Object> you = null;
        int rank = 0;
        for (int i = 0; i < ranked.size(); i++) {
            if (i == 0 || ranked.get(i).value() < ranked.get(i - 1).value()) {
                rank = i + 1;
            }
            Ranked r = ranked.get(i);
            boolean isYou = r.peer().id().equals(youId);
            if (isYou) {
                you = Map.of("rank", rank, "value", number(r.value()));
            }
            if (i < spec.top()) {
                entries.add(Map.of("rank", rank, "label", r.peer().label(), "value", number(r.value()), "is_you", isYou));
            }
        }
        Map<String, Object> board = new LinkedHashMap<>();
        board.put("entries", entries);
        board.put("size", ranked.size());
        if (you != null) {
            board.put("you", you);
        }
        return board;
    }

    private static Double peerValue(Peer peer, String source) {
        int dot = source.indexOf('.');
        String name = source.substring(dot + 1);
        if (source.startsWith("metric.")) {
            List<MetricPoint> points = peer.metrics().getOrDefault(name, List.of());
            return points.isEmpty() ? null : points.get(points.size() - 1).value();
        }
        return asDouble(attribute(peer.attributes(), name));
    }

    static Double asDouble(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        return null;
    }

    /** Whole numbers as Long, so Liquid prints 4 rather than 4.0. */
    static Object number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return (long) value;
        }
        return value;
    }
}
