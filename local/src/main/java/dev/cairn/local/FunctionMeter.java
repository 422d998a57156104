package dev.cairn.local;

import dev.cairn.aws.RequestCounter;
import dev.cairn.store.Keys;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
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
     * as one unit.
     */
    public record Usage(long invocations, long records, long handlerNanos, long handlerCpuNanos, long onTheWireNanos,
                        Map<Units, Double> dynamoDbUnits) {

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
            return new Usage(invocations - before.invocations, records - before.records,
                    handlerNanos - before.handlerNanos, handlerCpuNanos - before.handlerCpuNanos,
                    onTheWireNanos - before.onTheWireNanos, units);
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
    private final LongAdder onTheWireNanos = new LongAdder();
    private final Map<Units, DoubleAdder> units = new ConcurrentHashMap<>();

    /** Runs one invocation of the handler on the calling thread, timing it. */
    <T> T invoke(int recordCount, Supplier<T> handler) {
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
        return new Usage(invocations.sum(), records.sum(), handlerNanos.sum(), handlerCpuNanos.sum(),
                onTheWireNanos.sum(), used);
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
                        long sentAt = System.nanoTime();
                        try {
                            return call.call();
                        } finally {
                            onTheWireNanos.add(System.nanoTime() - sentAt);
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
