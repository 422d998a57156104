package dev.cairn.render.scenes;

import dev.cairn.program.CtaSpec;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Which calls to action a page shows: those whose condition holds, never selling a product the account already
 * has, highest priority first (ties in the program's order), at most {@link #MAX_SHOWN}.
 */
public final class CtaSelection {

    /** More than four recommendations stop being personal and start being a catalogue. */
    public static final int MAX_SHOWN = 4;

    private CtaSelection() {
    }

    /** @param holding the calls to action whose condition held for this contact, in the program's order */
    public static List<CtaSpec> select(List<CtaSpec> holding, Collection<?> accountProducts) {
        return holding.stream()
                .filter(cta -> !(CtaSpec.SELLING_KINDS.contains(cta.kind()) && owns(accountProducts, cta.product())))
                .sorted(Comparator.comparingInt(CtaSpec::priority).reversed())
                .limit(MAX_SHOWN)
                .toList();
    }

    private static boolean owns(Collection<?> products, String product) {
        return products.stream().anyMatch(p -> p != null && p.toString().equalsIgnoreCase(product));
    }
}
