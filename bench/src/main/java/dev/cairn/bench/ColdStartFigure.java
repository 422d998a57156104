package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.Cairn;
import dev.cairn.api.ApiRequest;
import dev.cairn.api.ApiResponse;
import dev.cairn.api.ApiRouter;
import dev.cairn.aws.AwsClients;
import dev.cairn.config.CairnConfig;
import dev.cairn.ingest.ImportJob;
import dev.cairn.json.Json;
import dev.cairn.local.Resources;
import dev.cairn.local.Template;
import dev.cairn.store.Keys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Figure 5a and 5c: cold start of each function beside its floor, and SnapStart priming.
 *
 * <p>Cold start: a fresh JVM on the function's own classpath and template.yaml's environment (JAVA_TOOL_OPTIONS
 * included) builds the handler through its no-argument constructor and invokes it once with the function's sample
 * event from events/, against resources created in the emulator; timed from the process's launch to the response
 * (on the machine's monotonic clock, {@link Processes#sinceLaunch}). The floor is a fresh JVM on the same classpath
 * and flags that reads the same event, builds the same SDK client and makes the same first call. One discarded
 * warm-up pair, then {@link #ROUNDS} pairs, the handler first in every other one; medians. Before each handler run,
 * state the sample event changes is reset so that every run does the same work.
 *
 * <p>Priming: the handler is built in a fresh JVM whose org.crac registers with {@code dev.cairn.bench.simulatedcrac},
 * then a simulated checkpoint runs every registered {@code beforeCheckpoint}; the report lists the AWS requests made.
 */
final class ColdStartFigure {

    /** Alternating handler/floor pairs per function: BENCH_PAIRS, else 7. */
    static final int ROUNDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_PAIRS", "7"));
    /** BENCH_FUNCTIONS: the logical ids of the functions to measure (comma-separated), else all. */
    static final List<String> ONLY = System.getenv().getOrDefault("BENCH_FUNCTIONS", "").isBlank() ? List.of()
            : List.of(System.getenv("BENCH_FUNCTIONS").split(","));
    static final double TARGET_RATIO = 1.25;
    static final String SENDER = "cairn-bench@example.com";
    static final String HUB_BASE_URL = "https://hub.example";

    /**
     * The floor of a function: the first DynamoDB call its handler makes (read from the code), on the one SDK client
     * every function builds, DynamoDB's.
     */
    record Floor(String firstCall) {
    }

    static final Map<String, Floor> FLOORS = Map.of(
            "IngestApiFunction", new Floor("UpdateItem"),
            // evaluate lists the programs (a Query) before anything else (EvaluateService.current).
            "EvaluateFunction", new Floor("Query"),
            // render reads its contacts, with the program version, in a BatchGetItem first (RenderService.render).
            "RenderFunction", new Floor("BatchGetItem"),
            // deliver checks its recipients (contacts and suppressions) in a BatchGetItem first (DeliveryService.deliver).
            "DeliverFunction", new Floor("BatchGetItem"),
            "ImportCsvFunction", new Floor("PutItem"));

    private ColdStartFigure() {
    }

    static String measure(Path root, Template template, List<LambdaFunction> functions, Path work) throws IOException {
        if (!AwsClients.usesCustomEndpoint()) {
            return "## 5a. Cold start: not measured\n\nAWS_ENDPOINT_URL is not set; `make bench` runs it through"
                    + " scripts/with-emulator.sh.\n\n## 5c. SnapStart priming: not measured\n\n";
        }
        AwsClients clients = new AwsClients(List.of());
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        Resources resources = Resources.create(template, prefix, Map.of("SenderAddress", SENDER), clients);
        clients.ses().createEmailIdentity(b -> b.emailIdentity(SENDER));
        String table = environment(functions.get(0), resources).get(CairnConfig.TABLE_NAME);
        seed(root, functions, resources, clients);

        StringBuilder coldStart = new StringBuilder("## 5a. Cold start per function\n\n")
                .append("Fresh JVM per run on the function's own classpath, with template.yaml's environment (`JAVA_TOOL_OPTIONS=")
                .append(functions.get(0).environment().get("JAVA_TOOL_OPTIONS").asText()).append("`), against the emulator;")
                .append(" wall time from launching the process to the response, on the machine's monotonic clock (the bench")
                .append(" reads it just before the launch, the probe when the handler answers), so that neither the probe's")
                .append(" report nor the JVM's exit counts. Floor: a fresh JVM on")
                .append(" the same classpath and flags that reads the same event, builds the same SDK client (DynamoDB's) and makes the same")
                .append(" first call. 1 warm-up pair, then ").append(ROUNDS).append(" pairs, the handler first in every other one; medians.")
                .append(" Target: at most ").append(TARGET_RATIO).append("× the floor.\n\n")
                .append("| Function | handler: median (min – max) | floor: median (min – max) | handler / floor | floor's first call | handler's response and AWS requests |\n")
                .append("|---|---:|---:|---:|---|---|\n");
        StringBuilder startWork = new StringBuilder("What each run spends its time on: from launch to `main`, reading")
                .append(" the event, the handler's constructor and invocation beside the floor's client and first call, and")
                .append(" from the response to the process's exit; then the CPU time of all the process's threads until the")
                .append(" response; medians in ms of the same runs. Then one untimed run of each with `-Xlog:class+load`: the classes")
                .append(" loaded, and where the handler loaded most beyond the floor's count from the same place.\n\n")
                .append("| Function | handler: main, event, construct, invoke, exit, cpu (ms) | floor: the same, construct = client, invoke = first call (ms) | classes loaded: handler | floor | handler beyond the floor, by source |\n")
                .append("|---|---|---|---:|---:|---|\n");
        StringBuilder priming = new StringBuilder("## 5c. SnapStart priming\n\n")
                .append("The handler built through its no-argument constructor with org.crac bound to a simulated CRaC")
                .append(" (`-Dorg.crac.Core.Compat=dev.cairn.bench.simulatedcrac`), then one simulated checkpoint: every")
                .append(" registered resource's `beforeCheckpoint` runs. The priming call must be harmless: reads only.\n\n")
                .append("| Function | CRaC resources registered | AWS requests in beforeCheckpoint | writes |\n|---|---:|---|---|\n");

        for (LambdaFunction function : functions) {
            if (!ONLY.isEmpty() && !ONLY.contains(function.logicalId())) {
                continue;
            }
            try {
                measure(root, function, resources, clients, table, work, coldStart, startWork, priming);
            } catch (RuntimeException | IOException e) {
                e.printStackTrace();
                coldStart.append("| ").append(function.logicalId()).append(" | not measured: ").append(e).append(" | | | | |\n");
            }
        }
        return coldStart.append("\n").append(startWork).append("\n").append(priming).append("\n").toString();
    }

    private static void measure(Path root, LambdaFunction function, Resources resources, AwsClients clients,
                                String table, Path work, StringBuilder coldStart, StringBuilder startWork,
                                StringBuilder priming)
            throws IOException {
        Path log = work.resolve("cold-start.log");
        String probeClasses = root.resolve("bench/target/classes").toString();
        Map<String, String> env = environment(function, resources);
        String classpath = function.classpath() + java.io.File.pathSeparator + probeClasses;
        Path event = function.sampleEvent(root);
        Floor floor = FLOORS.get(function.logicalId());
        if (floor == null) {
            coldStart.append("| ").append(function.logicalId()).append(" | not measured: no floor defined in ")
                    .append("ColdStartFigure.FLOORS | | | | |\n");
            primingRow(function, classpath, env, log, priming);
            return;
        }
        List<String> handlerCommand = List.of(Processes.java(), "-cp", classpath, HandlerProbe.class.getName(),
                function.handlerClass(), event.toString());
        List<String> floorCommand = List.of(Processes.java(), "-cp", classpath, FloorProbe.class.getName(),
                function.handlerClass(), event.toString(), floor.firstCall());
        System.out.println("  " + function.logicalId() + ": 1 + " + ROUNDS + " pairs of fresh JVMs");

        List<Double> handlerMillis = new ArrayList<>();
        List<Double> floorMillis = new ArrayList<>();
        Map<String, List<Double>> handlerPhases = new LinkedHashMap<>();
        Map<String, List<Double>> floorPhases = new LinkedHashMap<>();
        String handlerOutcome = "";
        for (int round = 0; round <= ROUNDS; round++) {
            resetSampleEventState(function, event, table, clients);
            // Each goes first in every other pair, so that neither is always the one started just after the reset's
            // requests (or after the other's exit).
            boolean floorFirst = round % 2 == 1;
            Processes.Run floorRun = floorFirst ? Processes.run(floorCommand, env, log) : null;
            Processes.Run handler = Processes.run(handlerCommand, env, log);
            if (!floorFirst) {
                floorRun = Processes.run(floorCommand, env, log);
            }
            if (round > 0) {
                handlerMillis.add(responseMillis(handler));
                floorMillis.add(responseMillis(floorRun));
                addPhases(handler, handlerPhases);
                addPhases(floorRun, floorPhases);
            }
            handlerOutcome = handler.stdout();
        }
        JsonNode outcome = Json.MAPPER.readTree(lastLine(handlerOutcome));
        List<String> requests = new ArrayList<>();
        outcome.path("requests").forEach(r -> requests.add(r.asText()));
        double handlerMedian = Stats.median(handlerMillis);
        double floorMedian = Stats.median(floorMillis);
        coldStart.append(String.format("| %s | %,.0f ms (%,.0f – %,.0f) | %,.0f ms (%,.0f – %,.0f) | %.2f× | %s | %s: %s |%n",
                function.logicalId(), handlerMedian, Stats.min(handlerMillis), Stats.max(handlerMillis),
                floorMedian, Stats.min(floorMillis), Stats.max(floorMillis), handlerMedian / floorMedian,
                "DynamoDb." + floor.firstCall(),
                outcome.path("response").asText(), String.join(", ", requests)));

        // Untimed: one more run of each with class loading logged, to show what the handler loads beyond the floor.
        resetSampleEventState(function, event, table, clients);
        Map<String, Integer> handlerClasses = classesLoaded(handlerCommand, env, log, work, function.logicalId() + "-handler");
        Map<String, Integer> floorClasses = classesLoaded(floorCommand, env, log, work, function.logicalId() + "-floor");
        startWork.append(String.format("| %s | %s | %s | %,d | %,d | %s |%n", function.logicalId(),
                phases(handlerPhases), phases(floorPhases), total(handlerClasses), total(floorClasses),
                beyondFloor(handlerClasses, floorClasses)));

        primingRow(function, classpath, env, log, priming);
    }

    /** From launching the probe to the handler's (or the floor's first call's) response. */
    private static double responseMillis(Processes.Run run) throws IOException {
        return Json.MAPPER.readTree(lastLine(run.stdout())).path("phases").path("answered").asDouble();
    }

    /** The probe's phases, and the time after its answer until the process had exited ("exit"). */
    private static void addPhases(Processes.Run run, Map<String, List<Double>> phases) throws IOException {
        JsonNode reported = Json.MAPPER.readTree(lastLine(run.stdout())).path("phases");
        reported.fields().forEachRemaining(phase ->
                phases.computeIfAbsent(phase.getKey(), k -> new ArrayList<>()).add(phase.getValue().asDouble()));
        phases.computeIfAbsent("exit", k -> new ArrayList<>()).add(run.millis() - reported.path("answered").asDouble());
    }

    private static String phases(Map<String, List<Double>> phases) {
        List<String> medians = new ArrayList<>();
        for (String phase : List.of("main", "event", "construct", "invoke", "exit", "cpu")) {
            medians.add(String.format("%s %,.0f", phase, Stats.median(phases.getOrDefault(phase, List.of(Double.NaN)))));
        }
        return String.join(", ", medians);
    }

    /**
     * Runs the command once with {@code -Xlog:class+load} and counts the classes it loaded by where they came from:
     * a jar's name, a JDK module ({@code jrt:/java.base}), the JDK's class-data archive, a classes folder, or
     * classes the JVM generated (lambdas, method handles).
     */
    private static Map<String, Integer> classesLoaded(List<String> command, Map<String, String> env, Path log,
                                                      Path work, String name) throws IOException {
        Path classLog = work.resolve(name + "-classes.log");
        Files.deleteIfExists(classLog);
        List<String> logged = new ArrayList<>(command);
        logged.add(1, "-Xlog:class+load=info:file=" + classLog);
        Processes.run(logged, env, log);
        Map<String, Integer> bySource = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(classLog)) {
            int at = line.indexOf(" source: ");
            String source = at < 0 ? "generated" : sourceName(line.substring(at + " source: ".length()));
            bySource.merge(source, 1, Integer::sum);
        }
        return bySource;
    }

    private static String sourceName(String source) {
        if (source.startsWith("shared objects file")) {
            return "JDK (CDS archive)";
        }
        if (source.startsWith("jrt:/")) {
            return source;
        }
        String path = source.replaceFirst("^jar:", "").replaceFirst("!/.*$", "").replaceFirst("/$", "");
        if (!path.startsWith("file:")) {
            return "generated";
        }
        String file = path.substring(path.lastIndexOf('/') + 1);
        // A module's classes folder (the function's own classes, shared's in the reactor) is named by its module.
        return file.equals("classes") ? Path.of(path.substring("file:".length())).getParent().getParent().getFileName()
                + " (classes)" : file;
    }

    private static int total(Map<String, Integer> classes) {
        return classes.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The sources the handler loaded most classes from beyond the floor's count of the same source. */
    private static String beyondFloor(Map<String, Integer> handler, Map<String, Integer> floor) {
        return handler.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - floor.getOrDefault(e.getKey(), 0)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(6)
                .map(e -> e.getKey() + " +" + e.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Builds the handler with org.crac bound to the simulated CRaC, runs a checkpoint, and reports its requests. */
    private static void primingRow(LambdaFunction function, String classpath, Map<String, String> env, Path log,
                                   StringBuilder priming) throws IOException {
        List<String> primingCommand = List.of(Processes.java(), "-Dorg.crac.Core.Compat=dev.cairn.bench.simulatedcrac",
                "-cp", classpath, PrimingProbe.class.getName(), function.handlerClass());
        JsonNode primed = Json.MAPPER.readTree(lastLine(Processes.run(primingCommand, env, log).stdout()));
        List<String> calls = new ArrayList<>();
        List<String> writes = new ArrayList<>();
        primed.path("requestsInBeforeCheckpoint").fields().forEachRemaining(e -> {
            calls.add(e.getKey() + " ×" + e.getValue().asLong());
            if (!Requests.isRead(e.getKey().substring(e.getKey().indexOf('.') + 1))) {
                writes.add(e.getKey());
            }
        });
        priming.append("| ").append(function.logicalId()).append(" | ").append(primed.path("registeredResources").asInt())
                .append(" | ").append(calls.isEmpty() ? "none" : String.join(", ", calls)).append(" | ")
                .append(writes.isEmpty() ? "none" : String.join(", ", writes)).append(" |\n");
    }

    /** template.yaml's environment for a function, resolved against the emulator's resources. */
    private static Map<String, String> environment(LambdaFunction function, Resources resources) {
        Map<String, String> env = new LinkedHashMap<>();
        function.environment().forEach((name, value) -> {
            String resolved = resources.resolve(value);
            if (resolved != null) {
                env.put(name, resolved);
            }
        });
        if (function.environment().containsKey(CairnConfig.HUB_BASE_URL)) {
            env.put(CairnConfig.HUB_BASE_URL, HUB_BASE_URL);
        }
        return env;
    }

    /**
     * What the sample events need to do their whole job: the welcome program (version 1, which the render event
     * names), the account the ingest event posts, and the contact the evaluate, render and deliver events name.
     */
    private static void seed(Path root, List<LambdaFunction> functions, Resources resources, AwsClients clients)
            throws IOException {
        LambdaFunction api = functions.stream().filter(f -> f.logicalId().equals("IngestApiFunction")).findFirst()
                .orElseThrow(() -> new IllegalStateException("template.yaml has no IngestApiFunction"));
        ApiRouter router = new Cairn(CairnConfig.from(environment(api, resources)), clients, Clock.systemUTC()).api();
        Path welcome = root.resolve("examples/programs/" + SAMPLE_PROGRAM);
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> entries = Files.list(welcome)) {
            for (Path file : entries.sorted().toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        String program = files.remove("program.yaml");
        call(router, "PUT", "/v1/programs/{id}", Map.of("id", SAMPLE_PROGRAM),
                Json.write(Map.of("program", program, "files", files)));
        JsonNode ingestEvent = Json.MAPPER.readTree(api.sampleEvent(root).toFile());
        call(router, "POST", "/v1/accounts", Map.of(), ingestEvent.path("body").asText());
        call(router, "POST", "/v1/contacts", Map.of(), Json.write(List.of(Map.of("contact_id", "c-sample-event",
                "account_id", "acc-sample-event", "email", "sample.event@customer.example", "first_name", "Sample",
                "last_name", "Event", "role", "admin"))));
        String dropKey = sampleDrop(root, functions).key();
        clients.s3().putObject(b -> b.bucket(resources.ref("ImportBucket")).key(dropKey),
                software.amazon.awssdk.core.sync.RequestBody.fromString(SAMPLE_DROP_CSV));
    }

    /** The warehouse drop the import-csv sample event announces: one account. */
    static final String SAMPLE_DROP_CSV = "account_id,name\nacc-sample-drop,Sample Drop\n";

    private record Drop(String key, String etag) {
    }

    private static Drop sampleDrop(Path root, List<LambdaFunction> functions) throws IOException {
        LambdaFunction importCsv = functions.stream().filter(f -> f.logicalId().equals("ImportCsvFunction")).findFirst()
                .orElseThrow(() -> new IllegalStateException("template.yaml has no ImportCsvFunction"));
        return sampleDrop(Json.MAPPER.readTree(importCsv.sampleEvent(root).toFile()));
    }

    private static Drop sampleDrop(JsonNode event) throws IOException {
        // The S3 event is the SQS message's body, as the import queue receives it.
        JsonNode object = Json.MAPPER.readTree(event.path("Records").path(0).path("body").asText())
                .path("Records").path(0).path("s3").path("object");
        return new Drop(object.path("key").asText(), object.path("eTag").asText());
    }

    private static void call(ApiRouter router, String method, String resource, Map<String, String> path, String body) {
        ApiResponse response = router.handle(new ApiRequest(method, resource, path,
                Map.of("Content-Type", "application/json"), body));
        if (response.status() >= 300) {
            throw new IllegalStateException(method + " " + resource + " answered " + response.status() + ": " + response.body());
        }
    }

    /** The program the bench stores, whose trigger the evaluate event fires and which the render event names. */
    static final String SAMPLE_PROGRAM = "welcome";

    /**
     * Undoes what a previous run's sample event changed, so that every run does the whole job: the ingest event
     * creates its accounts again, the evaluate event enters its contact into the program again (and queues its
     * render), the deliver event sends again instead of finding its step already sent, and the import-csv event
     * imports its drop again instead of finding the import finished.
     */
    private static void resetSampleEventState(LambdaFunction function, Path event, String table, AwsClients clients)
            throws IOException {
        JsonNode root = Json.MAPPER.readTree(event.toFile());
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        if (function.logicalId().equals("IngestApiFunction")) {
            for (JsonNode account : Json.MAPPER.readTree(root.path("body").asText())) {
                keys.add(Map.of(Keys.PK, AttributeValue.fromS(Keys.account(account.path("account_id").asText())),
                        Keys.SK, AttributeValue.fromS(Keys.ACCOUNT_SK)));
            }
        } else if (function.logicalId().equals("EvaluateFunction")) {
            // The contact's entry into the program: without it, every run after the first would find the contact
            // already entered and queue no render.
            for (JsonNode record : root.path("Records")) {
                for (JsonNode change : Json.MAPPER.readTree(record.path("body").asText()).path("changes")) {
                    keys.add(Map.of(Keys.PK, AttributeValue.fromS(Keys.contact(change.path("id").asText())),
                            Keys.SK, AttributeValue.fromS(Keys.entry(SAMPLE_PROGRAM))));
                }
            }
        } else if (function.logicalId().equals("DeliverFunction")) {
            for (JsonNode record : root.path("Records")) {
                JsonNode body = Json.MAPPER.readTree(record.path("body").asText());
                keys.add(Map.of(Keys.PK, AttributeValue.fromS(Keys.contact(body.path("contact_id").asText())),
                        Keys.SK, AttributeValue.fromS(Keys.delivery(body.path("program_id").asText(),
                                body.path("run_id").asText(), body.path("step").asText()))));
            }
        } else if (function.logicalId().equals("ImportCsvFunction")) {
            Drop drop = sampleDrop(root);
            keys.add(Map.of(Keys.PK, AttributeValue.fromS(Keys.importRecord(ImportJob.dropImportId(drop.key(), drop.etag()))),
                    Keys.SK, AttributeValue.fromS(Keys.IMPORT_SK)));
            keys.add(Map.of(Keys.PK, AttributeValue.fromS(Keys.account("acc-sample-drop")),
                    Keys.SK, AttributeValue.fromS(Keys.ACCOUNT_SK)));
        }
        keys.forEach(key -> clients.dynamoDb().deleteItem(b -> b.tableName(table).key(key)));
    }

    /** A probe's result is its last line of output; handlers log their own JSON lines before it. */
    private static String lastLine(String stdout) {
        String[] lines = stdout.strip().split("\n");
        return lines[lines.length - 1];
    }
}
