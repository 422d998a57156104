package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.json.Json;
import dev.cairn.store.Keys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A program version is stored with its YAML and, beside it, the YAML as parsed (JSON), which evaluate and render read
 * instead so that they load no YAML parser. Versions without it still work: those stored before it existed, and
 * those too large to hold both within the item.
 */
class StoredProgramFormTest {

    private static final String LONG_TEXT = "x".repeat(190_000);

    private static String longProgram() {
        return Json.write(Json.object().put("program", "id: long\nname: Long\ntrigger:\n  on: contact_created\n"
                        + "page: page.liquid\nsnippets:\n  long:\n    text: \"" + LONG_TEXT + "\"\nemail:\n"
                        + "  subject: Hi from long\n  html: email.liquid\n  text: email.txt\n")
                .set("files", Json.object().put("page.liquid", "<h1>{{ contact.first_name }}</h1>")
                        .put("email.liquid", "<p>Hello</p>").put("email.txt", "Hello")));
    }

    private static Map<String, AttributeValue> version(LocalRuntime runtime, String programId) {
        return runtime.clients().dynamoDb().getItem(b -> b.tableName(runtime.resources().ref("CairnTable")).key(Map.of(
                Keys.PK, AttributeValue.fromS(Keys.program(programId)),
                Keys.SK, AttributeValue.fromS(Keys.programVersion(1))))).item();
    }

    @Test
    void versionsWithoutTheParsedFormAreReadFromTheirYaml() throws Exception {
        try (LocalRuntime runtime = TestStack.fresh()) {
            LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
            assertEquals(200, api.put("/v1/programs/welcome", Demo.programBody(Path.of("examples/programs/welcome")))
                    .status());
            assertTrue(version(runtime, "welcome").containsKey("parsed"), "stored with its parsed form");
            // As a version stored before the parsed form existed.
            runtime.clients().dynamoDb().updateItem(b -> b.tableName(runtime.resources().ref("CairnTable")).key(Map.of(
                    Keys.PK, AttributeValue.fromS(Keys.program("welcome")),
                    Keys.SK, AttributeValue.fromS(Keys.programVersion(1)))).updateExpression("REMOVE parsed"));
            assertFalse(version(runtime, "welcome").containsKey("parsed"));

            LocalClient.Response saved = api.put("/v1/programs/long", longProgram());
            assertEquals(200, saved.status(), saved.body());
            assertFalse(version(runtime, "long").containsKey("parsed"), "the YAML and its parsed form would not fit");
            LocalClient.Response read = api.get("/v1/programs/long");
            assertEquals(200, read.status());
            assertTrue(Json.parse(read.body()).path("program").asText().contains(LONG_TEXT));

            assertEquals(200, api.post("/v1/accounts", "[{\"account_id\":\"acc-stored\",\"name\":\"Stored Co\"}]").status());
            assertEquals(200, api.post("/v1/contacts", "[{\"contact_id\":\"c-stored\",\"account_id\":\"acc-stored\","
                    + "\"email\":\"stored@customer.example\",\"first_name\":\"Ada\"}]").status());
            Map<String, Integer> deadLetters = runtime.drain(Duration.ofMinutes(2));

            assertTrue(deadLetters.values().stream().allMatch(n -> n == 0), deadLetters.toString());
            List<String> sent = runtime.outbox().emails().stream().map(e -> e.to().get(0) + " " + e.subject())
                    .sorted().collect(Collectors.toList());
            assertEquals(List.of("stored@customer.example Ada, your Stored Co success hub is ready",
                    "stored@customer.example Hi from long"), sent);
        }
    }
}
