package dev.cairn.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * `make demo`: Cairn's main job on the local stack. Loads the example programs and data through the API and runs
 * the pipeline until every queue is empty: new contacts get their welcome, metric points that drop start the
 * usage-drop rescue. Then the scheduled reviews run on demand (their cron fires next quarter), and the clock moves
 * to the next day, whose sweep starts the renewal program 90 days before a renewal. Prints each email with its hub
 * page link, and writes each program's richest preview to a file. Exits non-zero if anything failed: a rejected
 * record, a dead-lettered message, a link that does not open its page, or a preview that fails.
 */
public final class Demo {

    /** The email's tracked link to the hub page, through the feedback API's redirect. */
    private static final Pattern HUB_LINK = Pattern.compile("https?://\\S+/r/[A-Za-z0-9_-]+");
    /** The day examples/data describes (metric points up to 2026-11-01, renewals in 2027): the demo runs on it. */
    static final Instant SAMPLE_DATA_DATE = Instant.parse("2026-11-22T09:00:00Z");

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        // The handlers' JSON log lines go to a file, so that the terminal shows the summary.
        PrintStream console = System.out;
        Path log = Path.of(".local", "demo.log");
        Files.createDirectories(log.getParent());
        int status;
        try (PrintStream logFile = new PrintStream(Files.newOutputStream(log), true, "UTF-8")) {
            System.setOut(logFile);
            try (LocalRuntime runtime = LocalRuntime.start(LocalRuntime.Options.defaults())) {
                status = run(runtime, Path.of("examples"), Path.of(".local", "previews"), console);
            }
            console.println("Handler logs: " + log);
        }
        System.exit(status);
    }

    public static int run(LocalRuntime runtime, Path examples, Path previews, PrintStream out) throws IOException {
        LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
        int problems = 0;
        // Ticks the schedules at once: today's sweep is done before any program exists, so none starts by chance.
        runtime.setClock(SAMPLE_DATA_DATE);
        out.println("Cairn demo — local stack at " + runtime.baseUrl() + ", clock set to " + SAMPLE_DATA_DATE
                + " (the day the sample data describes)");

        try (Stream<Path> dirs = Files.list(examples.resolve("programs"))) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                LocalClient.Response saved = api.put("/v1/programs/" + dir.getFileName(), programBody(dir));
                out.println("  program " + dir.getFileName() + ": " + saved.status() + " " + saved.body());
                problems += saved.status() == 200 ? 0 : 1;
            }
        }
        // Metric points name their contacts, which must exist first.
        for (String kind : List.of("accounts", "contacts", "metrics")) {
            LocalClient.Response report = api.post("/v1/" + kind, Files.readString(examples.resolve("data/" + kind + ".json")));
            JsonNode json = Json.parse(report.body());
            out.println("  " + kind + ": " + report.status() + " received " + json.path("received") + ", created "
                    + json.path("created") + ", updated " + json.path("updated") + ", unchanged " + json.path("unchanged")
                    + ", rejected " + json.path("rejected").size());
            problems += report.status() == 200 ? json.path("rejected").size() : 1;
        }

        problems += drain(runtime, out);

        out.println();
        out.println("Scheduled reviews, run now on demand (POST /v1/programs/{id}/runs):");
        for (JsonNode program : Json.parse(api.get("/v1/programs").body())) {
            if (program.path("trigger").asText().equals("schedule")) {
                String id = program.path("id").asText();
                LocalClient.Response run = api.post("/v1/programs/" + id + "/runs", "{}");
                out.println("  " + id + ": " + run.status() + " " + run.body());
                problems += run.status() == 202 ? 0 : 1;
            }
        }
        problems += drain(runtime, out);
        runtime.advanceClock(Duration.ofDays(1));
        out.println("  clock advanced a day, to " + runtime.clock().instant() + ": the daily sweep looks for renewals");
        problems += drain(runtime, out);

        JsonNode outbox = Json.parse(api.get("/local/outbox").body());
        out.println();
        out.println("Emails sent (" + outbox.size() + "):");
        for (JsonNode email : outbox) {
            Matcher link = HUB_LINK.matcher(email.path("text").asText());
            // Following the tracked link counts as the contact opening the page, as it would on AWS.
            String url = link.find() ? api.redirectTarget(link.group()) : null;
            int pageStatus = url == null ? 0 : api.get(url).status();
            out.println("  to " + email.path("to").get(0).asText() + " — \"" + email.path("subject").asText() + "\"");
            out.println("     hub page: " + (url == null ? "(no link!)" : url) + "  [" + (pageStatus == 200 ? "opens" : "HTTP " + pageStatus) + "]");
            problems += pageStatus == 200 ? 0 : 1;
        }
        problems += previewPrograms(api, examples, previews, out);
        out.println();
        out.println(problems == 0 ? "Demo complete: every email links to a hub page that opens, and every program"
                + " previews." : "Demo finished with " + problems + " problem(s); see above.");
        return problems == 0 ? 0 : 1;
    }

    /** Waits for every queue to empty; returns the messages dead-lettered, each a problem. */
    private static int drain(LocalRuntime runtime, PrintStream out) throws IOException {
        JsonNode drained = Json.parse(new LocalClient(runtime.baseUrl(), null).post("/local/drain", "{}").body());
        out.println("  pipeline drained; dead-letter queues: " + drained.path("deadLetterQueues"));
        int dead = 0;
        for (JsonNode depth : drained.path("deadLetterQueues")) {
            dead += depth.asInt();
        }
        return dead;
    }

    /**
     * A contact's hub page shows whichever program rendered last, so each program (but the contact_created
     * welcomes, whose pages every new contact opens) is also previewed for every example contact, and the page of
     * the contact who sees the most scenes is written to a file to open.
     */
    private static int previewPrograms(LocalClient api, Path examples, Path previews, PrintStream out)
            throws IOException {
        List<String> contacts = new ArrayList<>();
        Json.parse(Files.readString(examples.resolve("data/contacts.json"))).forEach(c -> contacts.add(c.path("contact_id").asText()));
        Files.createDirectories(previews);
        int problems = 0;
        out.println();
        out.println("Each program's richest page, previewed (nothing sent):");
        for (JsonNode program : Json.parse(api.get("/v1/programs").body())) {
            String id = program.path("id").asText();
            if (program.path("trigger").asText().equals("contact_created")) {
                continue;
            }
            JsonNode richest = null;
            for (String contact : contacts) {
                LocalClient.Response preview = api.post("/v1/programs/" + id + "/preview",
                        Json.write(Json.object().put("contact_id", contact)));
                if (preview.status() != 200) {
                    out.println("  " + id + ": preview for " + contact + " failed: " + preview.status() + " " + preview.body());
                    problems++;
                    continue;
                }
                JsonNode body = Json.parse(preview.body());
                if (richest == null || body.path("scenes").size() > richest.path("scenes").size()) {
                    richest = body;
                }
            }
            if (richest != null) {
                Path page = previews.resolve(id + ".html");
                Files.writeString(page, richest.path("page").asText());
                out.println("  " + id + " (trigger " + program.path("trigger").asText() + "): "
                        + richest.path("scenes").size() + " scenes for " + richest.path("contact_id").asText()
                        + " — " + page.toAbsolutePath().toUri());
            }
        }
        return problems;
    }

    /** The PUT /v1/programs/{id} body for a program folder: program.yaml and every other file beside it. */
    static String programBody(Path dir) throws IOException {
        ObjectNode body = Json.object().put("program", Files.readString(dir.resolve("program.yaml")));
        ObjectNode files = body.putObject("files");
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path file : entries.filter(Files::isRegularFile).sorted().toList()) {
                if (!file.getFileName().toString().equals("program.yaml")) {
                    files.put(file.getFileName().toString(), Files.readString(file));
                }
            }
        }
        return Json.write(body);
    }
}
