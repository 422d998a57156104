package dev.cairn.local;

import dev.cairn.aws.RequestCounter;
import dev.cairn.store.Keys;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementError;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementErrorCodeEnum;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * What one function of the local runtime used, for the benchmarks: its invocations and records, the wall and CPU
 * time of its handler, how much of that wall time its requests spent on the wire (waiting for the emulator),
 * and the DynamoDB units its requests were billed, from the sizes of the items they wrote and read. It sits in the
 * function's own SDK clients and HTTP client, as {@link RequestCounter} does, so it sees every request the handler
 * makes and none of the runtime's own.
 */
public final class FunctionMeter implements ExecutionInterceptor {

    /**
     * Totals since the runtime started. DynamoDB units as billed on demand: a write one unit per started KB of the
     * item, two in a transaction, plus one per KB for each global secondary index whose key it carries; a read one
     * unit per started 4 KB, half when eventually consistent, a key not found as the smallest read. An update is
     * sized by its key and the values it sets (the rest of the item is not in the request: a lower bound), a delete
     * as one unit. A PartiQL BatchExecuteStatement's writes are billed statement by statement as single writes.
     */
    public record Usage(long invocations, long records, long handlerNanos, long handlerCpuNanos,
                        Map<String, Wire> onTheWireByService, Map<Units, Double> dynamoDbUnits) {

        /** How long the handler had a request in flight, requests sent side by side counted once. */
        public long onTheWireNanos() {
            return (long) onTheWireByService.values().stream().mapToDouble(Wire::exclusiveNanos).sum();
        }

        public double dynamoDbWriteUnits() {
            return dynamoDbUnits(true);
        }

        public double dynamoDbReadUnits() {
            return dynamoDbUnits(false);
        }

        private double dynamoDbUnits(boolean writes) {
            return dynamoDbUnits.entrySet().stream().filter(e -> e.getKey().write() == writes)
                    .mapToDouble(Map.Entry::getValue).sum();
        }

        /** What was used between {@code before} and this. */
        public Usage minus(Usage before) {
            Map<Units, Double> units = new TreeMap<>(dynamoDbUnits);
            before.dynamoDbUnits.forEach((kind, used) -> units.merge(kind, -used, Double::sum));
            units.values().removeIf(used -> used == 0);
            Map<String, Wire> wire = new TreeMap<>(onTheWireByService);
            before.onTheWireByService.forEach((service, earlier) -> wire.computeIfPresent(service, (k, now) ->
                    new Wire(now.nanos() - earlier.nanos(), now.exclusiveNanos() - earlier.exclusiveNanos())));
            return new Usage(invocations - before.invocations, records - before.records,
                    handlerNanos - before.handlerNanos, handlerCpuNanos - before.handlerCpuNanos, wire, units);
        }
    }

    /**
     * A service's requests on the wire: their summed durations, and each one's exclusive share of them (its duration
     * divided among the requests in flight with it, moment by moment). Their ratio is how many of the handler's
     * requests waited at once: 1 when it sends one at a time.
     */
    public record Wire(long nanos, double exclusiveNanos) {
        /** The share of the summed waits that the handler spent waiting, given requests overlap. */
        public double exclusiveShare() {
            return nanos == 0 ? 1 : exclusiveNanos / nanos;
        }
    }

