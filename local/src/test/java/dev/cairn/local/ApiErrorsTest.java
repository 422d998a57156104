package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad requests get a clear JSON error naming what is wrong, and valid records beside bad ones are kept. */
class ApiErrorsTest {

    private static LocalRuntime runtime;
    private static LocalClient api;

    @BeforeAll
    static void start() {
        runtime = TestStack.shared();
        api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
    }

    @Test
    void missingApiKeyIsForbidden() throws Exception {
        LocalClient.Response response = new LocalClient(runtime.baseUrl(), null).post("/v1/contacts", "[]");
        assertEquals(403, response.status());
        JsonNode error = Json.parse(response.body());
        assertEquals("forbidden", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("x-api-key"), response.body());
    }

    @Test
    void wrongApiKeyIsForbidden() throws Exception {
        LocalClient.Response response = new LocalClient(runtime.baseUrl(), "not-the-key").post("/v1/contacts", "[]");
        assertEquals(403, response.status());
        assertTrue(Json.parse(response.body()).path("message").asText().contains("invalid API key"));
    }

    @Test
    void malformedJsonIsA400NamingWhereItBreaks() throws Exception {
        LocalClient.Response response = api.post("/v1/contacts", "[{\"contact_id\": \"c1\", ]");
        assertEquals(400, response.status());
        JsonNode error = Json.parse(response.body());
        assertEquals("invalid_json", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("line 1, column"), response.body());
    }

    @Test
    void anObjectInsteadOfAnArrayIsExplained() throws Exception {
        LocalClient.Response response = api.post("/v1/accounts", "{\"account_id\":\"a\"}");
        assertEquals(400, response.status());
        assertTrue(Json.parse(response.body()).path("message").asText().contains("JSON array of accounts"));
    }

    @Test
    void tooManyRecordsIsA413StatingTheCap() throws Exception {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i <= dev.cairn.api.IngestApi.MAX_RECORDS; i++) {
            body.append(i == 0 ? "" : ",").append("{\"account_id\":\"a").append(i).append("\",\"name\":\"n\"}");
        }
        LocalClient.Response response = api.post("/v1/accounts", body.append("]").toString());
        assertEquals(413, response.status());
        assertTrue(response.body().contains("at most " + dev.cairn.api.IngestApi.MAX_RECORDS), response.body());
    }

    @Test
    void invalidRowsAreRejectedByIndexAndColumnWhileValidOnesAreKept() throws Exception {
        String good = TestStack.unique("acc");
        String bad = TestStack.unique("acc");
        LocalClient.Response response = api.post("/v1/accounts", "[{\"account_id\":\"" + good + "\",\"name\":\"Good\"},"
                + "{\"account_id\":\"" + bad + "\",\"name\":\"Bad\",\"renewal_date\":\"31/02/2026\",\"health_score\":140}]");
        assertEquals(200, response.status());
        JsonNode report = Json.parse(response.body());
        assertEquals(2, report.path("received").asInt());
        assertEquals(1, report.path("created").asInt());
        assertEquals(2, report.path("rejected").size(), response.body());
        for (JsonNode rejection : report.path("rejected")) {
            assertEquals(1, rejection.path("row").asInt());
            assertEquals(bad, rejection.path("id").asText());
        }
        assertTrue(response.body().contains("renewal_date '31/02/2026' is ambiguous"), response.body());
        assertTrue(response.body().contains("health_score '140' must be between 0 and 100"), response.body());
        assertEquals(200, api.get("/v1/accounts/" + good).status());
        assertEquals(404, api.get("/v1/accounts/" + bad).status());
    }

    @Test
    void aContactOfAnUnknownAccountIsRejectedWithThatReason() throws Exception {
        String contactId = TestStack.unique("c");
        LocalClient.Response response = api.post("/v1/contacts", "[{\"contact_id\":\"" + contactId
                + "\",\"account_id\":\"no-such-account\",\"email\":\"x@y.example\"}]");
        JsonNode rejection = Json.parse(response.body()).path("rejected").get(0);
        assertEquals("account_id", rejection.path("column").asText());
        assertTrue(rejection.path("message").asText().contains("'no-such-account' does not exist"), response.body());
        assertEquals(404, api.get("/v1/contacts/" + contactId).status());
    }

    @Test
    void anInvalidProgramIsRefusedWithEveryProblemNamed() throws Exception {
        String body = Json.write(Json.object().put("program", "id: broken\nname: Broken\ntrigger:\n  on: never\npage: page.liquid\n"
                + "email:\n  subject: Hi\n  html: email.liquid\n  text: email.txt\n")
                .set("files", Json.object().put("page.liquid", "{% if %}").put("email.liquid", "ok").put("email.txt", "ok")));
        LocalClient.Response response = api.put("/v1/programs/broken", body);
        assertEquals(422, response.status());
        JsonNode problems = Json.parse(response.body()).path("problems");
        assertTrue(problems.toString().contains("trigger.on 'never' is not a known trigger"), response.body());
        assertEquals(404, api.get("/v1/programs/broken").status(), "nothing stored");
    }

    @Test
    void unknownRouteIs404() {
        assertEquals(404, api.get("/v1/nothing-here").status());
    }
}
