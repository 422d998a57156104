package dev.cairn.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cairn.Cairn;
import dev.cairn.aws.AwsClients;
import dev.cairn.aws.RequestCounter;
import dev.cairn.config.CairnConfig;
import dev.cairn.ingest.ImportJob;
import dev.cairn.json.Json;
import dev.cairn.local.Resources;
import dev.cairn.local.Template;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Figure 2: CSV rows per second per core for parse + validate + map, beside a bare Jackson parse of the same file in
 * the same process; and the AWS requests of the bulk import path per 1,000 rows, counted against the emulator.
 */
final class IngestFigure {

    static final int THROUGHPUT_ROWS = 20_000;
    static final int IMPORTED_CONTACTS = 5_000;
    static final double WARM_UP_SECONDS = 5;
    static final int ROUNDS = 10;
    static final double ROUND_SECONDS = 1;
    static final double TARGET_RATIO = 0.5;
    static final double TARGET_WRITES_PER_1000 = 41;

    private static final TypeReference<Map<String, List<Double>>> ROUNDS_JSON = new TypeReference<>() {
    };

    private IngestFigure() {
    }

    static String measure(Path root, Template template, String lambdaJvmFlags, Path work) throws IOException {
        StringBuilder out = new StringBuilder("## 2. Ingest: CSV rows per second per core, and write requests per 1,000 rows\n\n");
        out.append(throughput(lambdaJvmFlags, work));
        out.append(importRequests(template, work));
        return out.toString();
    }

