package dev.cairn.delivery;

import dev.cairn.store.Keys;
import dev.cairn.store.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * One delivery record per (contact, program, run, step). Claiming it is a conditional write: it fails once the
 * step was sent, and while another attempt holds a fresh lease, so neither a retry nor a duplicate copy of the
 * message processed at the same moment sends twice.
 */
public final class DeliveryStore {

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public DeliveryStore(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    /**
     * How long an attempt holds its claim. Shorter than the queue's visibility timeout (180 s), so the retry of an
     * attempt that crashed finds the lease expired; longer than a send takes, so a concurrent copy finds it held.
     */
    static final Duration LEASE = Duration.ofSeconds(120);

    public enum Claim { CLAIMED, ALREADY_SENT, HELD_BY_ANOTHER_ATTEMPT }

    /** Claims the step unless it was sent or another attempt holds an unexpired lease on it. */
    public Claim claim(String contactId, String programId, String runId, String step) {
        long now = clock.millis();
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(key(contactId, programId, runId, step))
                    .updateExpression("SET #status = :sending, attempted_at = :now, lease_until_ms = :leaseEnd,"
                            + " attempts = if_not_exists(attempts, :zero) + :one,"
                            + " #type = :type, program_id = :program, run_id = :run, step = :step")
                    .conditionExpression("attribute_not_exists(#status) OR (#status = :sending AND lease_until_ms < :nowMs)")
                    .expressionAttributeNames(Map.of("#status", "status", "#type", "type"))
                    .expressionAttributeValues(Map.of(
                            ":sending", AttributeValue.fromS("sending"),
                            ":now", AttributeValue.fromS(java.time.Instant.ofEpochMilli(now).toString()),
                            ":nowMs", AttributeValue.fromN(Long.toString(now)),
                            ":leaseEnd", AttributeValue.fromN(Long.toString(now + LEASE.toMillis())),
                            ":zero", AttributeValue.fromN("0"),
                            ":one", AttributeValue.fromN("1"),
                            ":type", AttributeValue.fromS("delivery"),
                            ":program", AttributeValue.fromS(programId),
                            ":run", AttributeValue.fromS(runId),
                            ":step", AttributeValue.fromS(step))));
            return Claim.CLAIMED;
        } catch (ConditionalCheckFailedException taken) {
            Map<String, AttributeValue> record = dynamoDb.getItem(b -> b.tableName(table)
                    .key(key(contactId, programId, runId, step)).consistentRead(true)).item();
            String status = record == null || record.get("status") == null ? null : record.get("status").s();
            return "sent".equals(status) ? Claim.ALREADY_SENT : Claim.HELD_BY_ANOTHER_ATTEMPT;
        }
    }

    /**
     * Gives up this attempt's claim after a send that failed, so that the retry may claim at once instead of
     * waiting for the lease to expire. The condition matches only an unexpired lease, which can only be this
     * attempt's: an attempt ends (30 s timeout) long before its lease (120 s) does.
     */
    public void release(String contactId, String programId, String runId, String step) {
        long now = clock.millis();
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(key(contactId, programId, runId, step))
                    .updateExpression("SET lease_until_ms = :nowMs")
                    .conditionExpression("#status = :sending AND lease_until_ms > :nowMs")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":sending", AttributeValue.fromS("sending"),
                            ":nowMs", AttributeValue.fromN(Long.toString(now)))));
        } catch (ConditionalCheckFailedException notOurs) {
            // The lease had already expired: nothing is held any more.
        }
    }

    /**
     * Marks the step sent and, for a counted run, adds one to its {@code sent} counter in the same transaction,
     * so that the counter moves exactly when a record becomes sent: a retry that finds it sent counts nothing, and
     * a second attempt inside the duplicate window marks nothing twice.
     */
    public void markSent(String contactId, String programId, String runId, String step, String messageId, RunStore runs) {
        Update sent = Update.builder().tableName(table).key(key(contactId, programId, runId, step))
                .updateExpression("SET #status = :sent, sent_at = :now, message_id = :id")
                .conditionExpression("attribute_not_exists(#status) OR #status <> :sent")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(
                        ":sent", AttributeValue.fromS("sent"),
                        ":now", AttributeValue.fromS(clock.instant().toString()),
                        ":id", AttributeValue.fromS(messageId))).build();
        try {
            if (RunStore.isCountedRun(runId)) {
                dynamoDb.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().update(sent).build(),
                        TransactWriteItem.builder().update(runs.addition(runId, "sent", 1)).build()));
            } else {
                dynamoDb.updateItem(b -> b.tableName(table).key(sent.key()).updateExpression(sent.updateExpression())
                        .conditionExpression(sent.conditionExpression()).expressionAttributeNames(sent.expressionAttributeNames())
                        .expressionAttributeValues(sent.expressionAttributeValues()));
            }
        } catch (ConditionalCheckFailedException alreadySent) {
            // Another attempt marked it first (both sent: the duplicate window of docs/operations.md).
        } catch (TransactionCanceledException cancelled) {
            if (cancelled.cancellationReasons().isEmpty()
                    || !"ConditionalCheckFailed".equals(cancelled.cancellationReasons().get(0).code())) {
                throw cancelled;
            }
        }
    }

    private static Map<String, AttributeValue> key(String contactId, String programId, String runId, String step) {
        return Map.of(Keys.PK, AttributeValue.fromS(Keys.contact(contactId)),
                Keys.SK, AttributeValue.fromS(Keys.delivery(programId, runId, step)));
    }
}
