package dev.cairn.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The local runtime's HTTP side on 127.0.0.1: every API of the template (as API Gateway proxy events, with the
 * API key checked as API Gateway would, on the routes whose API requires it), hub pages from the bucket under
 * /hub/, and the fixed /local/ endpoints.
 */
final class LocalHttpServer {

    /** API Gateway's own payload limit. */
    private static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    private final LocalRuntime runtime;
    private final HttpServer server;

    LocalHttpServer(LocalRuntime runtime, int port) throws IOException {
        this.runtime = runtime;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "local-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
    }

    int port() {
        return server.getAddress().getPort();
    }

    void start() {
        server.start();
    }

    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            if (path.startsWith("/local/")) {
                local(exchange, method, path);
            } else if (path.startsWith("/hub/") && method.equals("GET")) {
                hubPage(exchange, path.substring("/hub/".length()));
            } else {
                api(exchange, method, path);
            }
        } catch (RuntimeException | Error e) {
            // As API Gateway answers a crashed function: a 502 with a JSON error, never a dropped connection.
            dev.cairn.lambda.Log.error("local", "request failed in the local runtime", e);
            send(exchange, 502, "application/json", Json.write(Json.object().put("code", "local_runtime_error")
                    .put("message", e.getClass().getSimpleName() + ": " + e.getMessage())));
        }
    }

    private void local(HttpExchange exchange, String method, String path) throws IOException {
        switch (method + " " + path) {
            case "GET /local/health" -> sendJson(exchange, 200, Json.object().put("status", "ready"));
            case "GET /local/outbox" -> send(exchange, 200, "application/json", runtime.outbox().toJson());
            case "POST /local/drain" -> {
                var result = Json.object().put("drained", true);
                var dlq = result.putObject("deadLetterQueues");
                runtime.drain(Duration.ofMinutes(5)).forEach(dlq::put);
                sendJson(exchange, 200, result);
            }
            case "GET /local/clock" -> sendJson(exchange, 200, Json.object().put("now", runtime.clock().instant().toString()));
            case "POST /local/clock" -> setClock(exchange);
            default -> sendJson(exchange, 404, error("not_found", "no local endpoint " + method + " " + path));
        }
    }

    private void setClock(HttpExchange exchange) throws IOException {
        try {
            JsonNode body = Json.parse(new String(readBody(exchange), StandardCharsets.UTF_8));
            if (body.hasNonNull("set")) {
                runtime.setClock(Instant.parse(body.get("set").asText()));
            } else if (body.hasNonNull("advance")) {
                runtime.advanceClock(Duration.parse(body.get("advance").asText()));
            } else {
                sendJson(exchange, 400, error("invalid_body", "send {\"set\": \"<ISO instant>\"} or {\"advance\": \"<ISO duration>\"}"));
                return;
            }
            sendJson(exchange, 200, Json.object().put("now", runtime.clock().instant().toString()));
        } catch (IOException | DateTimeParseException e) {
            sendJson(exchange, 400, error("invalid_body", "clock: " + e.getMessage()));
        }
    }

    /** As CloudFront serves the bucket: the current page, or with {@code ?versionId=} one stored version of it. */
    private void hubPage(HttpExchange exchange, String key) throws IOException {
        String versionId = versionId(exchange.getRequestURI().getRawQuery());
        try {
            ResponseBytes<GetObjectResponse> page = runtime.clients().s3().getObjectAsBytes(b -> b.bucket(runtime.hubBucket())
                    .key(key).versionId(versionId));
            exchange.getResponseHeaders().set("X-Robots-Tag", "noindex, nofollow");
            send(exchange, 200, page.response().contentType(), page.asByteArray());
        } catch (S3Exception e) {
            // A key or version that does not exist, or a version id S3 cannot read: nothing to serve.
            if (e.statusCode() != 400 && e.statusCode() != 403 && e.statusCode() != 404) {
                throw e;
            }
            send(exchange, 404, "text/plain; charset=utf-8", "Not found");
        }
    }

    /** The versionId query parameter, decoded; other parameters are not forwarded by CloudFront and are ignored. */
    private static String versionId(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        for (String parameter : rawQuery.split("&")) {
            if (parameter.startsWith("versionId=")) {
                return URLDecoder.decode(parameter.substring("versionId=".length()), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private void api(HttpExchange exchange, String method, String path) throws IOException {
        LocalRuntime.ApiRoute match = null;
        Map<String, String> pathParameters = null;
        boolean pathKnown = false;
        for (LocalRuntime.ApiRoute route : runtime.routes()) {
            Map<String, String> parameters = matchPath(route.resource(), path);
            if (parameters != null) {
                pathKnown = true;
                if (route.method().equals(method)) {
                    match = route;
                    pathParameters = parameters;
                    break;
                }
            }
        }
        if (match == null) {
            // API Gateway answers unknown routes of a key-protected API with 403 as well; 404/405 are more useful locally.
            sendJson(exchange, pathKnown ? 405 : 404, error(pathKnown ? "method_not_allowed" : "not_found",
                    "no route for " + method + " " + path));
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("x-api-key");
        if (match.apiKeyRequired() && (key == null || !key.equals(runtime.apiKey()))) {
            sendJson(exchange, 403, error("forbidden", key == null
                    ? "missing API key: send it in the x-api-key header"
                    : "invalid API key in the x-api-key header"));
            return;
        }
        byte[] body = readBody(exchange);
        if (body.length > MAX_BODY_BYTES) {
            sendJson(exchange, 413, error("body_too_large", "the body is larger than API Gateway's 10 MB limit"));
            return;
        }
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod(method).withResource(match.resource()).withPath(path)
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withHeaders(headers).withQueryStringParameters(query(exchange.getRequestURI().getRawQuery()))
                .withBody(body.length == 0 ? null : new String(body, StandardCharsets.UTF_8)).withIsBase64Encoded(false)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId(UUID.randomUUID().toString()).withStage("local"));
        APIGatewayProxyResponseEvent response;
        synchronized (match.handler()) {
            // One invocation at a time per function instance, as in a Lambda execution environment.
            LocalRuntime.ApiRoute matched = match;
            response = matched.meter().invoke(1,
                    () -> matched.handler().handleRequest(event, new LocalLambdaContext("api", matched.timeoutSeconds())));
        }
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        }
        String contentType = exchange.getResponseHeaders().getFirst("Content-Type");
        send(exchange, response.getStatusCode(), contentType == null ? "application/json" : contentType,
                response.getBody() == null ? "" : response.getBody());
    }

    /** Path parameters when {@code path} matches the template path (e.g. /v1/contacts/{id}), else null. */
    static Map<String, String> matchPath(String template, String path) {
        String[] want = template.split("/");
        String[] have = path.split("/");
        if (want.length != have.length) {
            return null;
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith("{") && want[i].endsWith("}")) {
                if (have[i].isEmpty()) {
                    return null;
                }
                parameters.put(want[i].substring(1, want[i].length() - 1), URLDecoder.decode(have[i], StandardCharsets.UTF_8));
            } else if (!want[i].equals(have[i])) {
                return null;
            }
        }
        return parameters;
    }

    private static Map<String, String> query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            parameters.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readNBytes(MAX_BODY_BYTES + 1);
        }
    }

    private static JsonNode error(String code, String message) {
        return Json.object().put("code", code).put("message", message);
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, "application/json", Json.write(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
