package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.Cairn;
import dev.cairn.json.Yaml;
import dev.cairn.render.ReviewArchive;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** template.yaml and the code agree: handlers exist, queues dead-letter, routes match the API and its spec. */
class TemplateTest {

    private final Template template = read();

    private static Template read() {
        try {
            return Template.read(Path.of("template.yaml"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyFunctionNamesAHandlerClassThatExistsWithBothConstructors() throws Exception {
        assertFalse(template.functions().isEmpty());
        for (Template.Function function : template.functions()) {
            Class<?> handler = Class.forName(function.handlerClass());
            assertTrue(RequestHandler.class.isAssignableFrom(handler), function.handlerClass() + " is a RequestHandler");
            handler.getConstructor();
            handler.getConstructor(Cairn.class);
        }
    }

    @Test
    void everySqsSourceReportsPartialBatchFailuresAndEveryQueueDeadLetters() {
        Set<String> consumed = new TreeSet<>();
        for (Template.Function function : template.functions()) {
            for (Template.SqsSource source : function.sqsSources()) {
                assertTrue(source.reportsBatchItemFailures(), function.logicalId() + " reports batch item failures");
                consumed.add(source.queueLogicalId());
            }
        }
        var queues = template.resourcesOfType("AWS::SQS::Queue");
        for (String queue : consumed) {
            JsonNode redrive = queues.get(queue).path("RedrivePolicy");
            assertTrue(queues.containsKey(redrive.path("deadLetterTargetArn").asText().replace(".Arn", "")),
                    queue + " has a dead-letter queue");
            assertEquals("MaxReceiveCount", redrive.path("maxReceiveCount").asText());
        }
        assertEquals(Set.of("EvaluateQueue", "RenderQueue", "DeliverQueue", "ImportQueue", "SesEventsQueue"), consumed);
    }

    /**
     * Deliver and render alone run PartiQL: the INSERT and UPDATE that DeliveryStore and EntityStore.recordReviews
     * send, on the table, and nothing else.
     */
    @Test
    void onlyDeliverAndRenderMayRunPartiQLAndOnlyTheStatementsTheySendOnTheTable() {
        Set<String> granted = new TreeSet<>();
        template.resourcesOfType("AWS::Serverless::Function").forEach((id, function) -> function.path("Policies")
                .forEach(policy -> policy.path("Statement").forEach(s -> s.path("Action").forEach(action -> {
                    if (action.asText().startsWith("dynamodb:PartiQL")) {
                        granted.add(id + " " + action.asText() + " on " + s.path("Resource").asText());
                    }
                }))));
        assertEquals(Set.of("DeliverFunction dynamodb:PartiQLInsert on CairnTable.Arn",
                "DeliverFunction dynamodb:PartiQLUpdate on CairnTable.Arn",
                "RenderFunction dynamodb:PartiQLInsert on CairnTable.Arn",
                "RenderFunction dynamodb:PartiQLUpdate on CairnTable.Arn"), granted);
    }

    /**
     * Every SQS-triggered function may change its queue's message visibility (the retry back-off), and the default
     * back-off stays under each queue's visibility timeout.
     */
    @Test
    void everySqsFunctionMayDelayItsFailedRecordsByLessThanTheVisibilityTimeout() {
        var queues = template.resourcesOfType("AWS::SQS::Queue");
        var functions = template.resourcesOfType("AWS::Serverless::Function");
        dev.cairn.lambda.RetryBackoff backoff = dev.cairn.lambda.RetryBackoff.parse(
                template.parameterDefault("RetryBackoffSeconds"), "RetryBackoffSeconds");
        for (Template.Function function : template.functions()) {
            assertEquals("RetryBackoffSeconds", function.environment().get("RETRY_BACKOFF_SECONDS").asText(), function.logicalId());
            for (Template.SqsSource source : function.sqsSources()) {
                Set<String> allowed = new TreeSet<>();
                functions.get(function.logicalId()).path("Policies").forEach(policy -> policy.path("Statement").forEach(s -> {
                    if (s.path("Action").asText().equals("sqs:ChangeMessageVisibility")) {
                        allowed.add(s.path("Resource").asText());
                    }
                }));
                assertEquals(Set.of(source.queueLogicalId() + ".Arn"), allowed, function.logicalId());
                int timeout = queues.get(source.queueLogicalId()).path("VisibilityTimeout").asInt();
                for (int receive = 1; receive <= backoff.seconds().size(); receive++) {
                    assertTrue(backoff.after(receive) < timeout, source.queueLogicalId() + ": " + backoff);
                }
                // As Lambda recommends, so that a batch still running (or retried by Lambda) is not received twice.
                assertTrue(timeout >= 6 * function.timeoutSeconds(), source.queueLogicalId() + "'s VisibilityTimeout "
                        + timeout + " is under six times " + function.logicalId() + "'s Timeout " + function.timeoutSeconds());
            }
        }
    }

    /**
     * Earlier reviews are stored versions of the hub page: the bucket keeps them (the newest as many as the render
     * stage lists from), CloudFront forwards and caches on versionId alone, and may read versions.
     */
    @Test
    void hubPagesKeepTheVersionsReviewsLinkToAndCloudFrontServesThem() {
        JsonNode bucket = template.resourcesOfType("AWS::S3::Bucket").get("HubBucket");
        assertEquals("Enabled", bucket.path("VersioningConfiguration").path("Status").asText());
        JsonNode rules = bucket.path("LifecycleConfiguration").path("Rules");
        assertEquals(1, rules.size(), rules.toString());
        JsonNode rule = rules.get(0);
        assertFalse(rule.has("ExpirationInDays") || rule.has("ExpirationDate"), "the current page never expires");
        assertEquals(ReviewArchive.KEPT_VERSIONS, rule.path("NoncurrentVersionExpiration").path("NewerNoncurrentVersions").asInt(),
                "the replaced versions the render stage may list stay: " + rule);

        JsonNode behaviour = template.resourcesOfType("AWS::CloudFront::Distribution").get("HubDistribution")
                .path("DistributionConfig").path("DefaultCacheBehavior");
        assertEquals("HubCachePolicy", behaviour.path("CachePolicyId").asText());
        JsonNode forwarded = template.resourcesOfType("AWS::CloudFront::CachePolicy").get("HubCachePolicy")
                .path("CachePolicyConfig").path("ParametersInCacheKeyAndForwardedToOrigin");
        assertEquals("whitelist", forwarded.path("QueryStringsConfig").path("QueryStringBehavior").asText());
        assertEquals("[\"versionId\"]", forwarded.path("QueryStringsConfig").path("QueryStrings").toString());
        assertEquals("none", forwarded.path("HeadersConfig").path("HeaderBehavior").asText());
        assertEquals("none", forwarded.path("CookiesConfig").path("CookieBehavior").asText());

        JsonNode statements = template.resourcesOfType("AWS::S3::BucketPolicy").get("HubBucketPolicy")
                .path("PolicyDocument").path("Statement");
        JsonNode cloudFront = null;
        for (JsonNode statement : statements) {
            if (statement.path("Principal").path("Service").asText().equals("cloudfront.amazonaws.com")) {
                cloudFront = statement;
            }
        }
        assertTrue(cloudFront != null, statements.toString());
        assertEquals("[\"s3:GetObject\",\"s3:GetObjectVersion\"]", cloudFront.path("Action").toString(),
                "reads only, of the page and its versions");
    }

    /** Deliver's concurrency cap and its per-environment share of the send rate come from the same parameters. */
    @Test
    void deliverHoldsToMaxSendRateWithTheConcurrencyItsRateIsSharedBy() {
        JsonNode deliver = template.resourcesOfType("AWS::Serverless::Function").get("DeliverFunction");
        JsonNode source = deliver.path("Events").path("Deliveries").path("Properties");
        assertEquals("DeliverConcurrency", source.path("ScalingConfig").path("MaximumConcurrency").asText());
        JsonNode env = deliver.path("Environment").path("Variables");
        assertEquals("DeliverConcurrency", env.path("DELIVER_CONCURRENCY").asText());
        assertEquals("MaxSendRate", env.path("MAX_SEND_RATE").asText());
        assertEquals("MaxReceiveCount", env.path("MAX_RECEIVE_COUNT").asText(), "the last attempt counts as failed");
        assertEquals("EmailConfigurationSet", env.path("CONFIGURATION_SET").asText());
    }

    /** Each API of the template: its routes, its router's, and its spec's are the same set. */
    @Test
    void apiRoutesOfTheTemplateTheHandlerAndTheOpenApiSpecAreTheSameSet() throws Exception {
        java.util.Map<String, Set<String>> inTemplate = new java.util.TreeMap<>();
        template.functions().forEach(f -> f.routes().forEach(r ->
                inTemplate.computeIfAbsent(r.apiId(), api -> new TreeSet<>()).add(r.method() + " " + r.path())));
        assertEquals(Set.of("CairnApi", "FeedbackApi"), inTemplate.keySet());
        // Building the APIs makes no AWS call: clients are created on first use.
        Cairn offline = new Cairn(dev.cairn.config.CairnConfig.from(java.util.Map.of("TABLE_NAME", "t",
                "EVALUATE_QUEUE_URL", "q", "HUB_BUCKET", "b", "IMPORT_BUCKET", "i", "IMPORT_QUEUE_URL", "iq",
                "TOKEN_SIGNING_KEY", "k".repeat(32))), new dev.cairn.aws.AwsClients(java.util.List.of()),
                java.time.Clock.systemUTC());
        sameRoutes("CairnApi", inTemplate.get("CairnApi"), offline.api().routes(), "docs/openapi.yaml");
        sameRoutes("FeedbackApi", inTemplate.get("FeedbackApi"), offline.feedbackApi().routes(), "docs/openapi-public.yaml");
    }

    private static void sameRoutes(String api, Set<String> inTemplate, java.util.List<String> handlerRoutes,
                                   String specFile) throws java.io.IOException {
        Set<String> inHandler = new TreeSet<>(handlerRoutes);
        Set<String> inSpec = new TreeSet<>();
        JsonNode spec = Yaml.MAPPER.readTree(Path.of(specFile).toFile());
        spec.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (Set.of("get", "put", "post", "delete", "patch").contains(method)) {
                inSpec.add(method.toUpperCase() + " " + path.getKey());
            }
        }));
        assertEquals(inHandler, inTemplate, "template.yaml routes of " + api + " vs handler routes");
        assertEquals(inHandler, inSpec, specFile + " routes vs handler routes");
    }

    @Test
    void theDataApiRequiresTheKeyAndOnlyTheFeedbackApiIsPublic() {
        for (Template.Function function : template.functions()) {
            for (Template.Route route : function.routes()) {
                assertEquals(!route.apiId().equals("FeedbackApi"), route.apiKeyRequired(),
                        route.method() + " " + route.path() + " of " + route.apiId());
            }
        }
    }

    @Test
    void noPathLevelHasTwoDifferentlyNamedVariablesWhichApiGatewayRefusesToDeploy() {
        java.util.Map<String, String> variableAt = new java.util.HashMap<>();
        for (Template.Function function : template.functions()) {
            for (Template.Route route : function.routes()) {
                String[] parts = route.path().split("/");
                for (int i = 0; i < parts.length; i++) {
                    if (parts[i].startsWith("{")) {
                        String parent = String.join("/", java.util.Arrays.copyOfRange(parts, 0, i));
                        String earlier = variableAt.putIfAbsent(parent, parts[i]);
                        assertTrue(earlier == null || earlier.equals(parts[i]),
                                parent + "/ has both " + earlier + " and " + parts[i]);
                    }
                }
            }
        }
    }
}
