package dev.cairn.render;

import dev.cairn.store.EntityStore;
import java.util.List;
import java.util.Map;

/**
 * Earlier reviews stay reachable from the hub page. A contact has one current page, which each render replaces;
 * each render is also kept under a key of its own (one per program and run, unguessable like the page's), and the
 * current page lists the earlier ones. Erasing the contact deletes them all.
 */
public final class ReviewArchive {

    /** How many earlier reviews a page lists, newest first; older ones stay stored, and erasure finds them all. */
    static final int LISTED = 24;

    private final EntityStore entities;
    private final HubPageStore pages;

    public ReviewArchive(EntityStore entities, HubPageStore pages) {
        this.entities = entities;
        this.pages = pages;
    }

    /** What the page lists as {@code reviews}: every kept review but the one being rendered, newest first. */
    public List<Map<String, Object>> earlier(String contactId, String programId, String runId) {
        return entities.reviews(contactId).stream()
                .filter(r -> !(r.programId().equals(programId) && r.runId().equals(runId)))
                .limit(LISTED)
                .map(r -> Map.<String, Object>of("url", pages.url(r.key()), "program", r.programName(),
                        "date", r.renderedAt()))
                .toList();
    }

    /** Keeps the page a program's run rendered under its own key; rendering the same run again replaces it. */
    public void keep(String contactId, String programId, String runId, String programName, String html) {
        pages.put(entities.keepReview(contactId, programId, runId, programName, HubPageStore.newKey()), html);
    }

    /** Deletes every kept review's page (every stored version); the records go with the contact's partition. */
    public int deleteAll(String contactId) {
        List<EntityStore.Review> reviews = entities.reviews(contactId);
        reviews.forEach(r -> pages.delete(r.key()));
        return reviews.size();
    }
}
