package dev.cairn.delivery;

import dev.cairn.store.BatchItems;
import dev.cairn.store.Keys;
import dev.cairn.store.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementError;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementErrorCodeEnum;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * One delivery record per (contact, program, run, step). Claiming it is a conditional write: it fails once the
 * step was sent, and while another attempt holds a fresh lease, so neither a retry nor a duplicate copy of the
 * message processed at the same moment sends twice. A batch's records are claimed in one PartiQL
 * BatchExecuteStatement of INSERTs (a new record: the usual case) and marked sent in another of conditional
 * UPDATEs: each statement is a plain conditional write of its own, billed once, where a transaction bills twice.
 * Only a record that already exists (a retry, a duplicate message) is claimed in a transaction, whose cancellation
 * reasons tell sent from held.
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
     * Claims each step unless it was sent or another attempt holds an unexpired lease on it (the keys are all
     * different). First one BatchExecuteStatement (per 25, {@link BatchItems#executeAll}) INSERTs each record new,
     * "sending", leased: an INSERT fails with DuplicateItem when the record exists. Those (a retry, a duplicate copy
     * of the message), and any whose statement still failed otherwise (throttled: nothing was written), are then
     * claimed by {@link #claimExisting}.
     */
    public Map<Key, Claim> claimAll(List<Key> keys) {
        Map<Key, Claim> claims = new LinkedHashMap<>();
        List<Key> existing = new ArrayList<>();
        long now = clock.millis();
        List<BatchStatementRequest> inserts = new ArrayList<>(keys.size());
        keys.forEach(key -> inserts.add(insertClaim(key, now)));
        List<BatchStatementError> errors = BatchItems.executeAll(dynamoDb, inserts);
        for (int i = 0; i < keys.size(); i++) {
            if (errors.get(i) == null) {
                claims.put(keys.get(i), Claim.CLAIMED);
            } else {
                existing.add(keys.get(i));
            }
        }
        if (!existing.isEmpty()) {
            Map<Key, Claim> answered = claimExisting(existing);
            keys.forEach(key -> claims.computeIfAbsent(key, answered::get));
        }
        return claims;
    }

    private BatchStatementRequest insertClaim(Key key, long now) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(Keys.PK, AttributeValue.fromS(Keys.contact(key.contactId())));
        item.put(Keys.SK, AttributeValue.fromS(Keys.delivery(key.programId(), key.runId(), key.step())));
        item.put("type", AttributeValue.fromS("delivery"));
        item.put("status", AttributeValue.fromS("sending"));
        item.put("attempted_at", AttributeValue.fromS(Instant.ofEpochMilli(now).toString()));
        item.put("lease_until_ms", AttributeValue.fromN(Long.toString(now + LEASE.toMillis())));
        item.put("attempts", AttributeValue.fromN("1"));
        item.put("program_id", AttributeValue.fromS(key.programId()));
        item.put("run_id", AttributeValue.fromS(key.runId()));
        item.put("step", AttributeValue.fromS(key.step()));
        return BatchItems.insert(table, item);
    }

    /**
     * Claims records that may exist: the keys in one TransactWriteItems of conditional updates. A record that fails
     * its condition cancels the transaction, and the cancellation reasons carry its stored item (no second read): it
     * is answered as sent or held, and the others are claimed in the next transaction.
     */
    private Map<Key, Claim> claimExisting(List<Key> keys) {
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
                        ":now", AttributeValue.fromS(Instant.ofEpochMilli(now).toString()),
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
     * Marks the steps sent, in one BatchExecuteStatement (per 25) of UPDATEs, each on the condition that its record
     * is "sending": a record another attempt marked first (both sent: the duplicate window of docs/operations.md),
     * or one erased meanwhile, fails that condition and is left out, uncounted. The statements that succeeded are
     * then added to their counted runs' {@code sent} counters, one UpdateItem per run, at once. That addition is a
     * write of its own, after the marks: if it fails, or the function dies between the two, the marked records stay
     * uncounted (their retry finds them sent and counts nothing), so {@code sent} can fall short of the records
     * sent, never exceed them. A statement that failed for another reason (throttled, internal error) is tried
     * again ({@link BatchItems#executeAll}).
     *
     * @return the steps whose mark could not be written, with why: their records stay "sending", so they must not
     *     be acknowledged (their retry finds the lease held, then sends again: the duplicate window)
     */
    public Map<Key, RuntimeException> markAllSent(List<Sent> sent, RunStore runs) {
        Map<Key, RuntimeException> failed = new LinkedHashMap<>();
        Map<String, Long> perRun = new LinkedHashMap<>();
        String now = clock.instant().toString();
        List<BatchStatementRequest> updates = new ArrayList<>(sent.size());
        sent.forEach(one -> updates.add(markSent(one, now)));
        List<BatchStatementError> errors = BatchItems.executeAll(dynamoDb, updates);
        for (int i = 0; i < sent.size(); i++) {
            Sent one = sent.get(i);
            BatchStatementError error = errors.get(i);
            if (error == null) {
                if (RunStore.isCountedRun(one.key().runId())) {
                    perRun.merge(one.key().runId(), 1L, Long::sum);
                }
            } else if (error.code() != BatchStatementErrorCodeEnum.CONDITIONAL_CHECK_FAILED) {
                failed.put(one.key(), new IllegalStateException("marking the delivery sent failed: "
                        + error.codeAsString() + " " + error.message()));
            }
        }
        perRun.forEach((runId, n) -> runs.addNow(runId, "sent", n));
        return failed;
    }

    private BatchStatementRequest markSent(Sent one, String now) {
        Key key = one.key();
        return BatchStatementRequest.builder()
                .statement("UPDATE \"" + table + "\" SET \"status\" = ? SET \"sent_at\" = ? SET \"message_id\" = ?"
                        + " WHERE \"" + Keys.PK + "\" = ? AND \"" + Keys.SK + "\" = ? AND \"status\" = ?")
                .parameters(AttributeValue.fromS("sent"), AttributeValue.fromS(now), AttributeValue.fromS(one.messageId()),
                        AttributeValue.fromS(Keys.contact(key.contactId())),
                        AttributeValue.fromS(Keys.delivery(key.programId(), key.runId(), key.step())),
                        AttributeValue.fromS("sending"))
                .build();
    }

    private static Map<String, AttributeValue> key(Key key) {
        return key(key.contactId(), key.programId(), key.runId(), key.step());
    }

    private static Map<String, AttributeValue> key(String contactId, String programId, String runId, String step) {
        return Map.of(Keys.PK, AttributeValue.fromS(Keys.contact(contactId)),
                Keys.SK, AttributeValue.fromS(Keys.delivery(programId, runId, step)));
    }
}
