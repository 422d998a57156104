package dev.cairn.config;

import java.util.Map;
import java.util.Objects;

/**
 * The settings a function reads from its environment. On AWS they come from the function's environment
 * variables declared in template.yaml; the local runtime resolves the same declarations against the emulator.
 */
public record CairnConfig(
        String tableName,
        String evaluateQueueUrl,
        String renderQueueUrl,
        String deliverQueueUrl,
        String hubBucket,
        String hubBaseUrl,
        String senderAddress,
        String importBucket,
        String importQueueUrl,
        String stage,
        String feedbackBaseUrl,
        String tokenSigningKey,
        String configurationSet,
        String maxSendRate,
        String deliverConcurrency,
        String maxReceiveCount,
        String retryBackoffSeconds) {

    public static final String TABLE_NAME = "TABLE_NAME";
    public static final String EVALUATE_QUEUE_URL = "EVALUATE_QUEUE_URL";
    public static final String RENDER_QUEUE_URL = "RENDER_QUEUE_URL";
    public static final String DELIVER_QUEUE_URL = "DELIVER_QUEUE_URL";
    public static final String HUB_BUCKET = "HUB_BUCKET";
    public static final String HUB_BASE_URL = "HUB_BASE_URL";
    public static final String SENDER_ADDRESS = "SENDER_ADDRESS";
    public static final String IMPORT_BUCKET = "IMPORT_BUCKET";
    public static final String IMPORT_QUEUE_URL = "IMPORT_QUEUE_URL";
    public static final String STAGE = "STAGE";
    /** Base URL of the public feedback API, which tracked, answer and unsubscribe links point at. */
    public static final String FEEDBACK_BASE_URL = "FEEDBACK_BASE_URL";
    /** The HMAC key of those links' tokens; from the stack's secret, never in code. */
    public static final String TOKEN_SIGNING_KEY = "TOKEN_SIGNING_KEY";

    /** The SES configuration set that deliver sends in; its event destination reports bounces and complaints. */
    public static final String CONFIGURATION_SET = "CONFIGURATION_SET";
    /** The stack's maximum SES sends per second, and how many deliver environments share it. */
    public static final String MAX_SEND_RATE = "MAX_SEND_RATE";
    public static final String DELIVER_CONCURRENCY = "DELIVER_CONCURRENCY";
    /** Receives of a queue message before it is dead-lettered: deliver counts a failure on the last one. */
    public static final String MAX_RECEIVE_COUNT = "MAX_RECEIVE_COUNT";
    /** How long a failed queue record waits before its retry, by receive: comma-separated seconds. */
    public static final String RETRY_BACKOFF_SECONDS = "RETRY_BACKOFF_SECONDS";

    public static CairnConfig fromEnvironment() {
        return from(System.getenv());
    }

    /** Missing values stay null: a function only reads the settings it is given in template.yaml. */
    public static CairnConfig from(Map<String, String> env) {
        return new CairnConfig(
                env.get(TABLE_NAME),
                env.get(EVALUATE_QUEUE_URL),
                env.get(RENDER_QUEUE_URL),
                env.get(DELIVER_QUEUE_URL),
                env.get(HUB_BUCKET),
                trimTrailingSlash(env.get(HUB_BASE_URL)),
                env.get(SENDER_ADDRESS),
                env.get(IMPORT_BUCKET),
                env.get(IMPORT_QUEUE_URL),
                Objects.requireNonNullElse(env.get(STAGE), "dev"),
                trimTrailingSlash(env.get(FEEDBACK_BASE_URL)),
                env.get(TOKEN_SIGNING_KEY),
                env.get(CONFIGURATION_SET),
                env.get(MAX_SEND_RATE),
                env.get(DELIVER_CONCURRENCY),
                env.get(MAX_RECEIVE_COUNT),
                env.get(RETRY_BACKOFF_SECONDS));
    }

    /** Fails fast, naming the variable, when a function is deployed without a setting it needs. */
    public static String require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }

    /** A setting that must be a number, named when it is not. */
    public static double requireNumber(String value, String name) {
        try {
            return Double.parseDouble(require(value, name));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment variable " + name + " is not a number: " + value);
        }
    }

    /** Never prints the signing key: a logged configuration must not give away the secret. */
    @Override
    public String toString() {
        return "CairnConfig[stage=" + stage + ", tableName=" + tableName + ", tokenSigningKey="
                + (tokenSigningKey == null ? "unset" : "(set)") + "]";
    }

    private static String trimTrailingSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
