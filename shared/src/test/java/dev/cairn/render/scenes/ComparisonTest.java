package dev.cairn.render.scenes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cairn.program.FieldSpec;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    private static final FieldSpec MY_QUERIES = new FieldSpec.Value("my_queries", "metric.queries_30d");
    private static final FieldSpec TEAM_MEDIAN = new FieldSpec.Aggregate("team_median", "median", 0,
            "metric.queries_30d", "team");
    private static final FieldSpec SEGMENT_MEDIAN = new FieldSpec.Aggregate("segment_median", "median", 0,
            "metric.queries_30d", "segment");

    @Test
    void theContactsOwnFigureAgainstTheirTeam() {
        assertEquals(new Comparison("contact", "your team"), Comparison.of(MY_QUERIES, TEAM_MEDIAN, Set.of()));
    }

    @Test
    void theAccountsFigureIsNeverSetAgainstAMedianOfContacts() {
        assertNull(Comparison.of(MY_QUERIES, TEAM_MEDIAN, Set.of("queries_30d")));
        assertNull(Comparison.of(new FieldSpec.Value("seats", "account.licenses_used"),
                new FieldSpec.Aggregate("m", "median", 0, "contact.seats", "account"), Set.of()));
    }

    @Test
    void theAccountsFigureAgainstOtherAccountsIsNamedAsTheAccounts() {
        assertEquals(new Comparison("account", "accounts in your segment"),
                Comparison.of(MY_QUERIES, SEGMENT_MEDIAN, Set.of("queries_30d")));
        assertEquals(new Comparison("account", "all our customers"), Comparison.of(
                new FieldSpec.Computed("u", "license_utilization"),
                new FieldSpec.Aggregate("m", "mean", 0, "account.licenses_used", "all"), Set.of()));
    }

    @Test
    void aReferenceThatIsNotAnAggregateNamesNoPeers() {
        assertEquals(new Comparison("contact", null),
                Comparison.of(MY_QUERIES, new FieldSpec.Value("target", "contact.target"), Set.of()));
    }
}
