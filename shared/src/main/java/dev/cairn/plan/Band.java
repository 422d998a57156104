package dev.cairn.plan;

import java.math.BigDecimal;

/** A benchmark band of an onboarding metric, from seed 002's tables (docs/plans.md#onboarding-metrics). */
public enum Band {
    WORLD_CLASS("World Class"), STRONG("Strong"), AVERAGE("Average"), WEAK("Weak");

    private final String label;

    Band(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The four bands of one metric, split at three values. The World Class and Weak bounds are strict, as the seed
     * writes them ("&gt; 80%", "&lt; 40%"). The value shared by Strong and Average ("60–80%", "40–60%") belongs to
     * Average: it is the seed's target for that metric, which the seed states as strict ("&gt; 60%"), so a value
     * exactly at it does not meet it.
     */
    public record Scale(boolean higherIsBetter, BigDecimal worldClass, BigDecimal strongAverage, BigDecimal weak) {

        public static Scale higher(String worldClassAbove, String strongAbove, String weakBelow) {
            return new Scale(true, new BigDecimal(worldClassAbove), new BigDecimal(strongAbove), new BigDecimal(weakBelow));
        }

        public static Scale lower(String worldClassBelow, String strongBelow, String weakAbove) {
            return new Scale(false, new BigDecimal(worldClassBelow), new BigDecimal(strongBelow), new BigDecimal(weakAbove));
        }

        public Band of(BigDecimal value) {
            int sign = higherIsBetter ? 1 : -1;
            if (sign * value.compareTo(worldClass) > 0) {
                return WORLD_CLASS;
            }
            if (sign * value.compareTo(strongAverage) > 0) {
                return STRONG;
            }
            return sign * value.compareTo(weak) >= 0 ? AVERAGE : WEAK;
        }
    }
}