    private static String throughput(String lambdaJvmFlags, Path work) throws IOException {
        Path csv = SyntheticCustomers.contacts(work, THROUGHPUT_ROWS);
        List<String> command = new ArrayList<>(List.of(Processes.java()));
        command.addAll(List.of(lambdaJvmFlags.split(" ")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), IngestThroughput.class.getName(),
                csv.toString(), Double.toString(WARM_UP_SECONDS), Integer.toString(ROUNDS), Double.toString(ROUND_SECONDS)));
        Processes.Run run = Processes.run(Processes.onOneCore(command), Map.of(), work.resolve("ingest.log"));
        Map<String, List<Double>> rounds = Json.MAPPER.readValue(run.stdout(), ROUNDS_JSON);
        double cairn = Stats.median(rounds.get("cairn"));
        double bare = Stats.median(rounds.get("bare"));
        return new StringBuilder()
                .append("A generated contacts export of ").append(String.format("%,d", THROUGHPUT_ROWS))
                .append(" rows (mixed-case headers and aliases, quoted cells with commas and quotes, a custom attribute;")
                .append(" every row valid), held in memory and read in full passes, in one process")
                .append(Processes.TASKSET_AVAILABLE ? " pinned to one CPU" : " (taskset not found: not pinned)")
                .append(" with Lambda's JVM flags (`").append(lambdaJvmFlags).append("`). Rounds of each alternate: ")
                .append((int) WARM_UP_SECONDS).append(" s warm-up each, then ").append(ROUNDS).append(" rounds of ")
                .append((int) ROUND_SECONDS).append(" s each; medians. Target: Cairn at least ").append(TARGET_RATIO)
                .append("× the bare parse.\n\n")
                .append("| Work per row | rows/s (median) | min – max of rounds | vs bare parse |\n|---|---:|---:|---:|\n")
                .append(String.format("| Cairn: `CsvRows` (headers, aliases, cells by column) + `RecordValidator` (types, normalisation, record) | %,.0f | %,.0f – %,.0f | %.2f× |%n",
                        cairn, Stats.min(rounds.get("cairn")), Stats.max(rounds.get("cairn")), cairn / bare))
                .append(String.format("| Bare Jackson CSV parse (`CsvMapper`, each row as `String[]`) | %,.0f | %,.0f – %,.0f | 1.00× |%n%n",
                        bare, Stats.min(rounds.get("bare")), Stats.max(rounds.get("bare"))))
                .toString();
    }

    /**
     * The import-csv job run as the function runs it, on warehouse drops in the import bucket: the accounts first,
     * then the contacts, every one of them new. Requests are counted by the clients' {@link RequestCounter}.
     */
    private static String importRequests(Template template, Path work) throws IOException {
        if (!AwsClients.usesCustomEndpoint()) {
            return "DynamoDB writes per 1,000 rows: not measured (AWS_ENDPOINT_URL is not set).\n\n";
        }
        AwsClients clients = new AwsClients(List.of());
        String prefix = "bench-ingest-" + UUID.randomUUID().toString().substring(0, 8);
        Resources resources = Resources.create(template, prefix, Map.of("SenderAddress", ColdStartFigure.SENDER), clients);
        Template.Function function = template.functions().stream()
                .filter(f -> f.logicalId().equals("ImportCsvFunction")).findFirst()
                .orElseThrow(() -> new IllegalStateException("template.yaml has no ImportCsvFunction"));
        Map<String, String> env = new java.util.LinkedHashMap<>();
        function.environment().forEach((name, value) -> env.put(name, resources.resolve(value)));
        Cairn cairn = new Cairn(CairnConfig.from(env), clients, Clock.systemUTC());
        ImportJob job = cairn.importJob();
        String bucket = env.get(CairnConfig.IMPORT_BUCKET);

        ImportJob.Outcome accounts = importDrop(clients, job, bucket, "accounts",
                SyntheticCustomers.accounts(work, IMPORTED_CONTACTS));
        Map<RequestCounter.Operation, Long> before = clients.requests().snapshot();
        ImportJob.Outcome contacts = importDrop(clients, job, bucket, "contacts",
                SyntheticCustomers.contacts(work, IMPORTED_CONTACTS));
        Map<RequestCounter.Operation, Long> during = Requests.difference(clients.requests().snapshot(), before);
        long writes = during.entrySet().stream().filter(e -> e.getKey().service().equals("DynamoDb")
                && Requests.isWrite(e.getKey())).mapToLong(Map.Entry::getValue).sum();

        StringBuilder out = new StringBuilder()
                .append("Write requests of the bulk path: the import-csv job (`ImportJob`, chunks of ")
                .append(String.format("%,d", ImportJob.CHUNK_ROWS)).append(" rows through `IngestService.ingestValidated` in batches and")
                .append(" `EntityStore.upsertAll`) run on a warehouse drop of ").append(String.format("%,d", IMPORTED_CONTACTS))
                .append(" new contacts (after ").append(SyntheticCustomers.accountCount(IMPORTED_CONTACTS))
                .append(" accounts, not counted), against the emulator; every attempt counted, retries included. Outcome: accounts ")
                .append(accounts).append(", contacts ").append(contacts).append(". Target: at most ")
                .append((int) TARGET_WRITES_PER_1000).append(" DynamoDB write requests per 1,000 rows.\n\n")
                .append(String.format("**DynamoDB write requests per 1,000 rows: %.1f** (%.2f× the target of %d).%n%n",
                        writes * 1000.0 / IMPORTED_CONTACTS, writes * 1000.0 / IMPORTED_CONTACTS / TARGET_WRITES_PER_1000,
                        (int) TARGET_WRITES_PER_1000))
                .append("| Request | count | per 1,000 rows |\n|---|---:|---:|\n");
        during.forEach((operation, count) -> out.append(String.format("| %s | %,d | %.1f |%n", operation, count,
                count * 1000.0 / IMPORTED_CONTACTS)));
        return out.append('\n').toString();
    }

    private static ImportJob.Outcome importDrop(AwsClients clients, ImportJob job, String bucket, String kind, Path csv) {
        String key = "drops/" + kind + "/" + csv.getFileName();
        String etag = clients.s3().putObject(b -> b.bucket(bucket).key(key), csv).eTag().replace("\"", "");
        String s3Event = Json.write(Map.of("Records", List.of(Map.of("s3", Map.of("object", Map.of("key", key, "eTag", etag))))));
        return job.handle(s3Event, () -> false);
    }
}
