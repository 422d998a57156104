package dev.cairn.bench;

import dev.cairn.aws.RequestCounter;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Arithmetic on {@link RequestCounter} snapshots. */
final class Requests {

    private Requests() {
    }

    /** The requests counted in {@code after} but not yet in {@code before}, without the operations that did not grow. */
    static Map<RequestCounter.Operation, Long> difference(Map<RequestCounter.Operation, Long> after,
                                                          Map<RequestCounter.Operation, Long> before) {
        Map<RequestCounter.Operation, Long> difference = new TreeMap<>();
        after.forEach((operation, count) -> {
            long grown = count - before.getOrDefault(operation, 0L);
            if (grown > 0) {
                difference.put(operation, grown);
            }
        });
        return difference;
    }

    /** Whether an operation reads only (Get, BatchGet, Query, Scan, List, Describe, Head, Receive). */
    static boolean isRead(String operation) {
        return Stream.of("Get", "BatchGet", "Query", "Scan", "List", "Describe", "Head", "Receive")
                .anyMatch(operation::startsWith);
    }

    static boolean isWrite(RequestCounter.Operation operation) {
        return !isRead(operation.operation());
    }
}
