package dev.cairn.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.json.Json;
import java.time.Instant;

/**
 * Structured JSON log lines on standard output (Lambda's JSON log format captures them as they are). Callers
 * pass ids and counts only: never an email address, a name or any other personal value.
 */
public final class Log {

    private Log() {
    }

    public static void info(String stage, String message, Object... keyValues) {
        write("INFO", stage, message, null, keyValues);
    }

    public static void error(String stage, String message, Throwable error, Object... keyValues) {
        write("ERROR", stage, message, error, keyValues);
    }

    /** Error messages from AWS or libraries can quote an address (an SES rejection does); logs never keep one. */
    static String redact(String message) {
        return EMAIL.matcher(message).replaceAll("<email>");
    }

    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("[^\\s@<>\"',;:()\\[\\]]+@[^\\s@<>\"',;:()\\[\\]]+");

    private static void write(String level, String stage, String message, Throwable error, Object... keyValues) {
        ObjectNode line = Json.object().put("timestamp", Instant.now().toString()).put("level", level)
                .put("stage", stage).put("message", message);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            line.put(String.valueOf(keyValues[i]), value == null ? null : value.toString());
        }
        if (error != null) {
            line.put("errorType", error.getClass().getSimpleName()).put("error", redact(String.valueOf(error.getMessage())));
        }
        System.out.println(Json.write(line));
    }
}
