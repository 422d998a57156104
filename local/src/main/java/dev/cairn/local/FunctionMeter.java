package dev.cairn.local;

import dev.cairn.aws.RequestCounter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
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
                        double dynamoDbWriteUnits, double dynamoDbReadUnits) {

        /** What was used between {@code before} and this. */
        public Usage minus(Usage before) {
            return new Usage(invocations - before.invocations, records - before.records,
                    handlerNanos - before.handlerNanos, handlerCpuNanos - before.handlerCpuNanos,
                    onTheWireNanos - before.onTheWireNanos, dynamoDbWriteUnits - before.dynamoDbWriteUnits,
                    dynamoDbReadUnits - before.dynamoDbReadUnits);
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** The table's global secondary indexes (template.yaml), each projecting the whole item. */
    private static final List<String> INDEX_KEYS = List.of("GSI1PK", "GSI2PK");

    private final LongAdder invocations = new LongAdder();
    private final LongAdder records = new LongAdder();
    private final LongAdder handlerNanos = new LongAdder();
    private final LongAdder handlerCpuNanos = new LongAdder();
    private final LongAdder onTheWireNanos = new LongAdder();
    private final DoubleAdder writeUnits = new DoubleAdder();
    private final DoubleAdder readUnits = new DoubleAdder();

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
        return new Usage(invocations.sum(), records.sum(), handlerNanos.sum(), handlerCpuNanos.sum(),
                onTheWireNanos.sum(), writeUnits.sum(), readUnits.sum());
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
            batch.requestItems().values().forEach(writes -> writes.forEach(write -> writeUnits.add(
                    write.putRequest() != null ? put(write.putRequest().item(), 1) : 1)));
        } else if (request instanceof PutItemRequest put) {
            writeUnits.add(put(put.item(), 1));
        } else if (request instanceof UpdateItemRequest update) {
            writeUnits.add(ItemSize.writeUnits(ItemSize.of(update.key()) + ItemSize.of(update.expressionAttributeValues())));
        } else if (request instanceof DeleteItemRequest) {
            writeUnits.add(1);
        } else if (request instanceof TransactWriteItemsRequest transaction) {
            for (TransactWriteItem item : transaction.transactItems()) {
                if (item.put() != null) {
                    writeUnits.add(put(item.put().item(), 2));
                } else if (item.update() != null) {
                    writeUnits.add(2 * ItemSize.writeUnits(ItemSize.of(item.update().key())
                            + ItemSize.of(item.update().expressionAttributeValues())));
                } else {
                    writeUnits.add(2); // A delete or a condition check: the item's size is not in the request.
                }
            }
        } else if (request instanceof BatchGetItemRequest batch && response instanceof BatchGetItemResponse read) {
            batch.requestItems().forEach((table, keys) -> {
                boolean consistent = Boolean.TRUE.equals(keys.consistentRead());
                List<Map<String, AttributeValue>> items = read.responses().getOrDefault(table, List.of());
                items.forEach(item -> readUnits.add(read(ItemSize.of(item), consistent)));
                // A key read and not found costs the smallest read too; a key left unprocessed costs nothing yet.
                int unprocessed = read.hasUnprocessedKeys() && read.unprocessedKeys().containsKey(table)
                        ? read.unprocessedKeys().get(table).keys().size() : 0;
                readUnits.add(Math.max(0, keys.keys().size() - unprocessed - items.size()) * read(0, consistent));
            });
        } else if (request instanceof TransactGetItemsRequest && response instanceof TransactGetItemsResponse read) {
            read.responses().forEach(item -> readUnits.add(2 * ItemSize.readUnits(ItemSize.of(item.item()))));
        } else if (request instanceof GetItemRequest get && response instanceof GetItemResponse read) {
            readUnits.add(read(read.hasItem() ? ItemSize.of(read.item()) : 0, Boolean.TRUE.equals(get.consistentRead())));
        } else if (request instanceof QueryRequest query && response instanceof QueryResponse read) {
            // A query is billed for the items it read together, not item by item.
            readUnits.add(read(ItemSize.of(read.items()), Boolean.TRUE.equals(query.consistentRead())));
        }
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
