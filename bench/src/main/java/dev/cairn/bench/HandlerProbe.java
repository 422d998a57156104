package dev.cairn.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.cairn.aws.AwsClients;
import dev.cairn.json.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cold-start probe, run in a fresh JVM on a function's own classpath: builds the handler through its no-argument
 * constructor (as Lambda does, from the environment), invokes it once with a sample event, prints the outcome and
 * the AWS requests it made as JSON, and exits.
 *
 * <p>Arguments: handler class, sample event file.
 */
public final class HandlerProbe {

    private HandlerProbe() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Object event = SampleEvent.read(Path.of(args[1]), args[0]);
        RequestHandler<Object, Object> handler = (RequestHandler<Object, Object>) Class.forName(args[0])
                .getConstructor().newInstance();
        // Cairn's handlers do not read the Lambda context.
        Object response = handler.handleRequest(event, null);
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("response", SampleEvent.describe(response));
        outcome.put("requests", AwsClients.forEnvironment().requests().snapshot().entrySet().stream()
                .map(e -> e.getKey() + " ×" + e.getValue()).toList());
        System.out.println(Json.write(outcome));
    }
}
