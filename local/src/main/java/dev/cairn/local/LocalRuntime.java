package dev.cairn.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.cairn.Cairn;
import dev.cairn.aws.AwsClients;
import dev.cairn.config.CairnConfig;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Cairn on an AWS emulator: template.yaml's resources created in the emulator that AWS_ENDPOINT_URL names, the
 * same handler classes Lambda runs invoked as API Gateway and SQS event sources would invoke them, one clock for
 * all of them, and the local endpoints that tests and the demo use. See docs/operations.md.
 */
public final class LocalRuntime implements AutoCloseable {

    /**
     * How the local runtime is started; {@link #defaults()} is what `make run` uses. {@code interceptors} join
     * every function's SDK clients, and {@code http} wraps every function's HTTP client, which also carries the
     * requests they sign themselves (tests put faults between a handler and the emulator with them).
     * {@code retryBackoffSeconds} is the template's RetryBackoffSeconds locally: the handlers set a failed record's
     * visibility to it, as on AWS, in seconds rather than tens of seconds. {@code crashRetrySeconds} is when a batch
     * whose handler threw comes back (on AWS: the queue's visibility timeout).
     */
    public record Options(Path template, String prefix, int port, String apiKey, String senderAddress,
                          int crashRetrySeconds, String retryBackoffSeconds, String maxSendRate,
                          List<ExecutionInterceptor> interceptors, UnaryOperator<SdkHttpClient> http) {

        public static Options defaults() {
            return new Options(Path.of("template.yaml"), "cairn-local",
                    Integer.parseInt(env("CAIRN_LOCAL_PORT", "3000")), env("CAIRN_API_KEY", "local-dev-key"),
                    env("CAIRN_SENDER", "cairn@example.com"), 1, "1,2,4", env("CAIRN_MAX_SEND_RATE", "1000"), List.of(),
                    UnaryOperator.identity());
        }

        public Options withPrefix(String newPrefix) {
            return new Options(template, newPrefix, port, apiKey, senderAddress, crashRetrySeconds, retryBackoffSeconds,
                    maxSendRate, interceptors, http);
        }

        public Options withPort(int newPort) {
            return new Options(template, prefix, newPort, apiKey, senderAddress, crashRetrySeconds, retryBackoffSeconds,
                    maxSendRate, interceptors, http);
        }

        public Options withInterceptors(List<ExecutionInterceptor> added) {
            return new Options(template, prefix, port, apiKey, senderAddress, crashRetrySeconds, retryBackoffSeconds,
                    maxSendRate, List.copyOf(added), http);
        }

        public Options withHttp(UnaryOperator<SdkHttpClient> wrapper) {
            return new Options(template, prefix, port, apiKey, senderAddress, crashRetrySeconds, retryBackoffSeconds,
                    maxSendRate, interceptors, wrapper);
        }

        private static String env(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value;
        }
    }

    /** An API route of template.yaml and the handler that serves it. */
    record ApiRoute(String method, String resource, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler,
                    int timeoutSeconds, FunctionMeter meter, boolean apiKeyRequired) {
    }

    private final Options options;
    private final LocalClock clock = new LocalClock();
    private final Outbox outbox = new Outbox();
    private final AwsClients clients;
    private final Resources resources;
    private final List<ApiRoute> routes = new ArrayList<>();
    private final Map<String, Object> handlers = new LinkedHashMap<>();
    private final Map<String, Cairn> wiring = new LinkedHashMap<>();
    private final Map<String, FunctionMeter> meters = new LinkedHashMap<>();
    private final List<String> sourceQueues = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger busy = new AtomicInteger();
    private final List<Thread> pollers = new ArrayList<>();
    private final List<ScheduledFunction> scheduled = new ArrayList<>();

    /** A function on an EventBridge schedule, invoked when the local clock passes its next tick. */
    private record ScheduledFunction(String id, RequestHandler<Map<String, Object>, Object> handler, Duration rate,
                                     int timeoutSeconds, java.util.concurrent.atomic.AtomicReference<Instant> next) {
    }
    private final LocalHttpServer http;
    private final Template template;

