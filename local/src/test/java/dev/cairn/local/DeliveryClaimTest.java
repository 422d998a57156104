package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.delivery.DeliveryStore;
import dev.cairn.delivery.DeliveryStore.Claim;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The delivery record against the emulator: one claim at a time, none after the send, a crashed one expires. */
class DeliveryClaimTest {

    @Test
    void aStepIsClaimedOnceHeldWhileSendingAndClosedOnceSent() {
        LocalRuntime runtime = TestStack.shared();
        DeliveryStore store = new DeliveryStore(runtime.clients().dynamoDb(), runtime.resources().ref("CairnTable"), runtime.clock());
        String contact = TestStack.unique("c");

        assertEquals(Claim.CLAIMED, store.claim(contact, "welcome", "run-1", "main"));
        assertEquals(Claim.HELD_BY_ANOTHER_ATTEMPT, store.claim(contact, "welcome", "run-1", "main"),
                "a duplicate copy processed at the same moment does not send");
        assertEquals(Claim.CLAIMED, store.claim(contact, "welcome", "run-1", "reminder"), "another step is its own record");

        store.markSent(contact, "welcome", "run-1", "main", "ses-message-1", runtime.cairn("DeliverFunction").runStore());
        assertEquals(Claim.ALREADY_SENT, store.claim(contact, "welcome", "run-1", "main"));
    }

    @Test
    void anAttemptThatCrashedBeforeSendingCanBeRetriedOnceItsLeaseExpires() {
        LocalRuntime runtime = TestStack.fresh();
        try (runtime) {
            DeliveryStore store = new DeliveryStore(runtime.clients().dynamoDb(), runtime.resources().ref("CairnTable"), runtime.clock());
            String contact = TestStack.unique("c");
            assertEquals(Claim.CLAIMED, store.claim(contact, "welcome", "run-1", "main"));
            runtime.clock().advance(Duration.ofMinutes(3));
            assertEquals(Claim.CLAIMED, store.claim(contact, "welcome", "run-1", "main"));
        }
    }
}
