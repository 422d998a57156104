package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;
import org.junit.jupiter.api.Test;

/** What was ingested reads back normalised: plain numbers, typed booleans, custom attributes apart, upserts merged. */
class ReadBackTest {

    private final LocalRuntime runtime = TestStack.shared();
    private final LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());

    @Test
    void accountAndContactReadBackNormalisedWithTheirContactsAndCustomAttributes() throws Exception {
        String accountId = TestStack.unique("acc");
        String contactId = TestStack.unique("c");
        api.post("/v1/accounts", "[{\"account_id\":\"" + accountId + "\",\"name\":\"Readback\",\"arr\":84000,"
                + "\"licenses_purchased\":\"50\",\"products\":[\"analytics\",\"alerts\"],\"industry\":\"retail\"}]");
        api.post("/v1/contacts", "[{\"contact_id\":\"" + contactId + "\",\"account_id\":\"" + accountId
                + "\",\"email\":\"r@customer.example\",\"is_champion\":\"yes\",\"locale\":\"fr_CA\",\"shoe_size\":42}]");

        LocalClient.Response account = api.get("/v1/accounts/" + accountId);
        assertTrue(account.body().contains("\"arr\":84000,"), account.body());
        assertTrue(account.body().contains("\"licenses_purchased\":50,"), account.body());
        JsonNode accountJson = Json.parse(account.body());
        assertEquals("retail", accountJson.path("custom").path("industry").asText());
        assertEquals(contactId, accountJson.path("contacts").get(0).path("contact_id").asText());

        JsonNode contact = Json.parse(api.get("/v1/contacts/" + contactId).body());
        assertTrue(contact.path("is_champion").isBoolean() && contact.path("is_champion").booleanValue());
        assertEquals("fr-CA", contact.path("locale").asText());
        assertEquals(42, contact.path("custom").path("shoe_size").asInt());
        assertFalse(contact.has("type"), "the item's internal type is not part of the API");
    }

    @Test
    void upsertOverwritesProvidedFieldsKeepsOmittedOnesAndClearsExplicitNulls() throws Exception {
        String accountId = TestStack.unique("acc");
        api.post("/v1/accounts", "[{\"account_id\":\"" + accountId + "\",\"name\":\"Before\",\"plan\":\"Team\",\"segment\":\"SMB\"}]");
        JsonNode report = Json.parse(api.post("/v1/accounts", "[{\"account_id\":\"" + accountId
                + "\",\"name\":\"After\",\"segment\":null}]").body());
        assertEquals(1, report.path("updated").asInt(), report.toString());
        JsonNode account = Json.parse(api.get("/v1/accounts/" + accountId).body());
        assertEquals("After", account.path("name").asText());
        assertEquals("Team", account.path("plan").asText(), "omitted field kept");
        assertFalse(account.has("segment"), "explicit null cleared the field");
    }
}
