package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.delivery.DeliveryStore;
import dev.cairn.delivery.DeliveryStore.Claim;
import dev.cairn.delivery.DeliveryStore.Key;
import dev.cairn.delivery.DeliveryStore.Sent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The delivery record against the emulator: one claim at a time, none after the send, a crashed one expires. */
class DeliveryClaimTest {

    @Test
    void aStepIsClaimedOnceHeldWhileSendingAndClosedOnceSent() {
        LocalRuntime runtime = TestStack.shared();
        DeliveryStore store = new DeliveryStore(runtime.clients().dynamoDb(), runtime.resources().ref("CairnTable"), runtime.clock());
        String contact = TestStack.unique("c");
        Key main = new Key(contact, "welcome", "run-1", "main");
        Key reminder = new Key(contact, "welcome", "run-1", "reminder");

        assertEquals(Map.of(main, Claim.CLAIMED), store.claimAll(List.of(main)));
        assertEquals(Map.of(main, Claim.HELD_BY_ANOTHER_ATTEMPT, reminder, Claim.CLAIMED), store.claimAll(List.of(main, reminder)),
                "a duplicate copy processed at the same moment does not send; another step is its own record,"
                        + " claimed in the same batch");

        store.markAllSent(List.of(new Sent(main, "ses-message-1")), runtime.cairn("DeliverFunction").runStore());
        String other = TestStack.unique("c");
        Key fresh = new Key(other, "welcome", "run-1", "main");
        assertEquals(Map.of(main, Claim.ALREADY_SENT, reminder, Claim.HELD_BY_ANOTHER_ATTEMPT, fresh, Claim.CLAIMED),
                store.claimAll(List.of(main, reminder, fresh)), "each record of the batch gets its own answer");
    }

    @Test
    void aRecordMarkedByAnotherAttemptIsLeftOutAndTheRestAreMarkedAndCountedOnce() {
        LocalRuntime runtime = TestStack.shared();
        DeliveryStore store = new DeliveryStore(runtime.clients().dynamoDb(), runtime.resources().ref("CairnTable"), runtime.clock());
        dev.cairn.store.RunStore runs = runtime.cairn("DeliverFunction").runStore();
        String runId = "run-" + TestStack.unique("marks");
        runs.create(new dev.cairn.store.RunStore.Run(runId, "welcome", 1, "test", false, "2026-11-22T00:00:00Z", Map.of()));
        Key first = new Key(TestStack.unique("c"), "welcome", runId, "main");
        Key second = new Key(TestStack.unique("c"), "welcome", runId, "main");
        store.claimAll(List.of(first, second));

        store.markAllSent(List.of(new Sent(first, "ses-1")), runs); // Another attempt, in the duplicate window.
        store.markAllSent(List.of(new Sent(first, "ses-2"), new Sent(second, "ses-3")), runs);

        assertEquals(2L, runs.get(runId).orElseThrow().counters().get("sent"), "each record counted once");
        assertEquals(Map.of(first, Claim.ALREADY_SENT, second, Claim.ALREADY_SENT), store.claimAll(List.of(first, second)));
    }

    @Test
    void anAttemptThatCrashedBeforeSendingCanBeRetriedOnceItsLeaseExpires() {
        LocalRuntime runtime = TestStack.fresh();
        try (runtime) {
            DeliveryStore store = new DeliveryStore(runtime.clients().dynamoDb(), runtime.resources().ref("CairnTable"), runtime.clock());
            Key key = new Key(TestStack.unique("c"), "welcome", "run-1", "main");
            assertEquals(Map.of(key, Claim.CLAIMED), store.claimAll(List.of(key)));
            runtime.clock().advance(Duration.ofMinutes(3));
            assertEquals(Map.of(key, Claim.CLAIMED), store.claimAll(List.of(key)));
        }
    }
}
