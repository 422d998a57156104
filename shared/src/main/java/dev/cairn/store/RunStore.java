package dev.cairn.store;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Runs of a program over an audience ({@code RUN#id / RUN}) and their counters. Every stage adds to the counters
 * with an atomic ADD, so a run's numbers add up without any stage reading another's. Inside an SQS batch
 * ({@link #openBatch}) the additions are summed in memory and written once per run when the batch ends: one
 * UpdateItem per run per batch instead of one per contact.
 */
public final class RunStore {

    private static final String COUNTER_PREFIX = "n_";

    public record Run(String id, String programId, int programVersion, String startedBy, boolean dryRun,
                      String createdAt, Map<String, Long> counters) {
    }

    private final DynamoDbClient dynamoDb;
    private final String table;

    public RunStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** Run ids that have a run record to count in; triggered sends use other ids and are not counted here. */
    public static boolean isCountedRun(String runId) {
        return runId.startsWith("run-");
    }

    /** Creates a run unless it exists (a schedule that fires twice creates one run); true if created. */
    public boolean create(Run run) {
        Map<String, AttributeValue> item = new HashMap<>(key(run.id()));
        item.put("type", AttributeValue.fromS("run"));
        item.put("run_id", AttributeValue.fromS(run.id()));
        item.put("program_id", AttributeValue.fromS(run.programId()));
        item.put("program_version", AttributeValue.fromN(Integer.toString(run.programVersion())));
        item.put("started_by", AttributeValue.fromS(run.startedBy()));
        item.put("dry_run", AttributeValue.fromBool(run.dryRun()));
        item.put("created_at", AttributeValue.fromS(run.createdAt()));
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    /** The batch open on each thread: the SQS handlers run a batch's records one after another on one thread. */
    private static final ThreadLocal<Batch> OPEN = new ThreadLocal<>();

    /**
     * Collects the counter additions made on this thread, to be written by {@link Batch#flush}, until
     * {@link Batch#close}. Every addition counts, as if written at once, whether or not its record then succeeds.
     */
    public static Batch openBatch() {
        if (OPEN.get() != null) {
            throw new IllegalStateException("a counter batch is already open on this thread");
        }
        Batch batch = new Batch();
        OPEN.set(batch);
        return batch;
    }

    /** The counters of one SQS batch, summed per run. */
    public static final class Batch implements AutoCloseable {
        private record Target(RunStore store, String runId) {
        }

        private final Map<Target, Map<String, Long>> sums = new LinkedHashMap<>();

        private Batch() {
        }

        private void add(RunStore store, String runId, Map<String, Long> deltas) {
            Map<String, Long> run = sums.computeIfAbsent(new Target(store, runId), t -> new HashMap<>());
            deltas.forEach((counter, delta) -> run.merge(counter, delta, Long::sum));
        }

        /** Writes the sums, one UpdateItem per run. */
        public void flush() {
            for (Map.Entry<Target, Map<String, Long>> entry : sums.entrySet()) {
                entry.getKey().store().write(entry.getKey().runId(), entry.getValue());
            }
            sums.clear();
        }

        @Override
        public void close() {
            OPEN.remove();
        }
    }

    /** Adds to a run's counters: at once, or when the SQS batch open on this thread is flushed. */
    public void add(String runId, Map<String, Long> deltas) {
        if (deltas.isEmpty() || !isCountedRun(runId)) {
            return;
        }
        Batch batch = OPEN.get();
        if (batch != null) {
            batch.add(this, runId, deltas);
        } else {
            write(runId, deltas);
        }
    }

    private void write(String runId, Map<String, Long> added) {
        Map<String, Long> deltas = new LinkedHashMap<>(added);
        deltas.values().removeIf(delta -> delta == 0);
        if (deltas.isEmpty()) {
            return;
        }
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder update = new StringBuilder("ADD ");
        int n = 0;
        for (Map.Entry<String, Long> delta : deltas.entrySet()) {
            names.put("#c" + n, COUNTER_PREFIX + delta.getKey());
            values.put(":v" + n, AttributeValue.fromN(Long.toString(delta.getValue())));
            update.append(n == 0 ? "" : ", ").append("#c").append(n).append(" :v").append(n);
            n++;
        }
        dynamoDb.updateItem(b -> b.tableName(table).key(key(runId)).updateExpression(update.toString())
                .expressionAttributeNames(names).expressionAttributeValues(values));
    }

    /**
     * Adds to a run's counters at once, even inside an SQS batch: the deliver stage counts "sent" right after the
     * write that marks the deliveries sent, so that only a failure between those two writes leaves them uncounted.
     */
    public void addNow(String runId, String counter, long delta) {
        if (isCountedRun(runId)) {
            write(runId, Map.of(counter, delta));
        }
    }

    public void add(String runId, String counter, long delta) {
        add(runId, Map.of(counter, delta));
    }

    public Optional<Run> get(String runId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(key(runId)).consistentRead(true)).item();
        if (item == null || !item.containsKey("program_id")) {
            return Optional.empty();
        }
        Map<String, Long> counters = new TreeMap<>();
        item.forEach((name, value) -> {
            if (name.startsWith(COUNTER_PREFIX)) {
                counters.put(name.substring(COUNTER_PREFIX.length()), new BigDecimal(value.n()).longValue());
            }
        });
        return Optional.of(new Run(runId, item.get("program_id").s(), Integer.parseInt(item.get("program_version").n()),
                item.get("started_by").s(), item.get("dry_run").bool(), item.get("created_at").s(), new LinkedHashMap<>(counters)));
    }

    private static Map<String, AttributeValue> key(String runId) {
        return Map.of(Keys.PK, AttributeValue.fromS(Keys.run(runId)), Keys.SK, AttributeValue.fromS("RUN"));
    }
}
