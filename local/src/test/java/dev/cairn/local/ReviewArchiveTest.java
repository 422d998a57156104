package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.render.HubPageStore;
import dev.cairn.render.ReviewArchive;
import dev.cairn.store.EntityStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The kept reviews of a contact's hub page, on the emulator: two renders of one contact at once both keep their
 * review, a contact erased meanwhile keeps no page, and a version the bucket may have let expire is not listed.
 */
class ReviewArchiveTest {

    private final LocalRuntime runtime = TestStack.shared();
    private final EntityStore entities = new EntityStore(runtime.clients().dynamoDb(),
            runtime.resources().ref("CairnTable"), Clock.systemUTC());
    private final HubPageStore pages = new HubPageStore(runtime.clients().s3Bucket(runtime.hubBucket()), "https://hub.example");
    private final ReviewArchive archive = new ReviewArchive(entities, pages, Clock.systemUTC());

    @Test
    void twoRendersOfOneContactAtOnceBothKeepTheirReviewAndAnErasureMeanwhileKeepsNoPage() {
        String contact = TestStack.unique("c");
        String key = HubPageStore.newKey();
        EntityStore.HubItem created = entities.claimHubKeys(Map.of(contact, key)).get(contact);
        ReviewArchive.Hub first = archive.open(contact, created, true);
        ReviewArchive.Hub second = archive.open(contact, created, true);
        archive.keep(first, "one", "run-1", "One", pages.put(key, "<p>one</p>"));
        archive.keep(second, "two", "run-2", "Two", pages.put(key, "<p>two</p>"));

        assertEquals(Set.of(), archive.record(List.of(first)));
        assertEquals(Set.of(), archive.record(List.of(second)), "cancelled, read again and written alone");

        EntityStore.HubItem stored = entities.hubItem(contact).orElseThrow();
        assertEquals(2L, stored.renders());
        Map<String, String> pageOfRun = stored.reviews().stream().collect(Collectors.toMap(EntityStore.KeptReview::runId,
                r -> runtime.clients().s3().getObjectAsBytes(b -> b.bucket(runtime.hubBucket()).key(key)
                        .versionId(r.versionId())).asUtf8String()));
        assertEquals(Map.of("run-1", "<p>one</p>", "run-2", "<p>two</p>"), pageOfRun, "each review names its version");
        assertEquals(2, archive.earlier(archive.open(contact, stored, false), "three", "run-3").size(),
                "the next render lists both");

        ReviewArchive.Hub late = archive.open(contact, stored, false);
        archive.keep(late, "four", "run-4", "Four", pages.put(key, "<p>four</p>"));
        // The erasure deletes the page's versions and the contact's partition while this render runs.
        pages.delete(key);
        runtime.clients().dynamoDb().deleteItem(b -> b.tableName(runtime.resources().ref("CairnTable")).key(Map.of(
                "PK", AttributeValue.fromS("CONTACT#" + contact), "SK", AttributeValue.fromS("HUB"))));
        pages.put(key, "<p>four, stored after the erasure</p>");

        assertEquals(Set.of(contact), archive.record(List.of(late)));
        var versions = runtime.clients().s3().listObjectVersions(b -> b.bucket(runtime.hubBucket()).prefix(key));
        assertEquals(0, versions.versions().size() + versions.deleteMarkers().size(), "no page is left");
    }

    @Test
    void aReviewWithAHundredNewerReplacedVersionsIsNoLongerListed() {
        String contact = TestStack.unique("c");
        String key = HubPageStore.newKey();
        entities.claimHubKeys(Map.of(contact, key));
        // Render 101 is the current page: render 1's version has 100 newer replaced versions, render 2's has 99.
        assertEquals(Set.of(), entities.recordReviews(List.of(new EntityStore.HubReviews(contact, null, 101, List.of(
                new EntityStore.KeptReview("p", "run-101", "P", "2026-11-03T00:00:00Z", "v101", null, 101),
                new EntityStore.KeptReview("p", "run-2", "P", "2026-11-02T00:00:00Z", "v2", null, 2),
                new EntityStore.KeptReview("p", "run-1", "P", "2026-11-01T00:00:00Z", "v1", null, 1))))));

        List<Map<String, Object>> earlier = archive.earlier(archive.open(contact, entities.hubItem(contact).orElseThrow(),
                false), "p", "run-102");

        assertEquals(List.of(pages.url(key, "v101"), pages.url(key, "v2")), earlier.stream().map(r -> r.get("url")).toList());
    }
}
