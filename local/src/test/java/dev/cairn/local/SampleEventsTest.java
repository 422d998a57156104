package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cairn.tracking.Suppressions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every function has a sample event in events/, and each one runs through the real handler. */
class SampleEventsTest {

    /** Sample events are named after the function's folder: events/<function>-<what>.json. */
    private static final Map<String, String> FUNCTION_BY_PREFIX = Map.of(
            "ingest-api-", "IngestApiFunction", "evaluate-", "EvaluateFunction",
            "render-", "RenderFunction", "deliver-", "DeliverFunction", "import-csv-", "ImportCsvFunction",
            "feedback-api-", "FeedbackApiFunction", "scheduler-", "SchedulerFunction",
            "ses-events-", "SesEventsFunction");

    private static final ObjectMapper EVENTS = JsonMapper.builder()
            .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false).build();

    @Test
    @SuppressWarnings("unchecked")
    void eachSampleEventRunsThroughItsHandler() throws Exception {
        Map<String, Path> events = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("events"))) {
            files.forEach(f -> events.put(f.getFileName().toString(), f));
        }
        for (String function : FUNCTION_BY_PREFIX.values()) {
            assertTrue(events.keySet().stream().anyMatch(name -> function.equals(functionOf(name))),
                    "a sample event for " + function);
        }
        try (LocalRuntime runtime = TestStack.fresh()) {
            // The render sample names version 1 of the welcome program.
            new LocalClient(runtime.baseUrl(), runtime.apiKey()).put("/v1/programs/welcome",
                    Demo.programBody(Path.of("examples/programs/welcome")));
            // The import sample announces a warehouse drop; the file must be there.
            runtime.clients().s3().putObject(b -> b.bucket(runtime.resources().ref("ImportBucket"))
                    .key("drops/accounts/sample-export.csv"), software.amazon.awssdk.core.sync.RequestBody.fromString(
                    "account_id,name\nacc-sample-drop,Sample Drop Co\n"));
            for (String name : new String[] {"ingest-api-post-accounts.json", "ingest-api-post-contacts.json",
                    "evaluate-change.json", "render-request.json", "deliver-request.json", "import-csv-s3-drop.json",
                    "feedback-api-poll-answer.json", "scheduler-tick.json", "ses-events-bounce.json"}) {
                Object handler = runtime.handler(functionOf(name));
                if (name.startsWith("scheduler-")) {
                    Map<String, Object> event = EVENTS.readValue(events.get(name).toFile(), Map.class);
                    Object result = ((RequestHandler<Map<String, Object>, Object>) handler).handleRequest(event, null);
                    assertTrue(String.valueOf(result).startsWith("runs started: 0"), String.valueOf(result));
                } else if (name.startsWith("feedback-api-")) {
                    APIGatewayProxyRequestEvent event = EVENTS.readValue(events.get(name).toFile(), APIGatewayProxyRequestEvent.class);
                    // The sample's token is a placeholder: tokens are signed with the stack's key, here this run's.
                    event.getPathParameters().put("token", sampleContactPollToken(runtime));
                    APIGatewayProxyResponseEvent response = ((RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>) handler)
                            .handleRequest(event, null);
                    assertEquals(200, response.getStatusCode(), response.getBody());
                    assertTrue(response.getBody().contains("is recorded"), response.getBody());
                } else if (name.startsWith("ingest-api-")) {
                    APIGatewayProxyRequestEvent event = EVENTS.readValue(events.get(name).toFile(), APIGatewayProxyRequestEvent.class);
                    APIGatewayProxyResponseEvent response = ((RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>) handler)
                            .handleRequest(event, null);
                    assertEquals(200, response.getStatusCode(), response.getBody());
                    assertTrue(response.getBody().contains("\"created\":1"), response.getBody());
                } else {
                    SQSEvent event = EVENTS.readValue(events.get(name).toFile(), SQSEvent.class);
                    assertEquals(1, event.getRecords().size(), name);
                    SQSBatchResponse response = ((RequestHandler<SQSEvent, SQSBatchResponse>) handler).handleRequest(event, null);
                    assertTrue(response.getBatchItemFailures().isEmpty(), name + " ran without a failed record");
                }
            }
            assertTrue(runtime.outbox().emails().stream().anyMatch(e -> e.to().get(0).equals("sample.event@customer.example")));
            assertTrue(runtime.cairn("DeliverFunction").suppressions().recipients(List.of(new Suppressions.Check(
                    "c-sample-event", "welcome", "bounced.sample@customer.example"))).get(0).suppressed(),
                    "the sample bounce suppressed its address");
        }
    }

    /** The token of an NPS poll form on the hub page of the contact the render sample renders for. */
    private static String sampleContactPollToken(LocalRuntime runtime) {
        var cairn = runtime.cairn("FeedbackApiFunction");
        Object createdAt = cairn.entityStore().get(dev.cairn.ingest.EntitySchema.CONTACT, "c-sample-event").orElseThrow()
                .get("created_at");
        String ref = cairn.contactRefs().refOf("c-sample-event", createdAt);
        return cairn.tokenSigner().sign(dev.cairn.tracking.Token.issue(dev.cairn.tracking.Purpose.POLL, ref, "welcome",
                "contact_created", "main", "satisfaction", "nps", runtime.clock().instant()));
    }

    private static String functionOf(String eventFile) {
        return FUNCTION_BY_PREFIX.entrySet().stream().filter(e -> eventFile.startsWith(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
