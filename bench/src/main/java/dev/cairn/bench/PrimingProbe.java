package dev.cairn.bench;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.RequestCounter;
import dev.cairn.bench.simulatedcrac.Core;
import dev.cairn.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SnapStart priming check, run in a fresh JVM on a function's own classpath with
 * {@code -Dorg.crac.Core.Compat=dev.cairn.bench.simulatedcrac}: builds the handler through its no-argument
 * constructor, runs a simulated checkpoint, and prints as JSON how many CRaC resources were registered and which
 * AWS requests their {@code beforeCheckpoint} made.
 *
 * <p>Argument: handler class.
 */
public final class PrimingProbe {

    private PrimingProbe() {
    }

    public static void main(String[] args) throws Exception {
        Object handler = Class.forName(args[0]).getConstructor().newInstance();
        Map<RequestCounter.Operation, Long> beforeCheckpoint = AwsClients.forEnvironment().requests().snapshot();
        org.crac.Core.checkpointRestore();
        Map<RequestCounter.Operation, Long> afterCheckpoint = AwsClients.forEnvironment().requests().snapshot();

        Map<String, Long> primingRequests = new LinkedHashMap<>();
        afterCheckpoint.forEach((operation, count) -> {
            long during = count - beforeCheckpoint.getOrDefault(operation, 0L);
            if (during > 0) {
                primingRequests.put(operation.toString(), during);
            }
        });
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("handler", handler.getClass().getSimpleName());
        outcome.put("registeredResources", Core.registered().size());
        outcome.put("requestsAtConstruction", beforeCheckpoint.values().stream().mapToLong(Long::longValue).sum());
        outcome.put("requestsInBeforeCheckpoint", primingRequests);
        System.out.println(Json.write(outcome));
    }
}
