package dev.cairn.render.scenes;

import dev.cairn.render.fields.MetricPoint;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleFunction;

/**
 * The relationship scene: how likely the account's contacts are to recommend us (their NPS poll answers, 0 to 10)
 * month by month over the last year, the contact's own answers beside the account's average, the account's Net
 * Promoter Score, and which way it is going.
 */
public final class Relationship {

    /** How far back answers count: a year of monthly points, this month included. */
    public static final int MONTHS = 12;
    /** A month's average this much above (or below) the first month's is a rising (or falling) trend. */
    static final double TREND_POINTS = 1.0;
    private static final double MAX_SCORE = 10;

    private Relationship() {
    }

    /** The first day whose answers count on {@code today}. */
    public static LocalDate since(LocalDate today) {
        return YearMonth.from(today).minusMonths(MONTHS - 1L).atDay(1);
    }

    /**
     * What the scene's template sees, or null when the account's answers do not span two months (no trend yet).
     *
     * @param answers each contact's answers by contact id, oldest first
     */
    public static Map<String, Object> model(Map<String, List<MetricPoint>> answers, String contactId, LocalDate today,
                                            Locale locale, String anchor, DoubleFunction<String> format) {
        LocalDate since = since(today);
        TreeMap<YearMonth, List<Double>> everyone = new TreeMap<>();
        TreeMap<YearMonth, Double> yours = new TreeMap<>();
        Map<String, Double> latestByContact = new HashMap<>();
        MetricPoint latest = null;
        for (Map.Entry<String, List<MetricPoint>> contact : answers.entrySet()) {
            for (MetricPoint answer : contact.getValue()) {
                if (answer.date().isBefore(since) || answer.date().isAfter(today)) {
                    continue;
                }
                YearMonth month = YearMonth.from(answer.date());
                everyone.computeIfAbsent(month, m -> new ArrayList<>()).add(answer.value());
                latestByContact.put(contact.getKey(), answer.value());
                if (contact.getKey().equals(contactId)) {
                    yours.put(month, answer.value()); // oldest first: the month's last answer stays
                    latest = answer;
                }
            }
        }
        if (everyone.size() < 2) {
            return null;
        }
        DateTimeFormatter shortMonth = DateTimeFormatter.ofPattern("MMM", locale);
        DateTimeFormatter longMonth = DateTimeFormatter.ofPattern("MMM yyyy", locale);
        List<String> labels = new ArrayList<>();
        List<Double> averages = new ArrayList<>();
        List<Double> own = new ArrayList<>();
        List<Map<String, Object>> months = new ArrayList<>();
        StringBuilder accountText = new StringBuilder();
        StringBuilder yourText = new StringBuilder();
        for (YearMonth month = everyone.firstKey(); !month.isAfter(everyone.lastKey()); month = month.plusMonths(1)) {
            labels.add(month.format(shortMonth));
            List<Double> values = everyone.get(month);
            Double average = values == null ? null : Math.round(mean(values) * 10) / 10.0;
            averages.add(average);
            own.add(yours.get(month));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("month", month.toString());
            row.put("label", month.format(longMonth));
            if (average != null) {
                row.put("account", whole(average));
                row.put("answers", values.size());
                accountText.append(accountText.length() == 0 ? "" : "; ").append(month.format(longMonth)).append(": ")
                        .append(format.apply(average));
            }
            if (yours.containsKey(month)) {
                row.put("you", whole(yours.get(month)));
                yourText.append(yourText.length() == 0 ? "" : "; ").append(month.format(longMonth)).append(": ")
                        .append(format.apply(yours.get(month)));
            }
            months.add(row);
        }
        String summary = "Your account, average answer: " + accountText + "."
                + (yourText.length() == 0 ? "" : " Your answers: " + yourText + ".");
        List<Charts.Series> series = new ArrayList<>(List.of(new Charts.Series("Your account", averages, false)));
        if (!yours.isEmpty()) {
            series.add(new Charts.Series("You", own, true));
        }

        Map<String, Object> model = new HashMap<>();
        model.put("months", months);
        model.put("score", score(latestByContact.values()));
        model.put("respondents", latestByContact.size());
        double change = mean(everyone.lastEntry().getValue()) - mean(everyone.firstEntry().getValue());
        model.put("trend", change >= TREND_POINTS ? "rising" : change <= -TREND_POINTS ? "falling" : "steady");
        if (latest != null) {
            model.put("latest", Map.of("date", latest.date().toString(), "value", whole(latest.value())));
            model.put("category", category(latest.value()));
        }
        model.put("summary", summary);
        model.put("svg", Charts.lines(anchor + "-chart", anchor + "-h", labels, series, MAX_SCORE, summary, format));
        return model;
    }

    /** Promoters (9–10) less detractors (0–6), as a share of everyone who answered: from −100 to 100. */
    static long score(java.util.Collection<Double> answers) {
        long promoters = answers.stream().filter(a -> a >= 9).count();
        long detractors = answers.stream().filter(a -> a <= 6).count();
        return Math.round(100.0 * (promoters - detractors) / answers.size());
    }

    static String category(double answer) {
        return answer >= 9 ? "promoter" : answer >= 7 ? "passive" : "detractor";
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    private static Object whole(double value) {
        return value == Math.rint(value) ? (Object) (long) value : value;
    }
}
