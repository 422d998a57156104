package dev.cairn.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Yaml;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the local runtime reads from template.yaml: tables, queues (with redrive policies), buckets, and the
 * functions with their handler, environment, SQS sources and API routes. Short-form intrinsic functions reach
 * here as their argument ({@code !Ref X} as "X", {@code !GetAtt Q.Arn} as "Q.Arn"), which is all the local
 * runtime needs to resolve them.
 */
public record Template(JsonNode root) {

    public record Function(String logicalId, String handlerClass, Map<String, JsonNode> environment,
                           List<SqsSource> sqsSources, List<Route> routes, int timeoutSeconds, java.time.Duration scheduleRate) {
    }

    public record SqsSource(String queueLogicalId, int batchSize, boolean reportsBatchItemFailures) {
    }

    /**
     * An API event: its method and path, the API it belongs to (RestApiId), and whether that API or the event
     * itself requires the API key ({@code Auth.ApiKeyRequired}, false when neither says).
     */
    public record Route(String method, String path, String apiId, boolean apiKeyRequired) {
    }

    /** An EventBridge rate expression, "rate(5 minutes)", as a duration; cron schedules are not used by Cairn. */
    static java.time.Duration rate(String expression) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)")
                .matcher(expression.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("unsupported schedule expression " + expression);
        }
        long n = Long.parseLong(m.group(1));
        return m.group(2).startsWith("minute") ? java.time.Duration.ofMinutes(n)
                : m.group(2).startsWith("hour") ? java.time.Duration.ofHours(n) : java.time.Duration.ofDays(n);
    }

    public static Template read(Path file) throws IOException {
        return new Template(Yaml.MAPPER.readTree(file.toFile()));
    }

    public Map<String, JsonNode> resourcesOfType(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("Resources").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            if (type.equals(resource.getValue().path("Type").asText())) {
                found.put(resource.getKey(), resource.getValue().path("Properties"));
            }
        }
        return found;
    }

    public String parameterDefault(String name) {
        JsonNode value = root.path("Parameters").path(name).get("Default");
        return value == null ? null : value.asText();
    }

    public boolean isParameter(String name) {
        return root.path("Parameters").has(name);
    }

    public List<Function> functions() {
        Map<String, JsonNode> globals = new LinkedHashMap<>();
        root.path("Globals").path("Function").path("Environment").path("Variables").fields()
                .forEachRemaining(e -> globals.put(e.getKey(), e.getValue()));
        List<Function> functions = new ArrayList<>();
        resourcesOfType("AWS::Serverless::Function").forEach((id, props) -> {
            Map<String, JsonNode> env = new LinkedHashMap<>(globals);
            props.path("Environment").path("Variables").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue()));
            String handler = props.path("Handler").asText();
            int methodSeparator = handler.indexOf("::");
            List<SqsSource> sqs = new ArrayList<>();
            List<Route> routes = new ArrayList<>();
            java.time.Duration[] rate = {null};
            props.path("Events").fields().forEachRemaining(event -> {
                JsonNode e = event.getValue();
                JsonNode p = e.path("Properties");
                if ("SQS".equals(e.path("Type").asText())) {
                    boolean partial = false;
                    for (JsonNode type : p.path("FunctionResponseTypes")) {
                        partial |= "ReportBatchItemFailures".equals(type.asText());
                    }
                    sqs.add(new SqsSource(p.path("Queue").asText().replace(".Arn", ""), p.path("BatchSize").asInt(10), partial));
                } else if (e.path("Type").asText().startsWith("Schedule")) {
                    rate[0] = rate(p.path("ScheduleExpression").asText());
                } else if ("Api".equals(e.path("Type").asText())) {
                    String apiId = p.path("RestApiId").asText();
                    JsonNode keyRequired = p.path("Auth").get("ApiKeyRequired");
                    if (keyRequired == null) {
                        keyRequired = root.path("Resources").path(apiId).path("Properties").path("Auth").get("ApiKeyRequired");
                    }
                    routes.add(new Route(p.path("Method").asText().toUpperCase(java.util.Locale.ROOT), p.path("Path").asText(),
                            apiId, keyRequired != null && keyRequired.asBoolean()));
                }
            });
            int timeout = props.path("Timeout").asInt(root.path("Globals").path("Function").path("Timeout").asInt(3));
            functions.add(new Function(id, methodSeparator < 0 ? handler : handler.substring(0, methodSeparator), env, sqs,
                    routes, timeout, rate[0]));
        });
        return functions;
    }
}
