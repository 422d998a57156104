package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.aws.RequestCounter;
import dev.cairn.json.Json;
import dev.cairn.pipeline.RenderMessage;
import dev.cairn.store.EntityStore;
import dev.cairn.store.RunStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Render messages carry up to ten contacts, so that one invocation (a batch of ten messages) renders up to a
 * hundred contacts with a few reads and writes for all of them; a message of an earlier version, with one
 * contact_id, is still rendered. A message some of whose contacts fail goes on with those alone (RenderMessages).
 */
class RenderBatchTest {

    @Test
    void tenMessagesOfTenContactsAreRenderedInOneInvocationWithAFewRequestsForAllOfThem() throws Exception {
        try (LocalRuntime runtime = TestStack.fresh()) {
            LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
            assertEquals(200, api.put("/v1/programs/batch", TriggersAndSchedulesTest.program("batch",
                    "trigger:\n  on: manual")).status());
            StringBuilder accounts = new StringBuilder("[");
            for (int a = 0; a < 5; a++) {
                accounts.append(a == 0 ? "" : ",").append("{\"account_id\":\"acc-b").append(a).append("\",\"name\":\"B")
                        .append(a).append("\"}");
            }
            assertEquals(200, api.post("/v1/accounts", accounts.append("]").toString()).status());
            StringBuilder contacts = new StringBuilder("[");
            for (int c = 0; c < 100; c++) {
                contacts.append(c == 0 ? "" : ",").append("{\"contact_id\":\"b").append(c).append("\",\"account_id\":\"acc-b")
                        .append(c % 5).append("\",\"email\":\"b").append(c).append("@customer.example\",\"first_name\":\"B")
                        .append(c).append("\"}");
            }
            assertEquals(200, api.post("/v1/contacts", contacts.append("]").toString()).status());
            runtime.drain(Duration.ofMinutes(1)); // A manual program: the changes start nothing.
            String runId = newRun(runtime);

            // One invocation as the event source mapping makes it: ten records of ten contacts each.
            String queueArn = runtime.clients().sqs().getQueueAttributes(b -> b.queueUrl(runtime.resources().ref("RenderQueue"))
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            List<SQSEvent.SQSMessage> records = new ArrayList<>();
            for (int m = 0; m < 10; m++) {
                List<String> ids = new ArrayList<>();
                for (int c = 10 * m; c < 10 * m + 10; c++) {
                    ids.add("b" + c);
                }
                SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
                record.setMessageId("m" + m);
                record.setReceiptHandle("r" + m);
                record.setEventSourceArn(queueArn);
                record.setAttributes(Map.of("ApproximateReceiveCount", "1"));
                record.setBody(new RenderMessage("batch", 1, ids, runId, "main", false).toJson());
                records.add(record);
            }
            SQSEvent event = new SQSEvent();
            event.setRecords(records);
            Map<RequestCounter.Operation, Long> before = runtime.cairn("RenderFunction").clients().requests().snapshot();
            FunctionMeter.Usage usageBefore = runtime.meter("RenderFunction").usage();

            SQSBatchResponse response = renderHandler(runtime).handleRequest(event,
                    new LocalLambdaContext("RenderFunction", 90));

            assertEquals(List.of(), response.getBatchItemFailures(), "every message done");
            Map<String, Long> render = ScheduledRunTest.difference(runtime.cairn("RenderFunction").clients().requests().snapshot(), before);
            assertEquals(100L, render.get("S3.PutObject"), "one page per contact: " + render);
            FunctionMeter.Wire puts = runtime.meter("RenderFunction").usage().minus(usageBefore).onTheWireByService().get("S3");
            assertTrue(puts.exclusiveShare() < 0.5, "the hundred pages are stored side by side, not one after another: "
                    + puts.nanos() / puts.exclusiveNanos() + " in flight on average");
            // Contacts and hub items (200 keys: two pages of 100) with the program version (a page of its own, in
            // place of a GetItem, when the handler has not read it yet), then their accounts.
            assertTrue(render.get("DynamoDb.BatchGetItem") <= 4, render.toString());
            // Hub items created (first pages, the hub item with its first review): conditional statements, 25 to a
            // BatchExecuteStatement; no transaction. Link references are sealed, not stored: nothing to write.
            assertEquals(0L, render.getOrDefault("DynamoDb.TransactWriteItems", 0L), render.toString());
            assertEquals(4L, render.get("DynamoDb.BatchExecuteStatement"), "100 hub items, 25 to a request: " + render);
            assertEquals(10L, render.get("Sqs.SendMessageBatch"), "100 emails queued ten to a call: " + render);
            assertEquals(1L, render.get("DynamoDb.UpdateItem"), "the run's counters written once: " + render);
            assertEquals(0L, render.getOrDefault("DynamoDb.GetItem", 0L), "the program version read with the contacts: " + render);

            Map<String, Integer> deadLetters = runtime.drain(Duration.ofMinutes(2));

            assertTrue(deadLetters.values().stream().allMatch(n -> n == 0), deadLetters.toString());
            Map<String, Long> emailsPerAddress = runtime.outbox().emails().stream()
                    .collect(Collectors.groupingBy(e -> e.to().get(0), Collectors.counting()));
            assertEquals(100, emailsPerAddress.size());
            assertTrue(emailsPerAddress.values().stream().allMatch(n -> n == 1), "one email per contact");
            JsonNode counters = Json.parse(api.get("/v1/runs/" + runId).body()).path("counters");
            assertEquals(Map.of("rendered", 100, "sent", 100), Map.of("rendered", counters.path("rendered").asInt(),
                    "sent", counters.path("sent").asInt()), counters.toString());

            // A message queued before messages carried several contacts: one contact_id.
            String earlierRun = newRun(runtime);
            String earlier = Json.write(Json.object().put("type", "render").put("program_id", "batch")
                    .put("program_version", 1).put("contact_id", "b7").put("run_id", earlierRun).put("step", "main")
                    .put("dry_run", false));
            runtime.clients().sqs().sendMessage(b -> b.queueUrl(runtime.resources().ref("RenderQueue")).messageBody(earlier));
            deadLetters = runtime.drain(Duration.ofMinutes(2));

            assertTrue(deadLetters.values().stream().allMatch(n -> n == 0), deadLetters.toString());
            assertEquals(101, runtime.outbox().emails().size());
            assertEquals(2, runtime.outbox().emails().stream().filter(e -> e.to().get(0).equals("b7@customer.example")).count());
            JsonNode earlierCounters = Json.parse(api.get("/v1/runs/" + earlierRun).body()).path("counters");
            assertEquals(1, earlierCounters.path("rendered").asInt(), earlierCounters.toString());
        }
    }

    @Test
    void aContactWhoseRenderFailsIsSplitOffItsMessageAndDeadLetteredAloneWhileTheOthersAreSent() throws Exception {
        try (LocalRuntime runtime = TestStack.fresh()) {
            LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
            String runId = startLoopsRun(runtime, api);
            Map<String, Integer> deadLetters = runtime.drain(Duration.ofMinutes(3));

            // The run's five contacts went in one message: l2 failed, the others were rendered and that message was
            // done; l2 went on alone in a new message, which failed on every receive and was dead-lettered.
            assertLoopsRunEnded(runtime, api, runId, deadLetters);
        }
    }

    @Test
    void aSplitThatCannotBeSentFailsItsMessageWhichIsRenderedAgainAndCountedOnce() throws Exception {
        RefuseFirstSplit refuse = new RefuseFirstSplit();
        try (LocalRuntime runtime = LocalRuntime.start(LocalRuntime.Options.defaults()
                .withPrefix("t" + java.util.UUID.randomUUID().toString().substring(0, 8))
                .withPort(0).withHttp(refuse))) {
            LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
            String runId = startLoopsRun(runtime, api);
            Map<String, Integer> deadLetters = runtime.drain(Duration.ofMinutes(3));

            // The first receive rendered four contacts but could not send l2 on alone: the message came back whole,
            // its four were rendered again (deliver sent each once) and taken off the counters once.
            assertEquals(1, refuse.refused.get(), "the first split was refused, the second sent");
            assertLoopsRunEnded(runtime, api, runId, deadLetters);
        }
    }

    /**
     * Refuses the first SendMessageBatch of delayed messages, the render stage's first split of a message, as SQS
     * refuses a request it will not take (400, not retried): the functions send through signed requests.
     */
    static final class RefuseFirstSplit implements UnaryOperator<SdkHttpClient> {
        final AtomicInteger refused = new AtomicInteger();

        @Override
        public SdkHttpClient apply(SdkHttpClient http) {
            return new SdkHttpClient() {
                @Override
                public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                    if (request.httpRequest().firstMatchingHeader("X-Amz-Target")
                            .filter("AmazonSQS.SendMessageBatch"::equals).isPresent()
                            && delayed(request) && refused.compareAndSet(0, 1)) {
                        return new ExecutableHttpRequest() {
                            @Override
                            public HttpExecuteResponse call() {
                                byte[] error = "{\"__type\":\"com.amazonaws.sqs#InvalidParameterValue\",\"message\":\"refused by the test\"}"
                                        .getBytes(StandardCharsets.UTF_8);
                                return HttpExecuteResponse.builder()
                                        .response(SdkHttpResponse.builder().statusCode(400).build())
                                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(error))).build();
                            }

                            @Override
                            public void abort() {
                            }
                        };
                    }
                    return http.prepareRequest(request);
                }

                @Override
                public String clientName() {
                    return http.clientName();
                }

                @Override
                public void close() {
                    http.close();
                }
            };
        }

        private static boolean delayed(HttpExecuteRequest request) {
            try (InputStream body = request.contentStreamProvider().orElseThrow().newStream()) {
                return new String(body.readAllBytes(), StandardCharsets.UTF_8).contains("\"DelaySeconds\"");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A manual program whose page fails for contact l2 alone, run for l0 to l4 (one message); the run's id. */
    private static String startLoopsRun(LocalRuntime runtime, LocalClient api) throws Exception {
        String program = Json.write(Json.object().put("program", "id: loops\nname: loops\ntrigger:\n  on: manual\n"
                + "page: page.liquid\nemail:\n  subject: \"Hello\"\n  html: email.liquid\n  text: email.txt\n")
                .set("files", Json.object()
                        .put("page.liquid", "{% for i in (1..contact.loops) %}.{% endfor %}")
                        .put("email.liquid", "<p><a href=\"{{ hub.url }}\">Open</a></p>").put("email.txt", "Open: {{ hub.url }}")));
        assertEquals(200, api.put("/v1/programs/loops", program).status());
        api.post("/v1/accounts", "[{\"account_id\":\"acc-l\",\"name\":\"Loops\"}]");
        StringBuilder rows = new StringBuilder("[");
        for (int c = 0; c < 5; c++) {
            // Contact l2's page loops past the iteration limit: a render error for that contact only.
            rows.append(c == 0 ? "" : ",").append("{\"contact_id\":\"l").append(c)
                    .append("\",\"account_id\":\"acc-l\",\"email\":\"l").append(c).append("@customer.example\",\"loops\":")
                    .append(c == 2 ? 5_000_000 : 3).append("}");
        }
        assertEquals(200, api.post("/v1/contacts", rows.append("]").toString()).status());
        runtime.drain(Duration.ofMinutes(1));
        // Named contacts make one audience page (without names each of these would be on its own shard's page), so
        // the five go to render in one message.
        return Json.parse(api.post("/v1/programs/loops/runs",
                "{\"contact_ids\": [\"l0\", \"l1\", \"l2\", \"l3\", \"l4\"]}").body()).path("run_id").asText();
    }

    private static void assertLoopsRunEnded(LocalRuntime runtime, LocalClient api, String runId,
                                            Map<String, Integer> deadLetters) throws Exception {
        assertEquals(1, deadLetters.get("RenderDeadLetterQueue"), deadLetters.toString());
        List<Message> dead = runtime.clients().sqs().receiveMessage(b -> b.queueUrl(runtime.resources()
                .ref("RenderDeadLetterQueue")).maxNumberOfMessages(10)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        assertEquals(1, dead.size());
        assertEquals("[\"l2\"]", Json.parse(dead.get(0).body()).path("contact_ids").toString(), "l2 alone");
        int received = Integer.parseInt(dead.get(0).attributesAsStrings().get("ApproximateReceiveCount"));
        assertTrue(received >= 5, "tried maxReceiveCount (5) times before dead-lettering, was " + received);
        Map<String, Long> sent = runtime.outbox().emails().stream()
                .collect(Collectors.groupingBy(e -> e.to().get(0), Collectors.counting()));
        assertEquals(Map.of("l0@customer.example", 1L, "l1@customer.example", 1L, "l3@customer.example", 1L,
                "l4@customer.example", 1L), sent);
        JsonNode counters = Json.parse(api.get("/v1/runs/" + runId).body()).path("counters");
        assertEquals(5, counters.path("audience").asInt(), counters.toString());
        assertEquals(4, counters.path("rendered").asInt(), "each rendered contact counted once, l2 not: " + counters);
        assertEquals(4, counters.path("sent").asInt(), counters.toString());
    }

    @Test
    void aContactInTwoRunsOfOneBatchGetsBothPagesInOrderAndTheSecondListsTheFirst() throws Exception {
        try (LocalRuntime runtime = TestStack.fresh()) {
            LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
            String program = TriggersAndSchedulesTest.program("batch", "trigger:\n  on: manual").replace("</h1>",
                    "</h1>{% for r in reviews %}<a href=\\\"{{ r.url }}\\\">{{ r.program }}</a>{% endfor %}");
            assertEquals(200, api.put("/v1/programs/batch", program).status());
            assertEquals(200, api.post("/v1/accounts", "[{\"account_id\":\"acc-two\",\"name\":\"Two Runs\"}]").status());
            assertEquals(200, api.post("/v1/contacts", "[{\"contact_id\":\"twice\",\"account_id\":\"acc-two\","
                    + "\"email\":\"twice@customer.example\"},{\"contact_id\":\"once\",\"account_id\":\"acc-two\","
                    + "\"email\":\"once@customer.example\"}]").status());
            runtime.drain(Duration.ofMinutes(1));
            String firstRun = newRun(runtime);
            String secondRun = newRun(runtime);
            SQSEvent event = new SQSEvent();
            event.setRecords(List.of(record(runtime, "m1", new RenderMessage("batch", 1, List.of("twice", "once"), firstRun,
                    "main", false)), record(runtime, "m2", new RenderMessage("batch", 1, List.of("twice"), secondRun, "main", false))));

            SQSBatchResponse response = renderHandler(runtime).handleRequest(event, new LocalLambdaContext("RenderFunction", 90));

            assertEquals(List.of(), response.getBatchItemFailures());
            EntityStore.HubItem hub = new EntityStore(runtime.clients().dynamoDb(), runtime.resources().ref("CairnTable"),
                    java.time.Clock.systemUTC()).hubItem("twice").orElseThrow();
            assertEquals(List.of(secondRun, firstRun), hub.reviews().stream().map(EntityStore.KeptReview::runId).toList(),
                    "both reviews kept, newest first");
            var versions = runtime.clients().s3().listObjectVersions(b -> b.bucket(runtime.hubBucket()).prefix(hub.key()));
            String current = versions.versions().stream().filter(v -> v.isLatest()).findFirst().orElseThrow().versionId();
            assertEquals(hub.reviews().get(0).versionId(), current, "the second run's page is the current one");
            String page = runtime.clients().s3().getObjectAsBytes(b -> b.bucket(runtime.hubBucket()).key(hub.key()))
                    .asUtf8String();
            assertTrue(page.contains("versionId=" + hub.reviews().get(1).versionId()),
                    "the second page, rendered after the first was stored, lists it as an earlier review");
        }
    }

    private static SQSEvent.SQSMessage record(LocalRuntime runtime, String id, RenderMessage message) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(id);
        record.setReceiptHandle("r-" + id);
        record.setEventSourceArn(runtime.clients().sqs().getQueueAttributes(b -> b.queueUrl(runtime.resources().ref("RenderQueue"))
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN));
        record.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        record.setBody(message.toJson());
        return record;
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<SQSEvent, SQSBatchResponse> renderHandler(LocalRuntime runtime) {
        return (RequestHandler<SQSEvent, SQSBatchResponse>) runtime.handler("RenderFunction");
    }

    private static String newRun(LocalRuntime runtime) {
        String runId = "run-batch-" + TestStack.unique("r");
        runtime.cairn("RenderFunction").runStore().create(new RunStore.Run(runId, "batch", 1, "test", false,
                runtime.clock().instant().toString(), Map.of()));
        return runId;
    }
}