    /**
     * What DynamoDB units were spent on: writes or reads, by which operation, of which kind of item (its sort key up
     * to the first {@code #}: {@code HUB}, {@code DELIVERY}, {@code CONTACT}, ...).
     */
    public record Units(boolean write, String operation, String item) implements Comparable<Units> {
        @Override
        public int compareTo(Units other) {
            return Comparator.comparing(Units::write).reversed().thenComparing(Units::operation)
                    .thenComparing(Units::item).compare(this, other);
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** The table's global secondary indexes (template.yaml), each projecting the whole item. */
    private static final List<String> INDEX_KEYS = List.of(Keys.GSI1PK, Keys.GSI2PK);

    private final LongAdder invocations = new LongAdder();
    private final LongAdder records = new LongAdder();
    private final LongAdder handlerNanos = new LongAdder();
    private final LongAdder handlerCpuNanos = new LongAdder();
    private final Map<Units, DoubleAdder> units = new ConcurrentHashMap<>();
    /** The thread running the current invocation: one at a time per function in the local runtime. */
    private volatile Thread handlerThread;
    /** Per service: summed request durations and exclusive shares, in nanoseconds. */
    private final Map<String, double[]> wire = new TreeMap<>();
    /** Requests in flight now, the last time that changed, and the exclusive time elapsed since the start. */
    private int inFlight;
    private long lastChange;
    private double exclusiveClock;

    /** Runs one invocation of the handler on the calling thread, timing it. */
    <T> T invoke(int recordCount, Supplier<T> handler) {
        handlerThread = Thread.currentThread();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        try {
            return handler.get();
        } finally {
            handlerNanos.add(System.nanoTime() - start);
            handlerCpuNanos.add(THREADS.getCurrentThreadCpuTime() - cpuStart);
            invocations.increment();
            records.add(recordCount);
        }
    }

    public Usage usage() {
        Map<Units, Double> used = new TreeMap<>();
        units.forEach((kind, adder) -> used.put(kind, adder.sum()));
        Map<String, Wire> byService = new TreeMap<>();
        synchronized (wire) {
            wire.forEach((service, sums) -> byService.put(service, new Wire((long) sums[0], sums[1])));
        }
        return new Usage(invocations.sum(), records.sum(), handlerNanos.sum(), handlerCpuNanos.sum(), byService, used);
    }

    /**
     * {@code http}, timing each request from sending it to its answer's headers: the SDK clients' and the signed
     * requests' ({@code S3Bucket}, {@code Mailer}) alike, since all go through the function's HTTP client.
     */
    SdkHttpClient timing(SdkHttpClient http) {
        return new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                ExecutableHttpRequest call = http.prepareRequest(request);
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() throws IOException {
                        // A request the handler hands to a thread of its own (render's page puts): its CPU counts too.
                        boolean helperThread = Thread.currentThread() != handlerThread;
                        long cpuStart = helperThread ? THREADS.getCurrentThreadCpuTime() : 0;
                        long sentAt = System.nanoTime();
                        double exclusiveAtStart = sent(sentAt);
                        try {
                            return call.call();
                        } finally {
                            long answeredAt = System.nanoTime();
                            answered(service(request.httpRequest()), answeredAt - sentAt, exclusiveAtStart, answeredAt);
                            if (helperThread) {
                                handlerCpuNanos.add(THREADS.getCurrentThreadCpuTime() - cpuStart);
                            }
                        }
                    }

                    @Override
                    public void abort() {
                        call.abort();
                    }
                };
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

    /** A request leaves: returns the exclusive clock at that moment. */
    private double sent(long now) {
        synchronized (wire) {
            tick(now);
            inFlight++;
            return exclusiveClock;
        }
    }

    /** Its answer arrives: its exclusive share is what the clock moved while it was in flight. */
    private void answered(String service, long nanos, double exclusiveAtStart, long now) {
        synchronized (wire) {
            tick(now);
            inFlight--;
            double[] sums = wire.computeIfAbsent(service, k -> new double[2]);
            sums[0] += nanos;
            sums[1] += exclusiveClock - exclusiveAtStart;
        }
    }

    /** The exclusive clock runs at 1/n of real time while n requests are in flight. */
    private void tick(long now) {
        if (inFlight > 0) {
            exclusiveClock += (double) (now - lastChange) / inFlight;
        }
        lastChange = now;
    }

    /** The service a request goes to, by the names RequestCounter uses: the endpoint is the same for all locally. */
    private static String service(SdkHttpRequest request) {
        String target = request.firstMatchingHeader("X-Amz-Target").orElse("");
        if (target.startsWith("DynamoDB")) {
            return "DynamoDb";
        } else if (target.startsWith("AmazonSQS")) {
            return "Sqs";
        } else if (request.encodedPath().startsWith("/v2/email")) {
            return "SesV2";
        }
        return "S3";
    }

    /** DynamoDB bills items by size, not requests: the units each successful request was billed. */
    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        SdkResponse response = context.response();
        if (request instanceof BatchWriteItemRequest batch) {
            batch.requestItems().values().forEach(writes -> writes.forEach(write -> {
                if (write.putRequest() != null) {
                    add(true, "BatchWriteItem", write.putRequest().item(), put(write.putRequest().item(), 1));
                } else {
                    add(true, "BatchWriteItem", write.deleteRequest().key(), 1);
                }
            }));
        } else if (request instanceof PutItemRequest put) {
            add(true, "PutItem", put.item(), put(put.item(), 1));
        } else if (request instanceof UpdateItemRequest update) {
            add(true, "UpdateItem", update.key(), ItemSize.writeUnits(ItemSize.of(update.key())
                    + ItemSize.of(update.expressionAttributeValues())));
        } else if (request instanceof DeleteItemRequest delete) {
            add(true, "DeleteItem", delete.key(), 1);
        } else if (request instanceof TransactWriteItemsRequest transaction) {
            for (TransactWriteItem item : transaction.transactItems()) {
                if (item.put() != null) {
                    add(true, "TransactWriteItems put", item.put().item(), put(item.put().item(), 2));
                } else if (item.update() != null) {
                    add(true, "TransactWriteItems update", item.update().key(), 2 * ItemSize.writeUnits(
                            ItemSize.of(item.update().key()) + ItemSize.of(item.update().expressionAttributeValues())));
                } else if (item.delete() != null) {
                    // The item's size is not in the request.
                    add(true, "TransactWriteItems delete", item.delete().key(), 2);
                } else {
                    add(true, "TransactWriteItems condition", item.conditionCheck().key(), 2);
                }
            }
        } else if (request instanceof BatchExecuteStatementRequest batch && response instanceof BatchExecuteStatementResponse done) {
            for (int i = 0; i < batch.statements().size(); i++) {
                statement(batch.statements().get(i), done.responses().get(i).error());
            }
        } else if (request instanceof BatchGetItemRequest batch && response instanceof BatchGetItemResponse read) {
            batch.requestItems().forEach((table, keys) -> {
                boolean consistent = Boolean.TRUE.equals(keys.consistentRead());
                String operation = consistent ? "BatchGetItem consistent" : "BatchGetItem";
                List<Map<String, AttributeValue>> items = read.responses().getOrDefault(table, List.of());
                items.forEach(item -> add(false, operation, item, read(ItemSize.of(item), consistent)));
                // A key read and not found costs the smallest read too; a key left unprocessed costs nothing yet.
                Set<Map<String, AttributeValue>> unread = new HashSet<>(keys.keys());
                if (read.hasUnprocessedKeys() && read.unprocessedKeys().containsKey(table)) {
                    read.unprocessedKeys().get(table).keys().forEach(unread::remove);
                }
                int found = 0;
                for (Map<String, AttributeValue> item : items) {
                    // An item read with a projection may lack its key: it is still one of the keys found.
                    if (item.containsKey(Keys.PK) && item.containsKey(Keys.SK)
                            && unread.remove(Map.of(Keys.PK, item.get(Keys.PK), Keys.SK, item.get(Keys.SK)))) {
                        found++;
                    }
                }
                int notFound = unread.size() - (items.size() - found);
                unread.stream().limit(Math.max(0, notFound))
                        .forEach(key -> add(false, operation + ", not found", key, read(0, consistent)));
            });
        } else if (request instanceof TransactGetItemsRequest && response instanceof TransactGetItemsResponse read) {
            read.responses().forEach(item -> add(false, "TransactGetItems", item.item(),
                    2 * ItemSize.readUnits(ItemSize.of(item.item()))));
        } else if (request instanceof GetItemRequest get && response instanceof GetItemResponse read) {
            boolean consistent = Boolean.TRUE.equals(get.consistentRead());
            add(false, consistent ? "GetItem consistent" : "GetItem", get.key(),
                    read(read.hasItem() ? ItemSize.of(read.item()) : 0, consistent));
        } else if (request instanceof QueryRequest query && response instanceof QueryResponse read) {
            // A query is billed for the items it read together, not item by item.
            boolean consistent = Boolean.TRUE.equals(query.consistentRead());
            add(false, consistent ? "Query consistent" : "Query", read.items().isEmpty() ? Map.of() : read.items().get(0),
                    read(ItemSize.of(read.items()), consistent));
        }
    }

