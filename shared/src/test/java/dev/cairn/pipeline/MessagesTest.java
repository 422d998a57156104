package dev.cairn.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessagesTest {

    @Test
    void aBatchOfChangesRoundTrips() {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("email", "ann@example.com");
        changes.put("is_champion", true);
        changes.put("custom.favourite_color", "teal");
        ChangeMessage created = ChangeMessage.of("contact", "c-1", "a-1", "created", changes, "2026-03-01T14:30:00Z");
        ChangeMessage bare = new ChangeMessage("account", "a-1", null, "updated", List.of(), dev.cairn.json.Json.object(), null);

        JsonNode node = Messages.parse(ChangeMessage.batchJson(List.of(created, bare)));

        assertEquals("changes", node.get("type").asText());
        assertEquals(List.of("email", "is_champion", "custom.favourite_color"), created.changedFields());
        assertEquals(List.of(created, bare), ChangeMessage.fromBatchJson(node));
    }

    @Test
    void aChangeNeedsKindIdAndChangeAndABatchNeedsItsType() {
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> ChangeMessage.fromBatchJson(
                Messages.parse("{\"type\": \"changes\", \"changes\": [{\"id\": \"c-1\", \"change\": \"created\"}]}")));
        assertEquals("kind is missing", e.getMessage());

        e = assertThrows(InvalidMessageException.class, () -> ChangeMessage.fromBatchJson(Messages.parse(
                "{\"type\": \"changes\", \"changes\": [{\"kind\": \"contact\", \"id\": \"\", \"change\": \"created\"}]}")));
        assertEquals("id is missing", e.getMessage());

        e = assertThrows(InvalidMessageException.class, () -> ChangeMessage.fromBatchJson(Messages.parse(
                "{\"kind\": \"contact\", \"id\": \"c-1\", \"change\": \"created\"}")));
        assertTrue(e.getMessage().startsWith("not a batch of changes"), e.getMessage());
    }

    @Test
    void aRenderRequestRoundTrips() {
        RenderRequest request = new RenderRequest("welcome", 4, "c-1", "run-7f3a", "welcome-email", true);

        String json = request.toJson();
        JsonNode node = Messages.parse(json);

        assertEquals("render", node.get("type").asText());
        assertEquals(4, node.get("program_version").intValue());
        assertEquals(request, RenderRequest.fromJson(node));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"program_id\": \"welcome\", \"contact_id\": \"c-1\", \"run_id\": \"r\", \"step\": \"s\"}",
            "{\"program_id\": \"welcome\", \"program_version\": \"4\", \"contact_id\": \"c-1\", \"run_id\": \"r\", \"step\": \"s\"}",
            "{\"program_id\": \"welcome\", \"program_version\": 1e12, \"contact_id\": \"c-1\", \"run_id\": \"r\", \"step\": \"s\"}"})
    void aRenderRequestNeedsANumericVersion(String json) {
        InvalidMessageException e = assertThrows(InvalidMessageException.class,
                () -> RenderRequest.fromJson(Messages.parse(json)));

        assertEquals("program_version is missing or not a number", e.getMessage());
    }

    @Test
    void aRenderRequestNeedsItsIds() {
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> RenderRequest.fromJson(
                Messages.parse("{\"program_id\": \"welcome\", \"program_version\": 1, \"run_id\": \"r\", \"step\": \"s\"}")));

        assertEquals("contact_id is missing", e.getMessage());
    }

    @Test
    void aDeliveryRequestRoundTripsHtmlAndUnicodeUnchanged() {
        DeliveryRequest request = new DeliveryRequest("welcome", "c-1", "run-7f3a", "welcome-email", "ann@example.com",
                "Ann, your Acme success hub is ready 🎉",
                "<p class=\"x\">Hi &lt;Ann&gt;,\n\t— welcome</p>", "Hi <Ann>,\r\n\\ welcome \"quoted\" \u2028", "https://feedback.example/u/tok", "onboarding",
                new dev.cairn.program.SendWindow(java.util.EnumSet.of(java.time.DayOfWeek.MONDAY, java.time.DayOfWeek.FRIDAY),
                        java.time.LocalTime.of(9, 30), java.time.LocalTime.of(17, 0)), "Asia/Tokyo");

        String json = request.toJson();
        JsonNode node = Messages.parse(json);

        assertEquals("deliver", node.get("type").asText());
        assertEquals(request, DeliveryRequest.fromJson(node));
    }

    @Test
    void aDeliveryRequestNeedsEveryFieldButAnEmailPartMayBeEmpty() {
        String full = new DeliveryRequest("welcome", "c-1", "r", "s", "ann@example.com", "Subject", "<p>Hi</p>", "Hi").toJson();
        String emptyHtml = full.replace("\"html\":\"<p>Hi</p>\"", "\"html\":\"\"");
        assertEquals("", DeliveryRequest.fromJson(Messages.parse(emptyHtml)).html());

        String noHtml = full.replace("\"html\":\"<p>Hi</p>\",", "");
        InvalidMessageException e = assertThrows(InvalidMessageException.class,
                () -> DeliveryRequest.fromJson(Messages.parse(noHtml)));
        assertEquals("html is missing", e.getMessage());

        String noSubject = full.replace("\"subject\":\"Subject\"", "\"subject\":\"\"");
        assertThrows(InvalidMessageException.class, () -> DeliveryRequest.fromJson(Messages.parse(noSubject)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"unterminated\": ", "{'single': 'quotes'}", "<xml/>"})
    void aBodyThatIsNotJsonIsInvalid(String body) {
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> Messages.parse(body));

        assertTrue(e.getMessage().startsWith("message body is not JSON: "), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"type\": \"render\"}]", "\"render\"", "42", "null", "true", "", "   "})
    void aBodyThatIsNotAJsonObjectIsInvalid(String body) {
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> Messages.parse(body));

        assertEquals("message body is not a JSON object", e.getMessage());
    }
}
