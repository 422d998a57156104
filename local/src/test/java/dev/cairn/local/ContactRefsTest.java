package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.store.Keys;
import dev.cairn.tracking.ContactRefs;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A contact's link reference seals its id and creation time: it is the same on every render, reveals neither, opens
 * only under the key that sealed it, and needs no stored item. References stored before 2026-11-23 still lead to
 * their contacts.
 */
class ContactRefsTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef-test";

    private final LocalRuntime runtime = TestStack.shared();
    private final String table = runtime.resources().ref("CairnTable");
    private final ContactRefs refs = new ContactRefs(KEY, runtime.clients().dynamoDb(), table);

    @Test
    void aReferenceOpensToItsContactAndCreationTimeAndHidesThem() {
        String contactId = "ana.lima@customer.example";
        String ref = refs.refOf(contactId, "2026-11-23T00:30:00.123Z");

        assertEquals(ref, refs.refOf(contactId, "2026-11-23T00:30:00.123Z"), "one reference per contact");
        assertEquals(Optional.of(new ContactRefs.Referenced(contactId, "2026-11-23T00:30:00.123Z")), refs.contactOf(ref));
        String opened = new String(Base64.getUrlDecoder().decode(ref), StandardCharsets.ISO_8859_1);
        assertFalse(ref.contains("ana") || opened.contains("ana") || opened.contains("2026"), "sealed: " + ref);
        assertNotEquals(ref, refs.refOf(contactId, "2026-11-24T08:00:00Z"), "a contact created again gets another");
        assertNotEquals(ref, refs.refOf("ana.lima@customer.exampl", "2026-11-23T00:30:00.123Z"));
    }

    @Test
    void aTamperedOrForeignReferenceOpensToNothing() {
        String ref = refs.refOf("c-1", "2026-11-23T00:30:00Z");
        byte[] sealed = Base64.getUrlDecoder().decode(ref);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 1;
            assertEquals(Optional.empty(), refs.contactOf(Base64.getUrlEncoder().withoutPadding().encodeToString(tampered)),
                    "byte " + i + " flipped");
        }
        ContactRefs otherDeployment = new ContactRefs(KEY.replace('0', 'x'), runtime.clients().dynamoDb(), table);
        assertEquals(Optional.empty(), otherDeployment.contactOf(ref));
        assertEquals(Optional.empty(), refs.contactOf("not base64!"));
        assertEquals(Optional.empty(), refs.contactOf(""));
    }

    @Test
    void aReferenceStoredBeforeSealingStillLeadsToItsContact() {
        String contactId = TestStack.unique("c");
        byte[] random = new byte[16];
        new java.security.SecureRandom().nextBytes(random);
        String stored = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        // As render wrote them before 2026-11-23.
        runtime.clients().dynamoDb().putItem(b -> b.tableName(table).item(Map.of(
                Keys.PK, AttributeValue.fromS(Keys.contact(contactId)), Keys.SK, AttributeValue.fromS(Keys.CONTACT_REF_SK),
                "type", AttributeValue.fromS("contact_ref"), "ref", AttributeValue.fromS(stored),
                "contact_id", AttributeValue.fromS(contactId),
                Keys.GSI1PK, AttributeValue.fromS(Keys.contactRef(stored)), Keys.GSI1SK, AttributeValue.fromS(Keys.CONTACT_REF_SK))));

        Optional<ContactRefs.Referenced> found = refs.contactOf(stored);
        assertEquals(Optional.of(new ContactRefs.Referenced(contactId, null)), found);
        assertTrue(found.get().sameLife(Map.of("created_at", "2026-11-23T00:30:00Z")), "no creation time to compare");
        random[0] ^= 1;
        assertEquals(Optional.empty(), refs.contactOf(Base64.getUrlEncoder().withoutPadding().encodeToString(random)));
    }
}
