package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /v1/programs/{id}/preview renders a program for a stored contact, and stores and sends nothing. */
class PreviewTest {

    private static LocalRuntime runtime;
    private static LocalClient api;

    @BeforeAll
    static void start() throws Exception {
        runtime = TestStack.shared();
        api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
        LocalClient.Response saved = api.put("/v1/programs/qbr", Demo.programBody(Path.of("examples/programs/qbr")));
        assertEquals(200, saved.status(), saved.body());
    }

    @Test
    void previewReturnsThePersonalPageAndEmailWithoutSendingAnything() throws Exception {
        String accountId = TestStack.unique("acc");
        String contactId = TestStack.unique("c");
        String email = contactId + "@customer.example";
        assertEquals(200, api.post("/v1/accounts", "[{\"account_id\":\"" + accountId + "\",\"name\":\"Acme <b>Rockets</b>\","
                + "\"segment\":\"Commercial\",\"billing_period\":\"monthly\",\"licenses_purchased\":10,\"licenses_used\":4,"
                + "\"products\":[\"analytics\"]}]").status());
        assertEquals(200, api.post("/v1/contacts", "[{\"contact_id\":\"" + contactId + "\",\"account_id\":\"" + accountId
                + "\",\"email\":\"" + email + "\",\"first_name\":\"<script>alert(1)</script>\",\"locale\":\"fr-CA\"}]").status());
        new LocalClient(runtime.baseUrl(), null).post("/local/drain", "{}");
        int emailsBefore = emailsTo(email);

        LocalClient.Response preview = api.post("/v1/programs/qbr/preview", "{\"contact_id\":\"" + contactId + "\"}");

        assertEquals(200, preview.status(), preview.body());
        JsonNode body = Json.parse(preview.body());
        assertEquals("qbr", body.path("program_id").asText());
        assertEquals(List.of("welcome", "choose", "proof", "next"), strings(body.path("scenes")),
                "no poll: the contact does not answer surveys");
        assertEquals(List.of("annual", "governance", "alerts", "webinar"), strings(body.path("ctas")));
        String page = body.path("page").asText();
        assertTrue(page.contains("Votre trimestre chez Acme &lt;b&gt;Rockets&lt;/b&gt;"), "fr-CA falls back to fr: " + page);
        assertTrue(page.contains("Bonjour &lt;script&gt;alert(1)&lt;/script&gt;"), page);
        assertFalse(page.contains("<script>"), page);
        assertTrue(body.path("subject").asText().startsWith("<script>alert(1)</script>, votre bilan trimestriel"),
                body.path("subject").asText());
        assertTrue(body.path("html").asText().contains("href=\"#\""), "no hub page link is made for a preview");

        new LocalClient(runtime.baseUrl(), null).post("/local/drain", "{}");
        assertEquals(emailsBefore, emailsTo(email), "a preview sends nothing");
    }

    @Test
    void previewOfAnUnknownContactOrProgramIsNotFound() {
        LocalClient.Response noContact = api.post("/v1/programs/qbr/preview", "{\"contact_id\":\"c-nobody\"}");
        assertEquals(404, noContact.status(), noContact.body());
        assertTrue(noContact.body().contains("contact_not_found"), noContact.body());

        LocalClient.Response noProgram = api.post("/v1/programs/nope/preview", "{\"contact_id\":\"c-nobody\"}");
        assertEquals(404, noProgram.status(), noProgram.body());
        assertTrue(noProgram.body().contains("program_not_found"), noProgram.body());

        LocalClient.Response noId = api.post("/v1/programs/qbr/preview", "{}");
        assertEquals(400, noId.status(), noId.body());
        assertTrue(noId.body().contains("contact_id"), noId.body());
    }

    private static int emailsTo(String address) throws Exception {
        int count = 0;
        for (JsonNode e : Json.parse(api.get("/local/outbox").body())) {
            count += e.path("to").get(0).asText().equals(address) ? 1 : 0;
        }
        return count;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
