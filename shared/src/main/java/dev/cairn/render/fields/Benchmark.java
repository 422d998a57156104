package dev.cairn.render.fields;

/**
 * You against a reference (your team's median, similar accounts' mean): within 20% of it, above or below.
 *
 * @param ratio you divided by the reference (1.0 when both are zero; infinite when only the reference is zero)
 */
public record Benchmark(double you, double reference, Band band, double ratio) {

    /** How far from the reference still counts as "on par". */
    public static final double TOLERANCE = 0.20;

    public enum Band {
        BELOW, WITHIN, ABOVE;

        public String id() {
            return name().toLowerCase();
        }
    }

    public static Benchmark compare(double you, double reference) {
        double ratio = reference == 0 ? (you == 0 ? 1.0 : Math.copySign(Double.POSITIVE_INFINITY, you)) : you / reference;
        Band band;
        if (Math.abs(you - reference) <= TOLERANCE * Math.abs(reference)) {
            band = Band.WITHIN;
        } else {
            band = you > reference ? Band.ABOVE : Band.BELOW;
        }
        return new Benchmark(you, reference, band, ratio);
    }
}
