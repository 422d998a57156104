package dev.cairn.render;

import dev.cairn.store.EntityStore;
import dev.cairn.store.EntityStore.HubItem;
import dev.cairn.store.EntityStore.KeptReview;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Earlier reviews stay reachable from the hub page. A contact has one current page, which each render replaces; the
 * bucket is versioned, so each render's page stays stored as a version of the same object, and the contact's hub item
 * lists the newest of them (program, run, when, version), which the current page links to. The list is read with the
 * batch's contacts and written for the whole batch in batches of conditional PartiQL statements (one a contact), so
 * a review costs no request of its own; a
 * contact's first page creates the hub item, its key and first review in the same write, so the item is written once
 * per review. Erasing the contact deletes every version.
 */
public final class ReviewArchive {

    /** How many earlier reviews a page lists, newest first. */
    static final int LISTED = 24;
    /**
     * How many replaced versions of a page the bucket keeps (template.yaml's lifecycle, {@code NewerNoncurrentVersions});
     * older ones expire, so a review whose version may be among them is no longer listed.
     */
    public static final int KEPT_VERSIONS = 100;
    /** How often a contact's list is read and written again when concurrent renders keep changing it. */
    private static final int ATTEMPTS = 5;

    /**
     * A contact's hub page over one batch of renders: its list as read, and the reviews this batch's renders added;
     * for a contact without one, a new key that has no hub item yet.
     */
    public static final class Hub {
        private final String contactId;
        private final String key;
        private final boolean created;
        private final Long readRenders;
        private final List<KeptReview> read;
        private final List<KeptReview> added = new ArrayList<>();

        private Hub(String contactId, String key, boolean created, Long readRenders, List<KeptReview> read) {
            this.contactId = contactId;
            this.key = key;
            this.created = created;
            this.readRenders = readRenders;
            this.read = read;
        }

        public String key() {
            return key;
        }

        /** The number of the latest render, this batch's included. */
        private long renders() {
            return (readRenders == null ? 0 : readRenders) + added.size();
        }

        /** Newest first, one per program and run (its latest page), without the versions the bucket may have let expire. */
        private List<KeptReview> reviews(long currentRender) {
            List<KeptReview> all = new ArrayList<>(added.size() + read.size());
            for (int i = added.size() - 1; i >= 0; i--) {
                all.add(added.get(i));
            }
            all.addAll(read);
            // By instant, not by text: the stored times have millisecond precision, the batch's own finer.
            all.sort(java.util.Comparator.comparing((KeptReview r) -> java.time.Instant.parse(r.renderedAt())).reversed());
            Set<String> runs = new HashSet<>();
            List<KeptReview> listed = new ArrayList<>();
            for (KeptReview review : all) {
                // A version with KEPT_VERSIONS newer replaced versions may have expired.
                boolean kept = review.versionId() == null || currentRender - review.render() - 1 < KEPT_VERSIONS;
                if (kept && runs.add(review.programId() + "\n" + review.runId())) {
                    listed.add(review);
                }
            }
            return listed;
        }
    }

    private final EntityStore entities;
    private final HubPageStore pages;
    private final Clock clock;

    public ReviewArchive(EntityStore entities, HubPageStore pages, Clock clock) {
        this.entities = entities;
        this.pages = pages;
        this.clock = clock;
    }

    /**
     * A contact's hub page as the batch read it. A hub item that has recorded no render in this form may have reviews
     * kept under keys of their own, as renders kept them before: those are read once (a Query) and listed with the
     * rest from then on.
     */
    public Hub open(String contactId, HubItem item) {
        List<KeptReview> read = item.renders() == null ? entities.reviewsUnderOwnKeys(contactId) : item.reviews();
        return new Hub(contactId, item.key(), false, item.renders(), read);
    }

    /** The hub page of a contact that has none: a new key, whose item {@link #record} creates with the first review. */
    public Hub create(String contactId) {
        return new Hub(contactId, HubPageStore.newKey(), true, null, List.of());
    }

    /**
     * What recording did beside writing: the contacts erased meanwhile, and those whose first page lost to a
     * concurrent render's (which created the hub item first, with its own key): both have this batch's page deleted;
     * the second are to be rendered again under the key in force. The contacts whose review could not be written
     * (throttled past the retries), with why: their pages are stored but not listed, so their requests fail.
     */
    public record Recorded(Set<String> erased, Set<String> createdMeanwhile, Map<String, RuntimeException> failed) {
        public Recorded(Set<String> erased, Set<String> createdMeanwhile) {
            this(erased, createdMeanwhile, Map.of());
        }
    }

    /** What the page lists as {@code reviews}: the kept reviews but the one being rendered, newest first. */
    public List<Map<String, Object>> earlier(Hub hub, String programId, String runId) {
        return hub.reviews(hub.renders() + 1).stream()
                .filter(r -> !(r.programId().equals(programId) && r.runId().equals(runId)))
                .limit(LISTED)
                .map(r -> Map.<String, Object>of("url", r.versionId() == null ? pages.url(r.key())
                        : pages.url(hub.key, r.versionId()), "program", r.programName(), "date", r.renderedAt()))
                .toList();
    }

    /** Notes that a program's run stored the page as this version; rendering the same run again replaces the entry. */
    public void keep(Hub hub, String programId, String runId, String programName, String versionId) {
        hub.added.add(new KeptReview(programId, runId, programName, clock.instant().toString(), versionId, null,
                hub.renders() + 1));
    }

    /**
     * Records the reviews the batch added, each contact's in a conditional write of its own, sent together. A
     * contact whose list changed meanwhile (a concurrent render) is read again and written alone, so that no review
     * is lost.
     */
    public Recorded record(Collection<Hub> hubs) {
        List<Hub> pending = hubs.stream().filter(h -> !h.added.isEmpty()).toList();
        Set<String> erased = new HashSet<>();
        Set<String> createdMeanwhile = new HashSet<>();
        Map<String, RuntimeException> failed = new HashMap<>();
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > ATTEMPTS) {
                throw new IllegalStateException("the hub item of a contact changed on each of " + ATTEMPTS + " writes");
            }
            List<EntityStore.HubReviews> writes = new ArrayList<>(pending.size());
            for (Hub hub : pending) {
                long renders = hub.renders();
                writes.add(new EntityStore.HubReviews(hub.contactId, hub.readRenders, renders,
                        hub.reviews(renders).stream().limit(LISTED + 1).toList(), hub.created ? hub.key : null));
            }
            EntityStore.RecordedReviews recorded = entities.recordReviews(writes);
            failed.putAll(recorded.failed());
            Set<String> changed = recorded.changed();
            List<Hub> again = new ArrayList<>();
            for (Hub hub : pending) {
                if (!changed.contains(hub.contactId)) {
                    continue;
                }
                var inForce = entities.hubItem(hub.contactId);
                var stored = inForce.filter(item -> item.key().equals(hub.key));
                if (stored.isEmpty()) {
                    pages.delete(hub.key);
                    (hub.created && inForce.isPresent() ? createdMeanwhile : erased).add(hub.contactId);
                } else {
                    Hub fresh = open(hub.contactId, stored.get());
                    hub.added.forEach(r -> fresh.added.add(new KeptReview(r.programId(), r.runId(), r.programName(),
                            r.renderedAt(), r.versionId(), null, fresh.renders() + 1)));
                    again.add(fresh);
                }
            }
            pending = again;
        }
        return new Recorded(erased, createdMeanwhile, failed);
    }
}
