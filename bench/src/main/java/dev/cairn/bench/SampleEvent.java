package dev.cairn.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Path;

/**
 * A sample event of events/ read into the class the handler takes — the input type of its
 * {@code RequestHandler<I, O>}, found the way the Lambda runtime finds it. Used by the cold-start probes, on a
 * function's own classpath.
 */
final class SampleEvent {

    private static final ObjectMapper EVENTS = JsonMapper.builder()
            .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false).build();

    private SampleEvent() {
    }

    /** Reads the event for a handler class, loading the class without initialising it. */
    static Object read(Path file, String handlerClass) throws IOException, ClassNotFoundException {
        Class<?> handler = Class.forName(handlerClass, false, SampleEvent.class.getClassLoader());
        return EVENTS.readValue(file.toFile(), inputType(handler));
    }

    private static Class<?> inputType(Class<?> handler) {
        for (Class<?> type = handler; type != null; type = type.getSuperclass()) {
            for (Type implemented : type.getGenericInterfaces()) {
                if (implemented instanceof ParameterizedType parameterized
                        && parameterized.getRawType() == RequestHandler.class
                        && parameterized.getActualTypeArguments()[0] instanceof Class<?> input) {
                    return input;
                }
            }
        }
        throw new IllegalArgumentException(handler.getName() + " does not implement RequestHandler<I, O> with a class for I");
    }

    /** The part of a handler's response that says whether the invocation worked. */
    static String describe(Object response) {
        if (response instanceof APIGatewayProxyResponseEvent api) {
            return "HTTP " + api.getStatusCode();
        }
        if (response instanceof SQSBatchResponse batch) {
            return batch.getBatchItemFailures().size() + " failed records";
        }
        return String.valueOf(response);
    }
}