    /** Each {@code ?} of a statement and the attribute it stands for: {@code 'name': ?} or {@code "name" = ?}. */
    private static final Pattern PARAMETER = Pattern.compile("(?:'([^']+)'\\s*:|\"([^\"]+)\"\\s*=)\\s*\\?");

    /**
     * A PartiQL write statement of a batch, billed as the single-item write it is: an INSERT as a put of its item, an
     * UPDATE by its key and the values it sets, as {@code UpdateItem}. One that fails its condition (DuplicateItem,
     * ConditionalCheckFailed) is billed too, as DynamoDB bills a failed conditional write, by the larger of the
     * stored item (when the error carries it) and the write; one that failed otherwise (throttled) costs nothing.
     */
    private void statement(BatchStatementRequest statement, BatchStatementError error) {
        String text = statement.statement().strip();
        boolean insert = text.regionMatches(true, 0, "INSERT", 0, 6);
        if (!insert && !text.regionMatches(true, 0, "UPDATE", 0, 6)) {
            return; // Reads and deletes: Cairn sends none.
        }
        int where = insert ? text.length() : text.toUpperCase(Locale.ROOT).lastIndexOf(" WHERE ");
        Map<String, AttributeValue> written = new HashMap<>();
        Map<String, AttributeValue> key = new HashMap<>();
        Matcher parameter = PARAMETER.matcher(text);
        for (int n = 0; parameter.find() && n < statement.parameters().size(); n++) {
            String name = parameter.group(1) != null ? parameter.group(1) : parameter.group(2);
            AttributeValue value = statement.parameters().get(n);
            if (parameter.start() < where) {
                written.put(name, value);
            } else if (name.equals(Keys.PK) || name.equals(Keys.SK)) {
                key.put(name, value);
            }
        }
        written.putAll(key);
        String operation = "BatchExecuteStatement " + (insert ? "insert" : "update");
        double units = insert ? put(written, 1) : ItemSize.writeUnits(ItemSize.of(written));
        if (error == null) {
            add(true, operation, written, units);
        } else if (error.code() == BatchStatementErrorCodeEnum.DUPLICATE_ITEM
                || error.code() == BatchStatementErrorCodeEnum.CONDITIONAL_CHECK_FAILED) {
            long stored = error.hasItem() ? ItemSize.writeUnits(ItemSize.of(error.item())) : 0;
            add(true, operation + ", condition failed", written, Math.max(units, stored));
        }
    }

    private void add(boolean write, String operation, Map<String, AttributeValue> item, double spent) {
        AttributeValue sortKey = item.get(Keys.SK);
        String kind = sortKey == null || sortKey.s() == null ? "?" : sortKey.s().split("#", 2)[0];
        units.computeIfAbsent(new Units(write, operation, kind), k -> new DoubleAdder()).add(spent);
    }

    /** Units of putting an item: per KB, doubled in a transaction, plus a plain write per index that holds it. */
    private static double put(Map<String, AttributeValue> item, int perKb) {
        long units = ItemSize.writeUnits(ItemSize.of(item));
        return perKb * units + INDEX_KEYS.stream().filter(item::containsKey).count() * units;
    }

    private static double read(long bytes, boolean consistent) {
        return (consistent ? 1.0 : 0.5) * ItemSize.readUnits(bytes);
    }
}
