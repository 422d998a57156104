package dev.cairn.ingest;

import dev.cairn.render.HubPageStore;
import dev.cairn.store.EntityStore;
import dev.cairn.store.Keys;
import java.util.Map;
import java.util.Optional;

/**
 * Erases a person, or a whole account, on request: the contact item, their delivery records, their metric points
 * and events, their hub page with every stored version (each an earlier review). Once the contact item is gone,
 * queued renders and deliveries for them are skipped, so nothing more is sent.
 */
public final class ErasureService {

    /** What an erasure removed. */
    public record Erased(int contacts, int records, int hubPages) {
        Erased plus(Erased other) {
            return new Erased(contacts + other.contacts, records + other.records, hubPages + other.hubPages);
        }
    }

    private final EntityStore entities;
    private final HubPageStore pages;

    public ErasureService(EntityStore entities, HubPageStore pages) {
        this.entities = entities;
        this.pages = pages;
    }

    public Optional<Erased> eraseContact(String contactId) {
        return entities.get(EntitySchema.CONTACT, contactId).map(contact -> erase(contactId, contact));
    }

    public Optional<Erased> eraseAccount(String accountId) {
        if (entities.get(EntitySchema.ACCOUNT, accountId).isEmpty()) {
            return Optional.empty();
        }
        Erased erased = new Erased(0, 0, 0);
        for (Map<String, Object> contact : entities.contactsOfAccount(accountId)) {
            erased = erased.plus(erase((String) contact.get("contact_id"), contact));
        }
        int accountItems = entities.deleteAll(entities.keysInPartition(Keys.account(accountId), null));
        return Optional.of(erased.plus(new Erased(0, accountItems, 0)));
    }

    private Erased erase(String contactId, Map<String, Object> contact) {
        // Every version of the page: the current one and each earlier review.
        int hubPages = entities.hubItem(contactId).map(hub -> pages.delete(hub.key())).orElse(0);
        // Reviews kept under keys of their own (before they were versions of the page), before the records that
        // name them are deleted with the contact's partition.
        for (EntityStore.KeptReview review : entities.reviewsUnderOwnKeys(contactId)) {
            hubPages += pages.delete(review.key());
        }
        String accountId = (String) contact.get("account_id");
        int records = entities.deleteAll(entities.keysInPartition(Keys.account(accountId), contactId));
        // The contact item goes last: while it exists, a failed erasure can be repeated and finds everything again.
        java.util.List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> own =
                new java.util.ArrayList<>(entities.keysInPartition(Keys.contact(contactId), null));
        own.sort(java.util.Comparator.comparing(key -> Keys.CONTACT_SK.equals(key.get(Keys.SK).s())));
        records += entities.deleteAll(own);
        return new Erased(1, records, hubPages);
    }
}
