package dev.cairn.store;

import dev.cairn.pipeline.RenderRequest;
import dev.cairn.program.Program;
import dev.cairn.program.Sequence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Starts a contact's sequence and the part of it that follows an engagement. A step not due yet is parked in
 * {@link DueStore} as the render request it will become, and the scheduler releases it to the render queue on the
 * first tick after its time. A sequence with engagement steps also gets a record,
 * {@code CONTACT#id / SEQUENCE#program#run}, naming them with their delays, so that the feedback API times them
 * with one read and without loading the program. See docs/programs.md#sequences.
 */
public final class SequenceStore {

    /** The name under which parked steps go to the render queue. */
    public static final String QUEUE = "render";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final DueStore due;

    public SequenceStore(DynamoDbClient dynamoDb, String table, DueStore due) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.due = due;
    }

    /**
     * A contact enters the program's sequence at {@code now}: returns the renders due now (the main send alone,
     * for a program without steps) and parks the others. Parking again for the same entry stores nothing new.
     */
    public List<RenderRequest> start(Program program, String contactId, String runId, Instant now) {
        List<RenderRequest> dueNow = new ArrayList<>();
        for (Sequence.Timed timed : Sequence.atEntry(program, now)) {
            RenderRequest request = new RenderRequest(program.id(), program.version(), contactId, runId, timed.step(), false);
            if (timed.at().isAfter(now)) {
                due.park(timed.at(), QUEUE, request.toJson(), stepId(program.id(), runId, contactId, timed.step()));
            } else {
                dueNow.add(request);
            }
        }
        List<Sequence.Timed> onEngaged = Sequence.afterEngagement(program, Instant.EPOCH);
        if (!onEngaged.isEmpty()) {
            Map<String, AttributeValue> delays = new HashMap<>();
            onEngaged.forEach(t -> delays.put(t.step(), AttributeValue.fromN(Long.toString(t.at().getEpochSecond()))));
            // An update, not a put: entering again for the same run keeps what an engagement already recorded.
            dynamoDb.updateItem(b -> b.tableName(table).key(key(contactId, program.id(), runId))
                    .updateExpression("SET #type = :type, program_version = :version, on_engaged = :delays,"
                            + " started_at = if_not_exists(started_at, :now)")
                    .expressionAttributeNames(Map.of("#type", "type"))
                    .expressionAttributeValues(Map.of(":type", AttributeValue.fromS("sequence"),
                            ":version", AttributeValue.fromN(Integer.toString(program.version())),
                            ":delays", AttributeValue.fromM(delays),
                            ":now", AttributeValue.fromS(now.toString()))));
        }
        return dueNow;
    }

    /**
     * The contact engaged with the run at {@code now}: the first time, the steps that follow an engagement are
     * parked from now (the scheduler's next tick releases one due at once). Later engagements start nothing.
     */
    public void engaged(String contactId, String programId, String runId, Instant now) {
        Map<String, AttributeValue> record = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(contactId, programId, runId))).item();
        if (record == null || record.isEmpty() || record.containsKey("engaged_at") || !record.containsKey("on_engaged")) {
            return; // No engagement steps in this run's program, or they were started by an earlier engagement.
        }
        int version = Integer.parseInt(record.get("program_version").n());
        // Parked before the engagement is marked, so that a crash in between loses nothing: the next engagement
        // parks again. The nonce keeps two concurrent engagements' items apart; the one that loses removes its own.
        String nonce = UUID.randomUUID().toString();
        List<DueStore.Due> parked = new ArrayList<>();
        record.get("on_engaged").m().forEach((step, delay) -> parked.add(due.park(now.plusSeconds(Long.parseLong(delay.n())),
                QUEUE, new RenderRequest(programId, version, contactId, runId, step, false).toJson(),
                stepId(programId, runId, contactId, step) + "#" + nonce)));
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(key(contactId, programId, runId))
                    .updateExpression("SET engaged_at = :now")
                    .conditionExpression("attribute_exists(PK) AND attribute_not_exists(engaged_at)")
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromS(now.toString()))));
        } catch (ConditionalCheckFailedException earlier) {
            parked.forEach(due::remove);
        }
    }

    private static String stepId(String programId, String runId, String contactId, String step) {
        return "step#" + programId + "#" + runId + "#" + contactId + "#" + step;
    }

    private static Map<String, AttributeValue> key(String contactId, String programId, String runId) {
        return Map.of(Keys.PK, AttributeValue.fromS(Keys.contact(contactId)),
                Keys.SK, AttributeValue.fromS(Keys.sequence(programId, runId)));
    }
}
