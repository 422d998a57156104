package dev.cairn.aws;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the requests SDK clients (and {@link SignedHttp}) send, per service and operation. Every HTTP attempt counts, retries included,
 * because AWS bills each one. Cheap enough for production: one map lookup and one {@link LongAdder} increment per
 * attempt.
 */
public final class RequestCounter implements ExecutionInterceptor {

    /** A service as the SDK names it ({@code DynamoDb}, {@code Sqs}, {@code S3}, {@code SesV2}) and one of its operations. */
    public record Operation(String service, String operation) implements Comparable<Operation> {
        @Override
        public int compareTo(Operation other) {
            int byService = service.compareTo(other.service);
            return byService != 0 ? byService : operation.compareTo(other.operation);
        }

        @Override
        public String toString() {
            return service + "." + operation;
        }
    }

    private final ConcurrentHashMap<Operation, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        count(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    /** Counts one attempt of a request sent without an SDK client ({@link SignedHttp}'s). */
    public void count(String service, String operation) {
        counts.computeIfAbsent(new Operation(service, operation), key -> new LongAdder()).increment();
    }

    /** The requests counted so far, sorted by service and operation. */
    public Map<Operation, Long> snapshot() {
        Map<Operation, Long> snapshot = new TreeMap<>();
        counts.forEach((operation, count) -> snapshot.put(operation, count.sum()));
        return snapshot;
    }
}
