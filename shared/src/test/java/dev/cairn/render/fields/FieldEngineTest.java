package dev.cairn.render.fields;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.program.FieldSpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldEngineTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-11-22");
    private static final Map<String, Object> CONTACT = Map.of("contact_id", "c-ana", "team", "Ops",
            "custom.queries_30d", new BigDecimal("40"));
    private static final Map<String, Object> ACCOUNT = Map.of("account_id", "acc-1", "licenses_used", new BigDecimal("4"),
            "licenses_purchased", new BigDecimal("5"), "renewal_date", "2027-01-21", "contract_start", "2026-11-01",
            "plan", "Team");

    private static Peer contact(String id, String label, Object queries) {
        return new Peer(id, label, queries == null ? Map.of("contact_id", id) : Map.of("contact_id", id,
                "custom.queries_30d", queries), Map.of());
    }

    private static final List<Peer> TEAM = List.of(contact("c-ana", "Ana T.", new BigDecimal("40")),
            contact("c-bo", "Bo K.", new BigDecimal("90")), contact("c-cy", "Cy L.", new BigDecimal("10")),
            contact("c-di", "Di M.", new BigDecimal("90")), contact("c-ed", "Ed N.", null));

    private static Map<String, Object> compute(FieldSpec spec, Map<String, List<MetricPoint>> metrics) {
        return FieldEngine.compute(List.of(spec), new FieldData(CONTACT, ACCOUNT, TODAY, metrics, Map.of("team", TEAM)));
    }

    private static Object compute(FieldSpec spec) {
        return compute(spec, Map.of()).get(spec.name());
    }

    private static final Map<String, List<MetricPoint>> QUERIES = Map.of("queries", List.of(
            new MetricPoint(LocalDate.parse("2026-08-01"), 100), new MetricPoint(LocalDate.parse("2026-09-01"), 120),
            new MetricPoint(LocalDate.parse("2026-10-01"), 90), new MetricPoint(LocalDate.parse("2026-11-01"), 60)));

    @Test
    void valuesReadAttributesCustomAttributesAndTheLatestMetricPoint() {
        assertEquals("Team", compute(new FieldSpec.Value("plan", "account.plan")));
        assertEquals(new BigDecimal("40"), compute(new FieldSpec.Value("q", "contact.queries_30d")));
        assertEquals(60L, compute(new FieldSpec.Value("q", "metric.queries"), QUERIES).get("q"));
    }

    @Test
    void missingDataLeavesTheFieldOut() {
        Map<String, Object> values = FieldEngine.compute(List.of(new FieldSpec.Value("x", "contact.nope"),
                new FieldSpec.Value("m", "metric.nope"), new FieldSpec.History("h", "nope", 6),
                new FieldSpec.Aggregate("a", "median", 0, "contact.queries_30d", "segment")),
                new FieldData(CONTACT, Map.of(), TODAY, Map.of(), Map.of()));

        assertTrue(values.isEmpty(), values::toString);
    }

    @Test
    void computedLicenseUtilizationAndDays() {
        assertEquals(0.8, compute(new FieldSpec.Computed("u", "license_utilization")));
        assertEquals(60L, compute(new FieldSpec.Computed("d", "days_to_renewal")));
        assertEquals(21L, compute(new FieldSpec.Computed("t", "tenure_days")));
    }

    @Test
    void licenseUtilizationNeedsPurchasedLicenses() {
        Map<String, Object> values = FieldEngine.compute(List.of(new FieldSpec.Computed("u", "license_utilization")),
                new FieldData(CONTACT, Map.of("licenses_used", 3, "licenses_purchased", 0), TODAY, Map.of(), Map.of()));
        assertFalse(values.containsKey("u"));
    }

    @Test
    void historyKeepsTheLastPointsOldestFirst() {
        assertEquals(List.of(Map.of("date", "2026-10-01", "value", 90L), Map.of("date", "2026-11-01", "value", 60L)),
                compute(new FieldSpec.History("h", "queries", 2), QUERIES).get("h"));
    }

    @Test
    void changeComparesWithThePointAtLeastThatManyDaysBefore() {
        @SuppressWarnings("unchecked")
        Map<String, Object> change = (Map<String, Object>) compute(new FieldSpec.Change("c", "queries", 60), QUERIES).get("c");
        // 60 days before 2026-11-01 is 2026-09-02: the latest point on or before it is 2026-09-01 (120).
        assertEquals(120L, change.get("from"));
        assertEquals(60L, change.get("to"));
        assertEquals(-60L, change.get("delta"));
        assertEquals(-0.5, change.get("ratio"));
        assertFalse(compute(new FieldSpec.Change("c", "queries", 365), QUERIES).containsKey("c"),
                "no point a year back: no change");
    }

    @Test
    void aggregatesRunOverTheMembersOfTheScopeThatHaveAValue() {
        assertEquals(65L, compute(new FieldSpec.Aggregate("m", "median", 0, "contact.queries_30d", "team")));
        assertEquals(4L, compute(new FieldSpec.Aggregate("n", "count", 0, "contact.queries_30d", "team")));
        assertEquals(57.5, compute(new FieldSpec.Aggregate("m", "mean", 0, "contact.queries_30d", "team")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void leaderboardNamesOnlyTheTopAndTellsTheContactTheirOwnRank() {
        Map<String, Object> board = (Map<String, Object>) compute(new FieldSpec.Leaderboard("b", "contact.queries_30d",
                "team", 2));

        List<Map<String, Object>> entries = (List<Map<String, Object>>) board.get("entries");
        assertEquals(2, entries.size());
        assertEquals(Map.of("rank", 1, "label", "Bo K.", "value", 90L, "is_you", false), entries.get(0));
        assertEquals(Map.of("rank", 1, "label", "Di M.", "value", 90L, "is_you", false), entries.get(1), "ties share a rank");
        assertEquals(Map.of("rank", 3, "value", 40L), board.get("you"));
        assertEquals(4, board.get("size"));
        assertFalse(board.toString().contains("Cy L."), "someone below the top is not named to others");
    }
}
