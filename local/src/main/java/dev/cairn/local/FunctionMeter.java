package dev.cairn.local;

import dev.cairn.aws.RequestCounter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
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
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * What one function of the local runtime used, for the benchmarks: its invocations and records, the wall and CPU
 * time of its handler, how much of that wall time its requests spent on the wire (waiting for the emulator),
 * and the DynamoDB items its requests wrote and read. It sits in the function's own SDK clients and HTTP client,
 * as {@link RequestCounter} does, so it sees every request the handler makes and none of the runtime's own.
 */
public final class FunctionMeter implements ExecutionInterceptor {

    /** Totals since the runtime started. */
    public record Usage(long invocations, long records, long handlerNanos, long handlerCpuNanos, long onTheWireNanos,
                        long dynamoDbItemsWritten, long dynamoDbItemsRead, long dynamoDbTransactionalItems) {
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final LongAdder invocations = new LongAdder();
    private final LongAdder records = new LongAdder();
    private final LongAdder handlerNanos = new LongAdder();
    private final LongAdder handlerCpuNanos = new LongAdder();
    private final LongAdder onTheWireNanos = new LongAdder();
    private final LongAdder itemsWritten = new LongAdder();
    private final LongAdder itemsRead = new LongAdder();
    private final LongAdder transactionalItems = new LongAdder();

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
                onTheWireNanos.sum(), itemsWritten.sum(), itemsRead.sum(), transactionalItems.sum());
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

    /** DynamoDB bills items (by size), not requests: counts the items each successful request wrote or read. */
    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        SdkResponse response = context.response();
        if (request instanceof BatchWriteItemRequest batch) {
            itemsWritten.add(batch.requestItems().values().stream().mapToLong(List::size).sum());
        } else if (request instanceof BatchGetItemRequest batch) {
            itemsRead.add(batch.requestItems().values().stream().mapToLong(k -> k.keys().size()).sum());
        } else if (request instanceof TransactWriteItemsRequest transaction) {
            transactionalItems.add(transaction.transactItems().size());
        } else if (request instanceof TransactGetItemsRequest transaction) {
            transactionalItems.add(transaction.transactItems().size());
        } else if (response instanceof GetItemResponse get) {
            itemsRead.add(get.hasItem() ? 1 : 0);
        } else if (response instanceof QueryResponse query) {
            itemsRead.add(query.count());
        } else if (request instanceof PutItemRequest || request instanceof UpdateItemRequest
                || request instanceof DeleteItemRequest) {
            itemsWritten.increment();
        }
    }
}
