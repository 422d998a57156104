package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless chromium driven over the DevTools protocol with the JDK's own WebSocket client: one page,
 * commands answered by id, and every event kept for the test to inspect.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://127\\.0\\.0\\.1:(\\d+)/\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Starts chromium with no background traffic of its own, and attaches to its first page. */
    static HeadlessChromium start() throws Exception {
        Path profile = Files.createTempDirectory("cairn-chromium");
        Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        String port = null;
        for (String line; port == null && (line = stderr.readLine()) != null; ) {
            Matcher m = DEVTOOLS.matcher(line);
            if (m.find()) {
                port = m.group(2);
            }
        }
        if (port == null) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium exited before opening its DevTools port");
        }
        // Keep draining stderr so that chromium never blocks on a full pipe.
        Thread drain = new Thread(() -> stderr.lines().forEach(l -> { }));
        drain.setDaemon(true);
        drain.start();

        HttpClient http = HttpClient.newHttpClient();
        String pageSocket = null;
        for (int attempt = 0; pageSocket == null && attempt < 50; attempt++) {
            String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode target : Json.parse(list)) {
                if (target.path("type").asText().equals("page")) {
                    pageSocket = target.path("webSocketDebuggerUrl").asText();
                }
            }
            if (pageSocket == null) {
                Thread.sleep(100);
            }
        }
        if (pageSocket == null) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium opened no page");
        }
        HeadlessChromium[] self = new HeadlessChromium[1];
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
            private final StringBuilder message = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                message.append(data);
                if (last) {
                    self[0].receive(message.toString());
                    message.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        self[0] = new HeadlessChromium(process, profile, socket);
        return self[0];
    }

    private void receive(String text) {
        try {
            JsonNode message = Json.parse(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
                if (answer != null) {
                    answer.complete(message);
                }
            } else {
                events.add(message);
            }
        } catch (IOException e) {
            throw new IllegalStateException("DevTools sent something that is not JSON: " + text, e);
        }
    }

    /** Sends a command and returns its result; a DevTools error fails the test with its message. */
    JsonNode send(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode command = Json.object().put("id", id).put("method", method);
        command.set("params", params == null ? Json.object() : params);
        socket.sendText(Json.write(command), true).get(10, TimeUnit.SECONDS);
        JsonNode response = answer.get(30, TimeUnit.SECONDS);
        if (response.has("error")) {
            throw new DevToolsError(method + ": " + response.get("error"));
        }
        return response.path("result");
    }

    JsonNode send(String method) throws Exception {
        return send(method, null);
    }

    /** Navigates and waits for the load event. */
    void open(String url) throws Exception {
        int seen = events.size();
        send("Page.navigate", Json.object().put("url", url));
        awaitEvent("Page.loadEventFired", seen);
    }

    void awaitEvent(String method, int after) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (int i = after; i < events.size(); i++) {
                if (events.get(i).path("method").asText().equals(method)) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no " + method + " within 20 s");
    }

    /** The value of a JavaScript expression evaluated in the page (by DevTools, not by the page's own scripts). */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = send("Runtime.evaluate", Json.object().put("expression", expression).put("returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new DevToolsError(expression + ": " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** A real click (mouse events at the link's centre), not a script calling click(). */
    void click(String selector) throws Exception {
        JsonNode box = box(selector);
        for (String type : List.of("mousePressed", "mouseReleased")) {
            send("Input.dispatchMouseEvent", Json.object().put("type", type).put("button", "left")
                    .put("clickCount", 1).put("x", box.path("x").asDouble() + box.path("width").asDouble() / 2)
                    .put("y", box.path("y").asDouble() + box.path("height").asDouble() / 2));
        }
        Thread.sleep(200); // the fragment navigation and restyle
    }

    /** The element's content box in the viewport, scrolled into view; DevTools refuses an element not rendered. */
    JsonNode box(String selector) throws Exception {
        int root = send("DOM.getDocument").path("root").path("nodeId").asInt();
        int node = send("DOM.querySelector", Json.object().put("nodeId", root).put("selector", selector))
                .path("nodeId").asInt();
        assertTrue(node != 0, "no element " + selector);
        send("DOM.scrollIntoViewIfNeeded", Json.object().put("nodeId", node));
        JsonNode quad = send("DOM.getBoxModel", Json.object().put("nodeId", node)).path("model").path("content");
        double x = quad.get(0).asDouble();
        double y = quad.get(1).asDouble();
        return Json.object().put("x", x).put("y", y).put("width", quad.get(2).asDouble() - x)
                .put("height", quad.get(5).asDouble() - y);
    }

    void screenshot(Path file) throws Exception {
        String png = send("Page.captureScreenshot", Json.object().put("format", "png").put("captureBeyondViewport", true))
                .path("data").asText();
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(png));
    }

    List<JsonNode> events() {
        return events;
    }

    @Override
    public void close() throws Exception {
        socket.abort();
        // Chromium's helper processes can outlive the browser for a moment and still write into the profile.
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        for (ProcessHandle helper : helpers) {
            helper.destroy();
            helper.onExit().get(10, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static final class DevToolsError extends Exception {
        DevToolsError(String message) {
            super(message);
        }
    }
}
