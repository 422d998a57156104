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
import org.junit.jupiter.params.provider.CsvSource;
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
    void aRenderMessageRoundTripsItsContacts() {
        RenderMessage message = new RenderMessage("welcome", 4, List.of("c-1", "c-2", "c-3"), "run-7f3a", "welcome-email", true);

        JsonNode node = Messages.parse(message.toJson());

        assertEquals("render", node.get("type").asText());
        assertEquals(4, node.get("program_version").intValue());
        assertEquals(message, RenderMessage.fromJson(node));
        assertEquals(List.of(new RenderRequest("welcome", 4, "c-1", "run-7f3a", "welcome-email", true),
                new RenderRequest("welcome", 4, "c-2", "run-7f3a", "welcome-email", true),
                new RenderRequest("welcome", 4, "c-3", "run-7f3a", "welcome-email", true)), message.requests());
    }

    @Test
    void aRenderMessageWithTheSingleContactIdOfEarlierVersionsIsRead() {
        RenderMessage message = RenderMessage.fromJson(Messages.parse("{\"type\": \"render\", \"program_id\": \"welcome\","
                + " \"program_version\": 2, \"contact_id\": \"c-1\", \"run_id\": \"r\", \"step\": \"main\"}"));

        assertEquals(new RenderMessage("welcome", 2, List.of("c-1"), "r", "main", false), message);
        RenderRequest request = new RenderRequest("welcome", 2, "c-1", "r", "main", false);
        assertEquals(List.of(request), RenderMessage.fromJson(Messages.parse(request.toJson())).requests());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"program_id\": \"welcome\", \"contact_id\": \"c-1\", \"run_id\": \"r\", \"step\": \"s\"}",
            "{\"program_id\": \"welcome\", \"program_version\": \"4\", \"contact_id\": \"c-1\", \"run_id\": \"r\", \"step\": \"s\"}",
            "{\"program_id\": \"welcome\", \"program_version\": 1e12, \"contact_id\": \"c-1\", \"run_id\": \"r\", \"step\": \"s\"}"})
    void aRenderMessageNeedsANumericVersion(String json) {
        InvalidMessageException e = assertThrows(InvalidMessageException.class,
                () -> RenderMessage.fromJson(Messages.parse(json)));

        assertEquals("program_version is missing or not a number", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "|contact_id is missing",
            "\"contact_ids\": []|contact_ids must be a list of 1 to 10 contact ids, was 0 ids",
            "\"contact_ids\": \"c-1\"|contact_ids must be a list of 1 to 10 contact ids, was a string",
            "\"contact_ids\": [\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\"]|contact_ids must be a list of 1 to 10 contact ids, was 11 ids",
            "\"contact_ids\": [\"c-1\", \" \"]|contact_ids[1] is not a contact id (a non-blank string)",
            "\"contact_ids\": [\"c-1\", 7]|contact_ids[1] is not a contact id (a non-blank string)",
            "\"contact_ids\": [null]|contact_ids[0] is not a contact id (a non-blank string)",
            "\"contact_ids\": [\"c-1\", \"c-2\", \"c-1\"]|contact_ids[2] repeats contact_ids[0]",
            "\"contact_ids\": [\"c-1\"], \"contact_id\": \"c-1\"|contact_id and contact_ids are both given: a message names its contacts once"})
    void aRenderMessageNeedsOneToTenDistinctContactIds(String contacts, String error) {
        String json = "{\"program_id\": \"welcome\", \"program_version\": 1, \"run_id\": \"r\", \"step\": \"s\""
                + (contacts == null ? "" : ", " + contacts) + "}";

        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> RenderMessage.fromJson(Messages.parse(json)));

        assertEquals(error, e.getMessage());
    }

    @Test
    void requestsArePackedTenContactsToAMessageOfTheSameProgramVersionRunAndStep() {
        List<RenderRequest> requests = new java.util.ArrayList<>();
        for (int c = 0; c < 23; c++) {
            requests.add(new RenderRequest("review", 3, "c" + c, "run-1", "main", false));
            if (c % 10 == 0) {
                requests.add(new RenderRequest("review", 3, "c" + c, "run-1", "intro", false));
            }
        }
        requests.add(new RenderRequest("review", 3, "c0", "run-1", "main", false)); // the same request twice
        requests.add(new RenderRequest("review", 3, "c0", "run-1", "main", true));

        List<RenderMessage> messages = RenderMessage.pack(requests);

        assertEquals(List.of(10, 10, 3, 3, 1), messages.stream().map(m -> m.contactIds().size()).toList());
        assertEquals(List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"), messages.get(0).contactIds());
        assertEquals(List.of("c20", "c21", "c22"), messages.get(2).contactIds());
        assertEquals(new RenderMessage("review", 3, List.of("c0", "c10", "c20"), "run-1", "intro", false), messages.get(3));
        assertEquals(new RenderMessage("review", 3, List.of("c0"), "run-1", "main", true), messages.get(4));
        assertEquals(List.of(), RenderMessage.pack(List.of()));
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
