package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;
import dev.cairn.pipeline.DeliveryRequest;
import dev.cairn.store.Keys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DELETE removes a person's data and hub page, and stops anything still queued for them. */
class ErasureTest {

    private static final Pattern TRACKED = Pattern.compile("http://127\\.0\\.0\\.1:\\d+/r/[A-Za-z0-9_-]+");
    private static final Pattern LINK = Pattern.compile("http://127\\.0\\.0\\.1:\\d+/hub/(h/[A-Za-z0-9_-]+\\.html)");

    @Test
    void erasingAContactRemovesTheirDataAndEveryVersionOfTheirPageAndStopsQueuedEmails() throws Exception {
        try (LocalRuntime runtime = TestStack.fresh()) {
            LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
            api.put("/v1/programs/welcome", Demo.programBody(Path.of("examples/programs/welcome")));
            String account = TestStack.unique("acc");
            String contact = TestStack.unique("c");
            api.post("/v1/accounts", "[{\"account_id\":\"" + account + "\",\"name\":\"Erase Co\"}]");
            api.post("/v1/contacts", "[{\"contact_id\":\"" + contact + "\",\"account_id\":\"" + account
                    + "\",\"email\":\"gone@customer.example\",\"first_name\":\"Gone\"}]");
            api.post("/v1/metrics", "[{\"account_id\":\"" + account + "\",\"contact_id\":\"" + contact
                    + "\",\"metric\":\"logins\",\"date\":\"2026-11-01\",\"value\":3},{\"account_id\":\"" + account
                    + "\",\"metric\":\"logins\",\"date\":\"2026-11-01\",\"value\":9}]");
            runtime.drain(Duration.ofMinutes(1));
            Matcher tracked = TRACKED.matcher(runtime.outbox().emails().get(0).text());
            assertTrue(tracked.find());
            Matcher link = LINK.matcher(String.valueOf(api.redirectTarget(tracked.group())));
            assertTrue(link.matches());
            assertEquals(200, api.get(link.group()).status());

            LocalClient.Response erased = api.delete("/v1/contacts/" + contact);
            assertEquals(200, erased.status(), erased.body());
            JsonNode report = Json.parse(erased.body());
            assertEquals(1, report.path("hub_pages").asInt(), "the welcome's page, its one version: " + report);
            assertTrue(report.path("records").asInt() >= 3, "contact, delivery record and metric point: " + report);

            assertEquals(404, api.get("/v1/contacts/" + contact).status());
            assertEquals(404, api.get(link.group()).status());
            var versions = runtime.clients().s3().listObjectVersions(b -> b.bucket(runtime.resources().ref("HubBucket"))
                    .prefix(link.group(1)));
            assertEquals(0, versions.versions().size() + versions.deleteMarkers().size(), "no version of the page is kept");
            assertEquals(404, api.delete("/v1/contacts/" + contact).status(), "a second erasure finds nothing");

            runtime.clients().sqs().sendMessage(b -> b.queueUrl(runtime.resources().ref("DeliverQueue")).messageBody(
                    new DeliveryRequest("welcome", contact, "run-late", "main", "gone@customer.example", "Late", "<p>x</p>", "x").toJson()));
            runtime.drain(Duration.ofMinutes(1));
            assertEquals(1, runtime.outbox().emails().size(), "an email queued before the erasure is not sent");

            JsonNode accountView = Json.parse(api.get("/v1/accounts/" + account).body());
            assertEquals(0, accountView.path("contacts").size());

            // Ingested again under the same id, the contact is another life: the erased one's links record nothing.
            api.post("/v1/contacts", "[{\"contact_id\":\"" + contact + "\",\"account_id\":\"" + account
                    + "\",\"email\":\"back@customer.example\"}]");
            api.redirectTarget(tracked.group());
            var engagements = runtime.clients().dynamoDb().query(b -> b.tableName(runtime.resources().ref("CairnTable"))
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :sk)").expressionAttributeValues(Map.of(
                            ":pk", AttributeValue.fromS(Keys.contact(contact)), ":sk", AttributeValue.fromS("ENGAGEMENT#"))));
            assertEquals(0, engagements.count(), "the erased contact's link counted for nobody");
        }
    }

    @Test
    void erasingAnAccountErasesItsContactsAndItsData() throws Exception {
        LocalRuntime runtime = TestStack.shared();
        LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
        String account = TestStack.unique("acc");
        api.post("/v1/accounts", "[{\"account_id\":\"" + account + "\",\"name\":\"Gone Co\"}]");
        api.post("/v1/contacts", "[{\"contact_id\":\"" + account + "-1\",\"account_id\":\"" + account + "\",\"email\":\"1@customer.example\"},"
                + "{\"contact_id\":\"" + account + "-2\",\"account_id\":\"" + account + "\",\"email\":\"2@customer.example\"}]");
        api.post("/v1/events", "[{\"account_id\":\"" + account + "\",\"event\":\"ticket_opened\",\"timestamp\":\"2026-11-01T10:00:00Z\"}]");

        JsonNode report = Json.parse(api.delete("/v1/accounts/" + account).body());
        assertEquals(2, report.path("contacts").asInt(), report.toString());
        assertEquals(404, api.get("/v1/accounts/" + account).status());
        assertEquals(404, api.get("/v1/contacts/" + account + "-1").status());
        assertEquals(404, api.delete("/v1/accounts/" + account).status());
    }
}
