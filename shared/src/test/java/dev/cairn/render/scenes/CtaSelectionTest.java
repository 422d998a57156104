package dev.cairn.render.scenes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.program.CtaSpec;
import dev.cairn.program.Localized;
import java.util.List;
import org.junit.jupiter.api.Test;

class CtaSelectionTest {

    private static CtaSpec cta(String id, String kind, int priority, String product) {
        return new CtaSpec(id, kind, null, priority, Localized.of(id), null, "https://example.com/" + id, product);
    }

    private static List<String> ids(List<CtaSpec> ctas) {
        return ctas.stream().map(CtaSpec::id).toList();
    }

    @Test
    void neverSellsAProductTheAccountAlreadyHas() {
        List<CtaSpec> holding = List.of(cta("alerts", "add_on", 50, "alerts"), cta("governance", "upsell", 40, "governance"),
                cta("webinar", "webinar", 10, null));

        assertEquals(List.of("governance", "webinar"), ids(CtaSelection.select(holding, List.of("analytics", "Alerts"))));
    }

    @Test
    void highestPriorityFirstTiesInProgramOrderAtMostFour() {
        List<CtaSpec> holding = List.of(cta("a", "webinar", 1, null), cta("b", "community", 5, null),
                cta("c", "review", 5, null), cta("d", "renewal", 9, null), cta("e", "specialist_meeting", 3, null));

        assertEquals(List.of("d", "b", "c", "e"), ids(CtaSelection.select(holding, List.of())));
    }

    @Test
    void aNonSellingKindIsShownWhateverTheAccountOwns() {
        assertEquals(List.of("renew"), ids(CtaSelection.select(List.of(cta("renew", "renewal", 1, "analytics")),
                List.of("analytics"))));
    }
}
