package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.json.Json;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Metric points posted through the API reach a page's fields: the contact's own history (a chart), its teammates'
 * latest values (a team benchmark and leaderboard) and other accounts of its segment (a segment benchmark).
 */
class MetricFieldsTest {

    private static final String PROGRAM = """
            id: %s
            name: Usage
            trigger:
              on: manual
            email:
              subject: "Usage"
              html: email.liquid
              text: email.txt
            fields:
              my_queries: {value: metric.queries_30d}
              history: {history: metric.queries_30d, points: 6}
              drop: {change: metric.queries_30d, days: 60}
              team_median: {aggregate: median, of: metric.queries_30d, scope: team}
              board: {leaderboard: metric.queries_30d, scope: team, top: 2}
              account_users: {value: metric.active_users}
              segment_median_users: {aggregate: median, of: metric.active_users, scope: segment}
            scenes:
              - {id: mine, type: metric, field: my_queries, title: "Your queries"}
              - {id: trend, type: line_chart, field: history, title: "Your queries by month"}
              - {id: team, type: benchmark, field: my_queries, reference: team_median, title: "You and your team"}
              - {id: top, type: leaderboard, field: board, title: "Top of the team"}
              - {id: similar, type: benchmark, field: account_users, reference: segment_median_users, title: "Similar accounts"}
              - id: dropped
                type: editorial
                when: 'fields.drop.ratio < -0.2'
                title: "Your usage dropped"
            """;

    private static LocalRuntime runtime;
    private static LocalClient api;
    private static LocalDate today;

    @BeforeAll
    static void start() {
        runtime = TestStack.shared();
        api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
        today = runtime.clock().instant().atZone(ZoneOffset.UTC).toLocalDate();
    }

    @Test
    void metricPointsFeedChartsBenchmarksAndLeaderboards() throws Exception {
        String segment = TestStack.unique("Segment");
        String mine = TestStack.unique("acc");
        String peer = TestStack.unique("acc");
        String stale = TestStack.unique("acc");
        String ana = TestStack.unique("c");
        String bea = TestStack.unique("c");
        String cy = TestStack.unique("c");
        String dee = TestStack.unique("c");
        post("/v1/accounts", "[" + account(mine, "Mine & Co", segment) + "," + account(peer, "Peer Inc", segment) + ","
                + account(stale, "Stale Ltd", segment) + "]");
        post("/v1/contacts", "[" + contact(ana, mine, "Ana", "Alvarez", "Ops") + "," + contact(bea, mine, "Bea", "Brown", "Ops")
                + "," + contact(cy, mine, "Cy", "Cole", "Sales") + "," + contact(dee, mine, "Dee", "Diaz", "Ops") + "]");
        post("/v1/metrics", "[" + String.join(",",
                point(mine, ana, "queries_30d", 90, 200), point(mine, ana, "queries_30d", 60, 180),
                point(mine, ana, "queries_30d", 30, 150), point(mine, ana, "queries_30d", 1, 120),
                point(mine, bea, "queries_30d", 2, 200),
                point(mine, cy, "queries_30d", 2, 999),
                // The account's own series is not Ana's: she has points of her own.
                point(mine, null, "queries_30d", 1, 5000),
                point(mine, null, "active_users", 3, 30),
                point(peer, null, "active_users", 5, 60),
                point(peer, null, "active_users", 4, 70),
                // Too old to count among the segment's peers.
                point(stale, null, "active_users", 200, 1000)) + "]");
        String id = TestStack.unique("usage");
        ObjectNode body = Json.object().put("program", PROGRAM.formatted(id));
        body.putObject("files").put("email.liquid", "<p>{{ hub.url }}</p>").put("email.txt", "{{ hub.url }}");
        LocalClient.Response saved = api.put("/v1/programs/" + id, Json.write(body));
        assertEquals(200, saved.status(), saved.body());

        LocalClient.Response preview = api.post("/v1/programs/" + id + "/preview", "{\"contact_id\":\"" + ana + "\"}");

        assertEquals(200, preview.status(), preview.body());
        JsonNode json = Json.parse(preview.body());
        assertEquals(List.of("mine", "trend", "team", "top", "similar", "dropped"), strings(json.path("scenes")));
        String page = json.path("page").asText();
        assertTrue(page.contains("<p class=\"big\">120</p>"), "Ana's latest point, not the account's: " + page);
        assertTrue(page.contains(">150</text>") || page.contains(": 150;"), "the chart draws Ana's history: " + page);
        assertTrue(page.contains("Below your team by 25%"), "120 against the team median of 120 and 200, 160: " + page);
        assertTrue(page.contains("Bea B."), "the teammate on top is named: " + page);
        assertFalse(page.contains("Cy C."), "another team's member is not on the team board: " + page);
        assertTrue(page.contains("You are number 2 of 2."), page);
        assertTrue(page.contains("<dt>Your account</dt>") && page.contains("Below accounts in your segment by 40%"),
                "30 active users against the median of 30 and the peer's latest, 70: " + page);
        assertFalse(page.contains("Peer Inc") || page.contains("Stale Ltd"), "other customers are never named");

        // Dee has no points of her own: her page may show the account's queries, never set them against her team.
        JsonNode deePage = Json.parse(api.post("/v1/programs/" + id + "/preview", "{\"contact_id\":\"" + dee + "\"}").body());
        assertEquals(List.of("mine", "top", "similar"), strings(deePage.path("scenes")), deePage.toString());
    }

    private static void post(String path, String json) throws Exception {
        LocalClient.Response response = api.post(path, json);
        assertEquals(200, response.status(), response.body());
        assertEquals(0, Json.parse(response.body()).path("rejected").size(), response.body());
    }

    private static String account(String id, String name, String segment) {
        return Json.write(Json.object().put("account_id", id).put("name", name).put("segment", segment));
    }

    private static String contact(String id, String account, String first, String last, String team) {
        return Json.write(Json.object().put("contact_id", id).put("account_id", account).put("email", id + "@example.com")
                .put("first_name", first).put("last_name", last).put("team", team));
    }

    private static String point(String account, String contact, String metric, int daysAgo, double value) {
        ObjectNode point = Json.object().put("account_id", account).put("metric", metric)
                .put("date", today.minusDays(daysAgo).toString()).put("value", value);
        if (contact != null) {
            point.put("contact_id", contact);
        }
        return Json.write(point);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