    private LocalRuntime(Options options) throws IOException {
        if (!AwsClients.usesCustomEndpoint()) {
            throw new IllegalStateException("AWS_ENDPOINT_URL is not set: the local runtime only runs against an"
                    + " emulator (start one with `make run`, or point AWS_ENDPOINT_URL at moto or LocalStack)");
        }
        this.options = options;
        this.clients = new AwsClients(List.of());
        this.template = Template.read(options.template());
        // The emulator is far slower than SES's send rate: locally, deliver is held to the rate of MaxSendRate
        // only when CAIRN_MAX_SEND_RATE asks for it.
        this.resources = Resources.create(template, options.prefix(), Map.of("SenderAddress", options.senderAddress(),
                "MaxSendRate", options.maxSendRate(), "RetryBackoffSeconds", options.retryBackoffSeconds()), clients);
        clients.ses().createEmailIdentity(b -> b.emailIdentity(options.senderAddress()));
        this.http = new LocalHttpServer(this, options.port());
        for (Template.Function function : template.functions()) {
            // Each function has its own SDK clients, as on Lambda, so that its requests are counted on their own.
            FunctionMeter meter = new FunctionMeter();
            List<ExecutionInterceptor> interceptors = new ArrayList<>(options.interceptors());
            interceptors.add(meter);
            // Outbox and meter outside the test's wrapper: they see what the function sent and what came back.
            SdkHttpClient http = meter.timing(outbox.watching(options.http().apply(UrlConnectionHttpClient.builder().build())));
            Cairn cairn = new Cairn(CairnConfig.from(environment(function)), new AwsClients(interceptors, http), clock);
            Object handler = instantiate(function.handlerClass(), cairn);
            handlers.put(function.logicalId(), handler);
            wiring.put(function.logicalId(), cairn);
            meters.put(function.logicalId(), meter);
            if (function.scheduleRate() != null) {
                scheduled.add(new ScheduledFunction(function.logicalId(), cast(handler), function.scheduleRate(),
                        function.timeoutSeconds(), new java.util.concurrent.atomic.AtomicReference<>(Instant.MIN)));
            }
            for (Template.Route route : function.routes()) {
                routes.add(new ApiRoute(route.method(), route.path(), cast(handler), function.timeoutSeconds(), meter,
                        route.apiKeyRequired()));
            }
            for (Template.SqsSource source : function.sqsSources()) {
                String url = resources.ref(source.queueLogicalId());
                sourceQueues.add(url);
                String arn = clients.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                        .attributes().get(QueueAttributeName.QUEUE_ARN);
                Thread poller = new Thread(new QueuePoller(function.logicalId(), cast(handler), clients.sqs(), url, arn,
                        source.batchSize(), function.timeoutSeconds(), options.crashRetrySeconds(), running, busy, meter),
                        "poll-" + function.logicalId());
                poller.setDaemon(true);
                pollers.add(poller);
            }
        }
    }

    public static LocalRuntime start(Options options) throws IOException {
        LocalRuntime runtime = new LocalRuntime(options);
        runtime.pollers.forEach(Thread::start);
        Thread ticker = new Thread(runtime::tickSchedulesWhileRunning, "schedules");
        ticker.setDaemon(true);
        ticker.start();
        runtime.http.start();
        return runtime;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + http.port();
    }

    public String apiKey() {
        return options.apiKey();
    }

    public LocalClock clock() {
        return clock;
    }

    /** Sets the clock every handler reads, then runs the schedules at once, as time has passed for them. */
    public Instant setClock(Instant now) {
        clock.set(now);
        tickSchedules(); // Also re-arms the ticks when the clock moved back.
        return clock.instant();
    }

    /** Advances the clock every handler reads, then runs the schedules at once. */
    public Instant advanceClock(Duration duration) {
        clock.advance(duration);
        tickSchedules();
        return clock.instant();
    }

    /** Invokes every scheduled function now, as its EventBridge schedule would; a jump of days is one tick. */
    public void tickSchedules() {
        tick(true);
    }

    private synchronized void tick(boolean force) {
        for (ScheduledFunction function : scheduled) {
            Instant now = clock.instant();
            if (force || !now.isBefore(function.next().get())) {
                function.next().set(now.plus(function.rate()));
                busy.incrementAndGet();
                try {
                    function.handler().handleRequest(Map.of("detail-type", "Scheduled Event"), new LocalLambdaContext(function.id(),
                            function.timeoutSeconds()));
                } catch (RuntimeException e) {
                    dev.cairn.lambda.Log.error("local", "scheduled function failed; it runs again at its next tick", e,
                            "function", function.id());
                } finally {
                    busy.decrementAndGet();
                }
            }
        }
    }

