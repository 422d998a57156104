package dev.cairn.render.fields;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/** Median, mean, percentile, min, max, count and sum of the values of a scope. Pure arithmetic, no I/O. */
public final class Aggregates {

    private Aggregates() {
    }

    /**
     * The aggregate of {@code values}; empty when it is undefined (the median of nothing), while the count and
     * sum of nothing are 0. {@code percentile} (0–100) is read only by the {@code percentile} function.
     */
    public static OptionalDouble compute(String function, List<Double> values, double percentile) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return switch (function) {
            case "count" -> OptionalDouble.of(sorted.length);
            case "sum" -> OptionalDouble.of(Arrays.stream(sorted).sum());
            case "mean" -> Arrays.stream(sorted).average();
            case "min" -> sorted.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(sorted[0]);
            case "max" -> sorted.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(sorted[sorted.length - 1]);
            case "median" -> percentile(sorted, 50);
            case "percentile" -> percentile(sorted, percentile);
            default -> throw new IllegalArgumentException("unknown aggregate '" + function + "'");
        };
    }

    /**
     * Linear interpolation between closest ranks (the method of Excel's PERCENTILE.INC and numpy's default), so the
     * 50th percentile is the median and the 0th and 100th are the minimum and maximum.
     */
    static OptionalDouble percentile(double[] sorted, double percentile) {
        if (sorted.length == 0) {
            return OptionalDouble.empty();
        }
        if (percentile < 0 || percentile > 100) {
            throw new IllegalArgumentException("percentile must be between 0 and 100, not " + percentile);
        }
        double rank = percentile / 100 * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = (int) Math.ceil(rank);
        return OptionalDouble.of(sorted[below] + (rank - below) * (sorted[above] - sorted[below]));
    }
}
