package dev.cairn.trigger;

import dev.cairn.aws.QueueSender;
import dev.cairn.delivery.DeliveryService;
import dev.cairn.pipeline.AudiencePage;
import dev.cairn.pipeline.InvalidMessageException;
import dev.cairn.pipeline.Messages;
import dev.cairn.pipeline.RenderMessage;
import dev.cairn.pipeline.RenderRequest;
import dev.cairn.program.Program;
import dev.cairn.program.Triggers;
import dev.cairn.render.ProgramCatalog;
import dev.cairn.store.DueStore;
import dev.cairn.store.Keys;
import dev.cairn.store.ProgramStore;
import dev.cairn.store.SequenceStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the scheduled function does on each tick: starts the runs whose cron fired since the last tick, sweeps
 * every account once a day for date triggers (renewals), and releases parked emails and sequence steps whose time
 * has come.
 * A clock that jumps ahead (the local runtime's) catches up in one tick: each schedule fires once, for its
 * latest firing.
 */
public final class SchedulerService {

    private static final DateTimeFormatter RUN_MINUTE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm").withZone(ZoneOffset.UTC);

    /** What one tick did. */
    public record Tick(List<String> runsStarted, boolean swept, int released) {
    }

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final ProgramStore programStore;
    private final ProgramCatalog programs;
    private final RunService runs;
    private final DueStore due;
    private final QueueSender queue;
    private final String evaluateQueueUrl;
    private final String deliverQueueUrl;
    private final String renderQueueUrl;
    private final Clock clock;
    private Instant now;

    public SchedulerService(DynamoDbClient dynamoDb, String table, ProgramStore programStore, ProgramCatalog programs,
                            RunService runs, DueStore due, QueueSender queue, String evaluateQueueUrl,
                            String deliverQueueUrl, String renderQueueUrl, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.programStore = programStore;
        this.programs = programs;
        this.runs = runs;
        this.due = due;
        this.queue = queue;
        this.evaluateQueueUrl = evaluateQueueUrl;
        this.deliverQueueUrl = deliverQueueUrl;
        this.renderQueueUrl = renderQueueUrl;
        this.clock = clock;
    }

    public Tick tick() {
        Instant now = clock.instant();
        this.now = now;
        List<Program> current = new ArrayList<>();
        for (ProgramStore.ProgramSummary summary : programStore.list()) {
            programs.program(summary.id(), summary.currentVersion()).ifPresent(current::add);
        }
        List<String> started = new ArrayList<>();
        for (Program program : current) {
            if (program.trigger().on().equals(Triggers.SCHEDULE)) {
                Optional<Instant> last = readInstant("SCHEDULE#" + program.id());
                writeInstant("SCHEDULE#" + program.id(), now);
                // A new schedule starts counting now: it does not fire for times before it existed.
                Optional<Instant> fired = last.flatMap(since -> Cron.parse(program.schedule().cron())
                        .lastFiringBetween(since, now, program.schedule().zone()));
                fired.ifPresent(at -> runs.start("run-" + program.id() + "-" + RUN_MINUTE.format(at), program.id(), null,
                        false, "schedule").ifPresent(run -> started.add(run.id())));
            }
        }
        boolean swept = sweepOncePerDay(now, current);
        return new Tick(started, swept, releaseDue(now));
    }

    private boolean sweepOncePerDay(Instant now, List<Program> current) {
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        Optional<Instant> last = readInstant("SWEEP");
        if (last.isPresent() && !last.get().atZone(ZoneOffset.UTC).toLocalDate().isBefore(today)) {
            return false;
        }
        writeInstant("SWEEP", now);
        if (current.stream().noneMatch(p -> Triggers.DATE_TRIGGERS.contains(p.trigger().on()))) {
            return false;
        }
        List<String> pages = new ArrayList<>();
        for (int shard = 0; shard < Keys.AUDIENCE_SHARDS; shard++) {
            pages.add(new AudiencePage(AudiencePage.SWEEP, null, null, 0, false, shard, null, null, today.toString(), null).toJson());
        }
        queue.send(evaluateQueueUrl, pages);
        return true;
    }

    private int releaseDue(Instant now) {
        Instant since = readInstant("DUE").orElse(now.minusSeconds(24 * 3600));
        List<DueStore.Due> ready = due.dueBetween(since.minusSeconds(3600), now);
        Map<String, List<String>> bodies = new java.util.LinkedHashMap<>();
        List<RenderRequest> steps = new ArrayList<>();
        for (DueStore.Due item : ready) {
            String url = switch (item.queue()) {
                case DeliveryService.QUEUE -> deliverQueueUrl;
                case SequenceStore.QUEUE -> renderQueueUrl;
                default -> throw new IllegalStateException("parked message for unknown queue " + item.queue());
            };
            if (url.equals(renderQueueUrl) && addSteps(item.body(), steps)) {
                continue;
            }
            bodies.computeIfAbsent(url, u -> new ArrayList<>()).add(item.body());
        }
        // Steps parked one contact each and due together (a sequence's reminder for a whole run) go packed.
        if (!steps.isEmpty()) {
            bodies.computeIfAbsent(renderQueueUrl, u -> new ArrayList<>()).addAll(RenderMessage.packed(steps));
        }
        // Sent before removal: a crash in between sends twice, and the delivery record makes that harmless.
        bodies.forEach(queue::send);
        ready.forEach(due::remove);
        writeInstant("DUE", now);
        return ready.size();
    }

    /** Adds a parked render message's requests; false for a body that does not read as one (sent as it is). */
    private static boolean addSteps(String body, List<RenderRequest> steps) {
        try {
            steps.addAll(RenderMessage.fromJson(Messages.parse(body)).requests());
            return true;
        } catch (InvalidMessageException e) {
            return false; // The render stage dead-letters it, naming what is wrong.
        }
    }

    /** A saved instant, absent when none was saved or it lies after now (a clock set back reads as a fresh start). */
    private Optional<Instant> readInstant(String name) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true).key(stateKey(name))).item();
        return item == null || !item.containsKey("at") ? Optional.empty()
                : Optional.of(Instant.parse(item.get("at").s())).filter(at -> !at.isAfter(now));
    }

    private void writeInstant(String name, Instant at) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(stateKey(name));
        item.put("at", AttributeValue.fromS(at.toString()));
        item.put("type", AttributeValue.fromS("scheduler_state"));
        dynamoDb.putItem(b -> b.tableName(table).item(item));
    }

    private static Map<String, AttributeValue> stateKey(String name) {
        return Map.of(Keys.PK, AttributeValue.fromS("SCHEDULER"), Keys.SK, AttributeValue.fromS(name));
    }
}
