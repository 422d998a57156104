package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.Cairn;
import dev.cairn.delivery.DeliveryStore;
import dev.cairn.delivery.DeliveryStore.Claim;
import dev.cairn.delivery.DeliveryStore.Key;
import dev.cairn.delivery.DeliveryStore.Sent;
import dev.cairn.store.Keys;
import dev.cairn.store.RunStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The delivery record against the emulator, through the deliver function's own client (whose requests are
 * counted): new records are claimed in one BatchExecuteStatement, existing ones (a retry, a duplicate copy) in a
 * transaction that tells sent from held; marks are conditional statements, and the run's counter follows them.
 */
class DeliveryClaimTest {

    /** A new counted run of the welcome program, so that marks add to its {@code sent} counter. */
    private static String counted(RunStore runs, String label) {
        String runId = "run-" + TestStack.unique(label);
        runs.create(new RunStore.Run(runId, "welcome", 1, "test", false, "2026-11-22T00:00:00Z", Map.of()));
        return runId;
    }

    private static DeliveryStore store(LocalRuntime runtime) {
        Cairn deliver = runtime.cairn("DeliverFunction");
        return new DeliveryStore(deliver.clients().dynamoDb(), runtime.resources().ref("CairnTable"), runtime.clock());
    }

    /** The deliver function's requests made by {@code work}, by operation. */
    private static Map<String, Long> requests(LocalRuntime runtime, Runnable work) {
        var before = runtime.cairn("DeliverFunction").clients().requests().snapshot();
        work.run();
        return ScheduledRunTest.difference(runtime.cairn("DeliverFunction").clients().requests().snapshot(), before);
    }

    private static <T> T answer(LocalRuntime runtime, Map<String, Long> expectedRequests, Supplier<T> work) {
        Object[] result = new Object[1];
        assertEquals(expectedRequests, requests(runtime, () -> result[0] = work.get()));
        @SuppressWarnings("unchecked")
        T answer = (T) result[0];
        return answer;
    }

    private static Map<String, AttributeValue> record(LocalRuntime runtime, Key key) {
        return runtime.clients().dynamoDb().getItem(b -> b.tableName(runtime.resources().ref("CairnTable")).consistentRead(true)
                .key(Map.of(Keys.PK, AttributeValue.fromS(Keys.contact(key.contactId())),
                        Keys.SK, AttributeValue.fromS(Keys.delivery(key.programId(), key.runId(), key.step()))))).item();
    }

    @Test
    void firstClaimsAreOneStatementBatchAndADuplicateCopyFindsTheRecordHeldThenSent() {
        LocalRuntime runtime = TestStack.shared();
        DeliveryStore store = store(runtime);
        String contact = TestStack.unique("c");
        Key main = new Key(contact, "welcome", "run-1", "main");
        Key reminder = new Key(contact, "welcome", "run-1", "reminder");
        Key other = new Key(TestStack.unique("c"), "welcome", "run-1", "main");

        assertEquals(Map.of(main, Claim.CLAIMED, other, Claim.CLAIMED),
                answer(runtime, Map.of("DynamoDb.BatchExecuteStatement", 1L), () -> store.claimAll(List.of(main, other))),
                "new records: one INSERT each, in one request, no transaction");
        Map<String, AttributeValue> claimed = record(runtime, main);
        assertEquals("sending", claimed.get("status").s());
        assertEquals("1", claimed.get("attempts").n());
        assertEquals("delivery", claimed.get("type").s());

        assertEquals(Map.of(main, Claim.HELD_BY_ANOTHER_ATTEMPT, reminder, Claim.CLAIMED),
                answer(runtime, Map.of("DynamoDb.BatchExecuteStatement", 1L, "DynamoDb.TransactWriteItems", 1L),
                        () -> store.claimAll(List.of(main, reminder))),
                "a duplicate copy processed at the same moment finds the record held (its INSERT a DuplicateItem, its"
                        + " transactional claim cancelled); another step is its own record, claimed in the same batch");

        store.markAllSent(List.of(new Sent(main, "ses-message-1")), runtime.cairn("DeliverFunction").runStore());
        Key fresh = new Key(TestStack.unique("c"), "welcome", "run-1", "main");
        assertEquals(Map.of(main, Claim.ALREADY_SENT, reminder, Claim.HELD_BY_ANOTHER_ATTEMPT, fresh, Claim.CLAIMED),
                store.claimAll(List.of(main, reminder, fresh)), "each record of the batch gets its own answer");
        assertEquals("sent", record(runtime, main).get("status").s());
        assertEquals("1", record(runtime, main).get("attempts").n(), "a copy that found it held or sent did not claim it");
    }

