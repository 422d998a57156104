package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;
import dev.cairn.program.ProgramParser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Programs are compiled as far as each stage needs: evaluate compiles the audience condition alone, render every
 * template. A Liquid error is refused at upload; a stored program whose template does not compile (stored before a
 * stricter check, or around the API) still lets its contacts enter, and fails each of their renders alone.
 */
class ProgramCompilationTest {

    private static final String PAGE = "<h1>{{ contact.first_name }}</h1>";
    private static final String BROKEN_HTML = "<p>{% if contact.first_name %}Hello</p>";

    private static String yaml(String id) {
        return "id: " + id + "\nname: " + id + "\ntrigger:\n  on: contact_created\naudience:\n"
                + "  when: 'contact.email != empty'\npage: page.liquid\nemail:\n  subject: Hi from " + id + "\n  html: email.liquid\n"
                + "  text: email.txt\n";
    }

    private static String body(String id, String html) {
        return Json.write(Json.object().put("program", yaml(id)).set("files", Json.object()
                .put("page.liquid", PAGE).put("email.liquid", html).put("email.txt", "Hello")));
    }

    @Test
    void aLiquidErrorIsRefusedAtUploadAndAStoredOneFailsOnlyItsOwnRenders() throws Exception {
        try (LocalRuntime runtime = TestStack.fresh()) {
            LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
            LocalClient.Response refused = api.put("/v1/programs/broken", body("broken", BROKEN_HTML));
            assertEquals(422, refused.status(), refused.body());
            JsonNode problems = Json.parse(refused.body()).path("problems");
            assertTrue(problems.toString().contains("email.liquid"), "names the file: " + refused.body());
            assertEquals(404, api.get("/v1/programs/broken").status(), "nothing stored");

            assertEquals(200, api.put("/v1/programs/fine", body("fine", "<p>Hello {{ contact.first_name }}</p>")).status());
            // The same program stored without the API's compile, as a version stored before a stricter check would be.
            runtime.cairn("IngestApiFunction").programStore().saveNewVersion(ProgramParser.parse("broken", 0,
                    yaml("broken"), Map.of("page.liquid", PAGE, "email.liquid", BROKEN_HTML, "email.txt", "Hello")));

            assertEquals(200, api.post("/v1/accounts", "[{\"account_id\":\"acc-compile\",\"name\":\"Compile Co\"}]").status());
            assertEquals(200, api.post("/v1/contacts", "[{\"contact_id\":\"c-compile-1\",\"account_id\":\"acc-compile\","
                    + "\"email\":\"compile-1@customer.example\",\"first_name\":\"Ada\"},{\"contact_id\":\"c-compile-2\","
                    + "\"account_id\":\"acc-compile\",\"email\":\"compile-2@customer.example\",\"first_name\":\"Bo\"}]")
                    .status());
            Map<String, Integer> deadLetters = runtime.drain(Duration.ofMinutes(2));

            assertEquals(0, deadLetters.get("EvaluateDeadLetterQueue"), "both programs' contacts entered: " + deadLetters);
            // Both contacts' broken renders fail (they travel in one render message, or two): each is dead-lettered once.
            List<String> dead = new java.util.ArrayList<>();
            for (software.amazon.awssdk.services.sqs.model.Message message : runtime.clients().sqs().receiveMessage(b -> b
                    .queueUrl(runtime.resources().ref("RenderDeadLetterQueue")).maxNumberOfMessages(10)).messages()) {
                Json.parse(message.body()).path("contact_ids").forEach(id -> dead.add(id.asText()));
            }
            assertEquals(List.of("c-compile-1", "c-compile-2"), dead.stream().sorted().toList(), deadLetters.toString());
            List<String> sent = runtime.outbox().emails().stream()
                    .map(e -> e.to().get(0) + " " + e.subject()).sorted().collect(Collectors.toList());
            assertEquals(List.of("compile-1@customer.example Hi from fine", "compile-2@customer.example Hi from fine"), sent);
        }
    }
}
