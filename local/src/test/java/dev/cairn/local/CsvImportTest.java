package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real-world CSV through POST /v1/imports/{kind}: every valid row kept, every bad one named by row and column. */
class CsvImportTest {

    private final LocalRuntime runtime = TestStack.shared();
    private final LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
    private String account;

    @BeforeEach
    void account() {
        account = TestStack.unique("acc");
        assertEquals(200, api.post("/v1/imports/accounts", "account_id,Account Name,Segment\r\n" + account + ",CSV Co,SMB\r\n").status());
    }

    @Test
    void aSpreadsheetExportWithBomCrlfQuotesAliasesAndBadRowsImportsEveryValidRow() throws Exception {
        String a = TestStack.unique("c");
        String b = TestStack.unique("c");
        String c = TestStack.unique("c");
        String csv = "\uFEFFContact ID,Account-ID,E-mail,First Name,Last Name,Champion,Team,Notes\r\n"
                + a + "," + account + ",a@customer.example,Ana,\"Trujillo, Jr.\",yes,,\"said \"\"hi\"\"\nand left\"\r\n"
                + b + "," + account + ",not-an-email,Bob,,maybe,Ops,\r\n"
                + "\r\n"
                + c + "," + account + ",c@customer.example,Cy,,no,Ops,\r\n"
                + a + "," + account + ",a2@customer.example,Ana,Trujillo,1,Sales,\r\n";
        JsonNode report = Json.parse(api.post("/v1/imports/contacts", csv).body());

        assertEquals(4, report.path("received").asInt(), report.toString());
        assertEquals(2, report.path("created").asInt(), report.toString());
        JsonNode rejected = report.path("rejected");
        assertEquals(2, rejected.size(), report.toString());
        for (JsonNode r : rejected) {
            assertEquals(3, r.path("row").asInt(), "row 3 as a spreadsheet shows it (the quoted newline is one row)");
            assertEquals(b, r.path("id").asText());
        }
        assertTrue(rejected.toString().contains("email 'not-an-email' is not an email address"), rejected.toString());
        assertTrue(rejected.toString().contains("is_champion 'maybe' is not a yes/no value"), rejected.toString());
        assertEquals(a, report.path("duplicates").get(0).path("id").asText());
        assertEquals("[2,6]", report.path("duplicates").get(0).path("rows").toString(), "the last row wins and the report says which");

        JsonNode stored = Json.parse(api.get("/v1/contacts/" + a).body());
        assertEquals("a2@customer.example", stored.path("email").asText());
        assertEquals("Sales", stored.path("team").asText());
        assertTrue(stored.path("is_champion").booleanValue());
        JsonNode cy = Json.parse(api.get("/v1/contacts/" + c).body());
        assertFalse(cy.path("is_champion").booleanValue());
        assertFalse(cy.has("last_name"), "an empty cell is missing, not an empty string");
    }

    @Test
    void reImportingTheSameFileChangesNothing() throws Exception {
        String id = TestStack.unique("c");
        String csv = "contact_id,account_id,email,role\n" + id + "," + account + ",x@customer.example,admin\n";
        assertEquals(1, Json.parse(api.post("/v1/imports/contacts", csv).body()).path("created").asInt());
        JsonNode again = Json.parse(api.post("/v1/imports/contacts", csv).body());
        assertEquals(1, again.path("unchanged").asInt(), again.toString());
        assertEquals(0, again.path("created").asInt() + again.path("updated").asInt());
    }

    @Test
    void aFileMissingARequiredColumnIsRejectedWholeNamingTheColumn() throws Exception {
        String id = TestStack.unique("c");
        LocalClient.Response response = api.post("/v1/imports/contacts", "contact_id,account_id,first_name\n" + id + "," + account + ",Ann\n");
        assertEquals(400, response.status());
        JsonNode error = Json.parse(response.body());
        assertEquals("invalid_csv", error.path("code").asText());
        assertTrue(error.path("message").asText().startsWith("required column 'email' is missing"), response.body());
        assertTrue(error.path("message").asText().endsWith("nothing was imported"), response.body());
        assertEquals(404, api.get("/v1/contacts/" + id).status());
    }

    @Test
    void aRowWithMoreCellsThanColumnsIsRejectedAndTheOthersKept() throws Exception {
        String good = TestStack.unique("c");
        JsonNode report = Json.parse(api.post("/v1/imports/contacts", "contact_id,account_id,email\n"
                + "x," + account + ",x@customer.example,Smith, Jr\n" + good + "," + account + ",g@customer.example\n").body());
        assertEquals(2, report.path("received").asInt(), report.toString());
        assertEquals(1, report.path("created").asInt(), report.toString());
        assertEquals(2, report.path("rejected").get(0).path("row").asInt());
        assertTrue(report.path("rejected").get(0).path("message").asText().contains("5 cells but the header names 3 columns"), report.toString());
    }

    @Test
    void anUnknownKindHasNoRoute() {
        // Only GET /v1/imports/{id} matches the path, so the local runtime answers 405 (API Gateway: 403).
        assertEquals(405, api.post("/v1/imports/widgets", "a,b\n1,2\n").status());
    }

    @Test
    void metricPointsImportFromCsvAndEventsFromJsonKeyedSoThatRepeatsUpdate() throws Exception {
        String contact = TestStack.unique("c");
        api.post("/v1/contacts", "[{\"contact_id\":\"" + contact + "\",\"account_id\":\"" + account + "\",\"email\":\"m@customer.example\"}]");
        JsonNode metrics = Json.parse(api.post("/v1/imports/metrics", "account_id,contact_id,metric,date,value\n"
                + account + ",," + "queries_30d,2026-11-01,1840\n"
                + account + "," + contact + ",queries_30d,2026-11-01,412.5\n"
                + account + ",,Queries 30d,2026-11-01,1\n"
                + account + ",no-such-contact,queries_30d,2026-11-01,3\n").body());
        assertEquals(2, metrics.path("created").asInt(), metrics.toString());
        assertTrue(metrics.toString().contains("metric 'Queries 30d' must start with a lowercase letter"), metrics.toString());
        assertTrue(metrics.toString().contains("contact 'no-such-contact' does not exist"), metrics.toString());
        JsonNode updated = Json.parse(api.post("/v1/metrics", "[{\"account_id\":\"" + account
                + "\",\"metric\":\"queries_30d\",\"date\":\"2026-11-01\",\"value\":1900}]").body());
        assertEquals(1, updated.path("updated").asInt(), "the same account, metric and date is one point: " + updated);

        String event = "[{\"account_id\":\"" + account + "\",\"contact_id\":\"" + contact + "\",\"event\":\"feature_used\","
                + "\"timestamp\":\"2026-11-20T14:03:00Z\",\"properties\":{\"feature\":\"alerts\"}}]";
        assertEquals(1, Json.parse(api.post("/v1/events", event).body()).path("created").asInt());
        assertEquals(1, Json.parse(api.post("/v1/events", event).body()).path("unchanged").asInt(), "re-posting an event changes nothing");
        JsonNode badProperties = Json.parse(api.post("/v1/events", event.replace("{\"feature\":\"alerts\"}", "[1,2]")).body());
        assertTrue(badProperties.toString().contains("properties must be a JSON object"), badProperties.toString());
    }
}