    @Test
    void aMarkThatFindsTheRecordSentIsLeftOutAndTheOthersAreMarkedAndCountedOnce() {
        LocalRuntime runtime = TestStack.shared();
        DeliveryStore store = store(runtime);
        RunStore runs = runtime.cairn("DeliverFunction").runStore();
        String runId = counted(runs, "marks");
        Key first = new Key(TestStack.unique("c"), "welcome", runId, "main");
        Key second = new Key(TestStack.unique("c"), "welcome", runId, "main");
        Key triggered = new Key(TestStack.unique("c"), "welcome", "trigger-new_contact", "main");
        store.claimAll(List.of(first, second, triggered));

        // Another attempt, in the duplicate window, marks the first record before this one does.
        assertEquals(Map.of(), store.markAllSent(List.of(new Sent(first, "ses-1")), runs));
        Map<Key, RuntimeException> failed = answer(runtime,
                Map.of("DynamoDb.BatchExecuteStatement", 1L, "DynamoDb.UpdateItem", 1L),
                () -> store.markAllSent(List.of(new Sent(first, "ses-2"), new Sent(second, "ses-3"),
                        new Sent(triggered, "ses-4")), runs));

        assertEquals(Map.of(), failed, "a record marked meanwhile is no failure: it was sent");
        assertEquals("ses-1", record(runtime, first).get("message_id").s(), "the first mark stands");
        assertEquals("ses-3", record(runtime, second).get("message_id").s());
        assertEquals("sent", record(runtime, triggered).get("status").s());
        assertEquals(2L, runs.get(runId).orElseThrow().counters().get("sent"),
                "each record counted once, in one counter write after the marks; a triggered send has no run to count in");
        assertEquals(Map.of(first, Claim.ALREADY_SENT, second, Claim.ALREADY_SENT), store.claimAll(List.of(first, second)));
    }

    @Test
    void aMarkOfARecordErasedMeanwhileWritesNothingAndCountsNothing() {
        LocalRuntime runtime = TestStack.shared();
        DeliveryStore store = store(runtime);
        RunStore runs = runtime.cairn("DeliverFunction").runStore();
        String runId = counted(runs, "erased");
        Key gone = new Key(TestStack.unique("c"), "welcome", runId, "main");

        assertEquals(Map.of(), store.markAllSent(List.of(new Sent(gone, "ses-1")), runs));

        assertTrue(record(runtime, gone).isEmpty(), "no record brought back");
        assertFalse(runs.get(runId).orElseThrow().counters().containsKey("sent"));
    }

    @Test
    void anAttemptThatCrashedBeforeSendingCanBeRetriedOnceItsLeaseExpires() {
        LocalRuntime runtime = TestStack.fresh();
        try (runtime) {
            DeliveryStore store = store(runtime);
            Key key = new Key(TestStack.unique("c"), "welcome", "run-1", "main");
            assertEquals(Map.of(key, Claim.CLAIMED), store.claimAll(List.of(key)));
            assertEquals(Map.of(key, Claim.HELD_BY_ANOTHER_ATTEMPT), store.claimAll(List.of(key)), "the lease is live");
            runtime.clock().advance(Duration.ofMinutes(3));
            assertEquals(Map.of(key, Claim.CLAIMED),
                    answer(runtime, Map.of("DynamoDb.BatchExecuteStatement", 1L, "DynamoDb.TransactWriteItems", 1L),
                            () -> store.claimAll(List.of(key))),
                    "the record exists: its INSERT fails, the transactional claim takes the expired lease");
            assertEquals("2", record(runtime, key).get("attempts").n());
        }
    }
}
