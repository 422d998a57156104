package dev.cairn.delivery;

import dev.cairn.store.Keys;
import dev.cairn.store.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * One delivery record per (contact, program, run, step). Claiming it is a conditional write: it fails once the
 * step was sent, and while another attempt holds a fresh lease, so neither a retry nor a duplicate copy of the
 * message processed at the same moment sends twice. A batch's records are claimed in one transaction and marked
 * sent in another.
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
     * attempt that crashed finds the lease expired; longer than an attempt may last (the function's 30 s timeout: the
     * batch is claimed before its first send), so a concurrent copy finds it held.
     */
    static final Duration LEASE = Duration.ofSeconds(120);

    public enum Claim { CLAIMED, ALREADY_SENT, HELD_BY_ANOTHER_ATTEMPT }

    /** Which delivery record: one per contact, program, run and step. */
    public record Key(String contactId, String programId, String runId, String step) {
    }

    /** A step that SES accepted, to be marked sent. */
    public record Sent(Key key, String messageId) {
    }

    /** DynamoDB's most items in one transaction. */
    private static final int TRANSACT_LIMIT = 100;

    /**
     * Claims each step unless it was sent or another attempt holds an unexpired lease on it: the keys (all different)
     * in one TransactWriteItems of conditional updates. A record that fails its condition cancels the transaction,
     * and the cancellation reasons carry its stored item (no second read): it is answered as sent or held, and the
     * others are claimed in the next transaction.
     */
    public Map<Key, Claim> claimAll(List<Key> keys) {
        Map<Key, Claim> claims = new LinkedHashMap<>();
        List<Key> pending = new ArrayList<>(keys);
        while (!pending.isEmpty()) {
            List<Key> chunk = List.copyOf(pending.subList(0, Math.min(pending.size(), TRANSACT_LIMIT)));
            long now = clock.millis();
            List<TransactWriteItem> updates = new ArrayList<>(chunk.size());
            for (Key key : chunk) {
                updates.add(TransactWriteItem.builder().update(claim(key, now)).build());
            }
            try {
                dynamoDb.transactWriteItems(b -> b.transactItems(updates));
                chunk.forEach(key -> claims.put(key, Claim.CLAIMED));
                pending.removeAll(chunk);
            } catch (TransactionCanceledException cancelled) {
                boolean answered = false;
                List<CancellationReason> reasons = cancelled.cancellationReasons();
                for (int i = 0; i < chunk.size() && i < reasons.size(); i++) {
                    CancellationReason reason = reasons.get(i);
                    if ("ConditionalCheckFailed".equals(reason.code())) {
                        AttributeValue status = reason.hasItem() ? reason.item().get("status") : null;
                        claims.put(chunk.get(i), status != null && "sent".equals(status.s())
                                ? Claim.ALREADY_SENT : Claim.HELD_BY_ANOTHER_ATTEMPT);
                        answered = true;
                    } else if ("TransactionConflict".equals(reason.code())) {
                        // Another attempt is writing this record at this moment: it holds it.
                        claims.put(chunk.get(i), Claim.HELD_BY_ANOTHER_ATTEMPT);
                        answered = true;
                    }
                }
                if (!answered) {
                    throw cancelled;
                }
                pending.removeAll(claims.keySet());
            }
        }
        return claims;
    }

    private Update claim(Key key, long now) {
        return Update.builder().tableName(table).key(key(key))
                .updateExpression("SET #status = :sending, attempted_at = :now, lease_until_ms = :leaseEnd,"
                        + " attempts = if_not_exists(attempts, :zero) + :one,"
                        + " #type = :type, program_id = :program, run_id = :run, step = :step")
                .conditionExpression("attribute_not_exists(#status) OR (#status = :sending AND lease_until_ms < :nowMs)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .expressionAttributeNames(Map.of("#status", "status", "#type", "type"))
                .expressionAttributeValues(Map.of(
                        ":sending", AttributeValue.fromS("sending"),
                        ":now", AttributeValue.fromS(java.time.Instant.ofEpochMilli(now).toString()),
                        ":nowMs", AttributeValue.fromN(Long.toString(now)),
                        ":leaseEnd", AttributeValue.fromN(Long.toString(now + LEASE.toMillis())),
                        ":zero", AttributeValue.fromN("0"),
                        ":one", AttributeValue.fromN("1"),
                        ":type", AttributeValue.fromS("delivery"),
                        ":program", AttributeValue.fromS(key.programId()),
                        ":run", AttributeValue.fromS(key.runId()),
                        ":step", AttributeValue.fromS(key.step()))).build();
    }

    /**
     * Gives up this attempt's claim after a send that failed, so that the retry may claim at once instead of
     * waiting for the lease to expire. The condition matches only an unexpired lease, which can only be this
     * attempt's: an attempt ends (30 s timeout) long before its lease (120 s) does.
     */
    public void release(Key key) {
        long now = clock.millis();
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(key(key))
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
     * Marks the steps sent and adds them to their counted runs' {@code sent} counters, in one TransactWriteItems
     * (per 50 steps), so that a counter moves exactly when its records become sent: a retry that finds a record
     * sent counts nothing. A record another attempt marked first (both sent: the duplicate window of
     * docs/operations.md) cancels the transaction; it is left out, uncounted, and the others are marked again.
     */
    public void markAllSent(List<Sent> sent, RunStore runs) {
        List<Sent> pending = new ArrayList<>(sent);
        while (!pending.isEmpty()) {
            // Half the limit, so that each mark's run counter fits beside it.
            List<Sent> chunk = List.copyOf(pending.subList(0, Math.min(pending.size(), TRANSACT_LIMIT / 2)));
            String now = clock.instant().toString();
            List<TransactWriteItem> items = new ArrayList<>();
            Map<String, Long> perRun = new LinkedHashMap<>();
            for (Sent one : chunk) {
                items.add(TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(one.key()))
                        .updateExpression("SET #status = :sent, sent_at = :now, message_id = :id")
                        .conditionExpression("attribute_not_exists(#status) OR #status <> :sent")
                        .expressionAttributeNames(Map.of("#status", "status"))
                        .expressionAttributeValues(Map.of(
                                ":sent", AttributeValue.fromS("sent"),
                                ":now", AttributeValue.fromS(now),
                                ":id", AttributeValue.fromS(one.messageId()))).build()).build());
                if (RunStore.isCountedRun(one.key().runId())) {
                    perRun.merge(one.key().runId(), 1L, Long::sum);
                }
            }
            perRun.forEach((runId, n) -> items.add(TransactWriteItem.builder().update(runs.addition(runId, "sent", n)).build()));
            try {
                dynamoDb.transactWriteItems(b -> b.transactItems(items));
                pending.removeAll(chunk);
            } catch (TransactionCanceledException cancelled) {
                List<Sent> markedMeanwhile = new ArrayList<>();
                List<CancellationReason> reasons = cancelled.cancellationReasons();
                for (int i = 0; i < chunk.size() && i < reasons.size(); i++) {
                    if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                        markedMeanwhile.add(chunk.get(i));
                    }
                }
                if (markedMeanwhile.isEmpty()) {
                    throw cancelled;
                }
                pending.removeAll(markedMeanwhile);
            }
        }
    }

    private static Map<String, AttributeValue> key(Key key) {
        return key(key.contactId(), key.programId(), key.runId(), key.step());
    }

    private static Map<String, AttributeValue> key(String contactId, String programId, String runId, String step) {
        return Map.of(Keys.PK, AttributeValue.fromS(Keys.contact(contactId)),
                Keys.SK, AttributeValue.fromS(Keys.delivery(programId, runId, step)));
    }
}
