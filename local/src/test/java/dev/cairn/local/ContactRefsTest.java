package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.cairn.tracking.ContactRefs;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A contact's link reference is created once: a batch creates the missing ones in conditional PartiQL INSERTs, and
 * a reference created meanwhile by another batch (its INSERT fails with DuplicateItem) is the one both use.
 */
class ContactRefsTest {

    private final LocalRuntime runtime = TestStack.shared();
    private final ContactRefs refs = new ContactRefs(runtime.clients().dynamoDb(), runtime.resources().ref("CairnTable"));

    @Test
    void aBatchCreatesMissingReferencesAndKeepsOneCreatedMeanwhile() {
        String earlier = TestStack.unique("c");
        String fresh = TestStack.unique("c");
        // Another render created this contact's reference after this batch read it as absent.
        String createdMeanwhile = refs.refOf(earlier);

        Map<String, String> found = refs.refsOf(Set.of(earlier, fresh), Map.of());

        assertEquals(createdMeanwhile, found.get(earlier), "the reference stored first is kept");
        assertNotEquals(createdMeanwhile, found.get(fresh));
        assertEquals(Optional.of(fresh), refs.contactOf(found.get(fresh)), "the new reference leads to its contact");
        assertEquals(found, refs.refsOf(Set.of(earlier, fresh), Map.of()), "created once: read back the same");
    }
}
