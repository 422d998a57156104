package dev.cairn.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * An HTTP proxy in front of the emulator for SES v2 only: it forwards every request, except the SendEmail calls
 * that its rule refuses, which it answers with SES's own error responses (429 TooManyRequestsException, 500
 * InternalFailure), so that deliver's {@code Mailer} reads real error answers off the wire. The emulator cannot
 * throttle or fail on demand, hence the proxy. As the local runtime's HTTP client wrapper
 * ({@link LocalRuntime.Options#withHttp}) it routes the functions' SES v2 requests through itself.
 */
final class SesFaultProxy implements UnaryOperator<SdkHttpClient>, AutoCloseable {

    enum Fault { NONE, THROTTLE, INTERNAL_ERROR }

    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding");

    private final URI target;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    /** Decides a SendEmail's fault from its recipient and how many times that recipient was asked for before. */
    private final BiFunction<String, Integer, Fault> rule;
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();

    SesFaultProxy(String emulatorEndpoint, BiFunction<String, Integer, Fault> rule) throws IOException {
        this.target = URI.create(emulatorEndpoint);
        this.rule = rule;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    /** SendEmail calls answered with an error so far. */
    int refused() {
        return refused.get();
    }

    @Override
    public SdkHttpClient apply(SdkHttpClient http) {
        return new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                if (!request.httpRequest().encodedPath().startsWith("/v2/email/")) {
                    return http.prepareRequest(request);
                }
                return http.prepareRequest(HttpExecuteRequest.builder().request(request.httpRequest().toBuilder()
                        .protocol("http").host("127.0.0.1").port(server.getAddress().getPort()).build())
                        .contentStreamProvider(request.contentStreamProvider().orElse(null)).build());
            }

            @Override
            public void close() {
                http.close();
            }
        };
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if ("POST".equals(exchange.getRequestMethod()) && exchange.getRequestURI().getPath().equals("/v2/email/outbound-emails")) {
                JsonNode request = Json.parse(new String(body, StandardCharsets.UTF_8));
                String to = request.path("Destination").path("ToAddresses").path(0).asText();
                int attempt = attempts.computeIfAbsent(to, a -> new AtomicInteger()).incrementAndGet();
                Fault fault = rule.apply(to, attempt);
                if (fault == Fault.THROTTLE) {
                    refuse(exchange, 429, "TooManyRequestsException", "Maximum sending rate exceeded.");
                    return;
                }
                if (fault == Fault.INTERNAL_ERROR) {
                    refuse(exchange, 500, "InternalFailure", "The request processing has failed because of an unknown error.");
                    return;
                }
            }
            forward(exchange, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void refuse(HttpExchange exchange, int status, String errorType, String message) throws IOException {
        refused.incrementAndGet();
        byte[] answer = ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
        exchange.getResponseHeaders().add("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
