package dev.cairn.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.cairn.aws.AwsClients;
import dev.cairn.json.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cold-start probe, run in a fresh JVM on a function's own classpath: builds the handler through its no-argument
 * constructor (as Lambda does, from the environment), invokes it once with a sample event, prints the outcome, the
 * AWS requests it made and how long its phases took (reading the event, the constructor, the invocation; from
 * {@code main}, so without the JVM's own start) as JSON, and exits.
 *
 * <p>Arguments: handler class, sample event file.
 */
public final class HandlerProbe {

    private HandlerProbe() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Object event = SampleEvent.read(Path.of(args[1]), args[0]);
        long read = System.nanoTime();
        RequestHandler<Object, Object> handler = (RequestHandler<Object, Object>) Class.forName(args[0])
                .getConstructor().newInstance();
        long built = System.nanoTime();
        // Cairn's handlers do not read the Lambda context.
        Object response = handler.handleRequest(event, null);
        long answered = System.nanoTime();
        double cpu = Processes.cpuMillis();
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("response", SampleEvent.describe(response));
        outcome.put("phases", Map.of("main", Processes.sinceLaunch(start), "event", (read - start) / 1e6,
                "construct", (built - read) / 1e6, "invoke", (answered - built) / 1e6,
                "answered", Processes.sinceLaunch(answered), "cpu", cpu));
        outcome.put("requests", AwsClients.forEnvironment().requests().snapshot().entrySet().stream()
                .map(e -> e.getKey() + " ×" + e.getValue()).toList());
        System.out.println(Json.write(outcome));
    }
}