    private void tickSchedulesWhileRunning() {
        while (running.get()) {
            tick(false);
            sleep(500);
        }
    }

    /**
     * Does what SNS does for a topic of the template: delivers {@code message} to each queue subscribed to it,
     * wrapped in SNS's notification envelope. The emulator's SES publishes no events, so tests publish SES's.
     */
    public void publish(String topicLogicalId, String message) {
        String envelope = dev.cairn.json.Json.write(dev.cairn.json.Json.object().put("Type", "Notification")
                .put("MessageId", java.util.UUID.randomUUID().toString()).put("TopicArn", resources.ref(topicLogicalId))
                .put("Message", message).put("Timestamp", clock.instant().toString()).put("SignatureVersion", "1"));
        for (String queue : resources.subscribedQueues(topicLogicalId)) {
            clients.sqs().sendMessage(b -> b.queueUrl(resources.ref(queue)).messageBody(envelope));
        }
    }

    public Outbox outbox() {
        return outbox;
    }

    public AwsClients clients() {
        return clients;
    }

    public Resources resources() {
        return resources;
    }

    /** The handler instance serving a function of template.yaml, by logical id. */
    public Object handler(String functionLogicalId) {
        return handlers.get(functionLogicalId);
    }

    /** What a function of template.yaml has used since start-up: invocations, handler time, requests' items. */
    public FunctionMeter meter(String functionLogicalId) {
        return meters.get(functionLogicalId);
    }

    /** The settings, clients and clock a function of template.yaml runs with, for driving shared code directly. */
    public Cairn cairn(String functionLogicalId) {
        return wiring.get(functionLogicalId);
    }

    List<ApiRoute> routes() {
        return routes;
    }

    String hubBucket() {
        return resources.ref("HubBucket");
    }

    /**
     * Waits until every source queue is empty and no handler runs, then returns the depth of each dead-letter
     * queue by logical id.
     */
    public Map<String, Integer> drain(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        int quietChecks = 0;
        while (quietChecks < 3) {
            boolean quiet = busy.get() == 0 && sourceQueues.stream().allMatch(url -> depth(url) == 0);
            quietChecks = quiet ? quietChecks + 1 : 0;
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("queues did not drain within " + timeout.toSeconds() + " s");
            }
            sleep(50);
        }
        Map<String, Integer> deadLetters = new LinkedHashMap<>();
        resources.deadLetterQueues().values().forEach(dlq -> deadLetters.put(dlq, depth(resources.ref(dlq))));
        return deadLetters;
    }

    /** Messages in a queue: visible, in flight and delayed. */
    public int depth(String queueUrl) {
        Map<QueueAttributeName, String> attributes = clients.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    @Override
    public void close() {
        running.set(false);
        http.stop();
        for (Thread poller : pollers) {
            try {
                poller.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Map<String, String> environment(Template.Function function) {
        Map<String, String> env = new LinkedHashMap<>();
        function.environment().forEach((name, value) -> env.put(name,
                isApiUrl(value) ? baseUrl() : resources.resolve(value)));
        if (env.containsKey(CairnConfig.HUB_BASE_URL)) {
            env.put(CairnConfig.HUB_BASE_URL, baseUrl() + "/hub");
        }
        return env;
    }

    /** The URL of an API of the template (https://${Api}.execute-api...): locally, this runtime serves every API. */
    private boolean isApiUrl(com.fasterxml.jackson.databind.JsonNode value) {
        java.util.regex.Matcher api = API_URL.matcher(value == null || value.isContainerNode() ? "" : value.asText());
        return api.find() && template.resourcesOfType("AWS::Serverless::Api").containsKey(api.group(1));
    }

    private static final java.util.regex.Pattern API_URL = java.util.regex.Pattern.compile("^https://\\$\\{(\\w+)}\\.execute-api\\.");

    /** Handlers are built once at start-up through their test constructor, taking the local wiring. */
    private static Object instantiate(String className, Cairn cairn) {
        try {
            Constructor<?> constructor = Class.forName(className).getConstructor(Cairn.class);
            return constructor.newInstance(cairn);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("template.yaml names handler " + className
                    + ", which has no public constructor taking Cairn", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <I, O> RequestHandler<I, O> cast(Object handler) {
        return (RequestHandler<I, O>) handler;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
