package dev.cairn.program;

import java.util.Set;

/**
 * A call to action ({@code ctas:} in program.yaml). {@code product} names what an upsell, add-on or cross-sell
 * sells, so that it is never offered to an account that already has it. {@code description} and {@code when} may
 * be null; {@code link} is Liquid.
 */
public record CtaSpec(String id, String kind, String when, int priority, Localized label, Localized description,
                      String link, String product) {

    public static final Set<String> KINDS = Set.of("renewal", "upsell", "add_on", "cross_sell", "annual_conversion",
            "webinar", "community", "specialist_meeting", "review", "third_party");
    /** The kinds that sell a product, and so need {@code product}. */
    public static final Set<String> SELLING_KINDS = Set.of("upsell", "add_on", "cross_sell");
}
