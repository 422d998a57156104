package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.aws.AwsClients;
import dev.cairn.render.HubPageStore;
import dev.cairn.render.ReviewArchive;
import dev.cairn.store.EntityStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;

/**
 * The kept reviews of a contact's hub page, on the emulator: two renders of one contact at once both keep their
 * review, two first renders at once leave one page, a contact changed meanwhile fails only its own conditional write
 * in a batch, one whose write fails otherwise is sent again and then fails alone, a contact erased meanwhile keeps
 * no page, a list in its older
 * form is still read, and a version the bucket may have let expire is not listed.
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
        ReviewArchive.Hub firstPage = archive.create(contact);
        String key = firstPage.key();
        archive.keep(firstPage, "zero", "run-0", "Zero", pages.put(key, "<p>zero</p>"));
        assertEquals(new ReviewArchive.Recorded(Set.of(), Set.of()), archive.record(List.of(firstPage)));
        EntityStore.HubItem created = entities.hubItem(contact).orElseThrow();
        assertEquals(key, created.key(), "the first page's key is created with its review");
        ReviewArchive.Hub first = archive.open(contact, created);
        ReviewArchive.Hub second = archive.open(contact, created);
        archive.keep(first, "one", "run-1", "One", pages.put(key, "<p>one</p>"));
        archive.keep(second, "two", "run-2", "Two", pages.put(key, "<p>two</p>"));

        assertEquals(new ReviewArchive.Recorded(Set.of(), Set.of()), archive.record(List.of(first)));
        assertEquals(new ReviewArchive.Recorded(Set.of(), Set.of()), archive.record(List.of(second)),
                "cancelled, read again and written alone");

        EntityStore.HubItem stored = entities.hubItem(contact).orElseThrow();
        assertEquals(3L, stored.renders());
        Map<String, String> pageOfRun = stored.reviews().stream().collect(Collectors.toMap(EntityStore.KeptReview::runId,
                r -> runtime.clients().s3().getObjectAsBytes(b -> b.bucket(runtime.hubBucket()).key(key)
                        .versionId(r.versionId())).asUtf8String()));
        assertEquals(Map.of("run-0", "<p>zero</p>", "run-1", "<p>one</p>", "run-2", "<p>two</p>"), pageOfRun,
                "each review names its version");
        assertEquals(3, archive.earlier(archive.open(contact, stored), "three", "run-3").size(),
                "the next render lists all three");

        ReviewArchive.Hub late = archive.open(contact, stored);
        archive.keep(late, "four", "run-4", "Four", pages.put(key, "<p>four</p>"));
        // The erasure deletes the page's versions and the contact's partition while this render runs.
        pages.delete(key);
        runtime.clients().dynamoDb().deleteItem(b -> b.tableName(runtime.resources().ref("CairnTable")).key(Map.of(
                "PK", AttributeValue.fromS("CONTACT#" + contact), "SK", AttributeValue.fromS("HUB"))));
        pages.put(key, "<p>four, stored after the erasure</p>");

        assertEquals(new ReviewArchive.Recorded(Set.of(contact), Set.of()), archive.record(List.of(late)));
        var versions = runtime.clients().s3().listObjectVersions(b -> b.bucket(runtime.hubBucket()).prefix(key));
        assertEquals(0, versions.versions().size() + versions.deleteMarkers().size(), "no page is left");
    }

    @Test
    void twoFirstRendersOfOneContactAtOnceLeaveOnePageAndTheLoserIsRenderedAgainUnderItsKey() {
        String contact = TestStack.unique("c");
        ReviewArchive.Hub first = archive.create(contact);
        ReviewArchive.Hub second = archive.create(contact);
        archive.keep(first, "one", "run-1", "One", pages.put(first.key(), "<p>one</p>"));
        archive.keep(second, "two", "run-2", "Two", pages.put(second.key(), "<p>two</p>"));

        assertEquals(new ReviewArchive.Recorded(Set.of(), Set.of()), archive.record(List.of(first)));
        assertEquals(new ReviewArchive.Recorded(Set.of(), Set.of(contact)), archive.record(List.of(second)),
                "the second finds the item created: its page is deleted, and it is to be rendered again");

        EntityStore.HubItem stored = entities.hubItem(contact).orElseThrow();
        assertEquals(first.key(), stored.key());
        assertEquals(List.of("run-1"), stored.reviews().stream().map(EntityStore.KeptReview::runId).toList());
        var versions = runtime.clients().s3().listObjectVersions(b -> b.bucket(runtime.hubBucket()).prefix(second.key()));
        assertEquals(0, versions.versions().size() + versions.deleteMarkers().size(), "the losing page is gone");
        ReviewArchive.Hub again = archive.open(contact, stored);
        archive.keep(again, "two", "run-2", "Two", pages.put(again.key(), "<p>two, again</p>"));
        assertEquals(new ReviewArchive.Recorded(Set.of(), Set.of()), archive.record(List.of(again)));
        assertEquals(List.of("run-2", "run-1"), entities.hubItem(contact).orElseThrow().reviews().stream()
                .map(EntityStore.KeptReview::runId).toList());
    }

    @Test
    void aContactChangedMeanwhileFailsOnlyItsOwnStatementAndTheBatchsOtherReviewsAreWrittenInTheSameRequest() {
        String changed = TestStack.unique("c");
        String other = TestStack.unique("c");
        String newcomer = TestStack.unique("c");
        for (String contact : List.of(changed, other)) {
            ReviewArchive.Hub first = archive.create(contact);
            archive.keep(first, "zero", "run-0", "Zero", pages.put(first.key(), "<p>zero</p>"));
            assertEquals(new ReviewArchive.Recorded(Set.of(), Set.of()), archive.record(List.of(first)));
        }
        EntityStore.HubItem read = entities.hubItem(changed).orElseThrow();
        ReviewArchive.Hub concurrent = archive.open(changed, read);
        archive.keep(concurrent, "one", "run-1", "One", pages.put(read.key(), "<p>one</p>"));
        assertEquals(new ReviewArchive.Recorded(Set.of(), Set.of()), archive.record(List.of(concurrent)));
        // The batch read the changed contact's item before that render recorded its review.
        ReviewArchive.Hub stale = archive.open(changed, read);
        archive.keep(stale, "two", "run-2", "Two", pages.put(read.key(), "<p>two</p>"));
        ReviewArchive.Hub unchanged = archive.open(other, entities.hubItem(other).orElseThrow());
        archive.keep(unchanged, "two", "run-2", "Two", pages.put(unchanged.key(), "<p>two</p>"));
        ReviewArchive.Hub created = archive.create(newcomer);
        archive.keep(created, "two", "run-2", "Two", pages.put(created.key(), "<p>two</p>"));
        var before = runtime.clients().requests().snapshot();

        assertEquals(new ReviewArchive.Recorded(Set.of(), Set.of()), archive.record(List.of(stale, unchanged, created)));

        // The shared runtime's queue pollers use the same clients: only DynamoDB's requests are this test's.
        Map<String, Long> requests = ScheduledRunTest.difference(runtime.clients().requests().snapshot(), before)
                .entrySet().stream().filter(e -> e.getKey().startsWith("DynamoDb."))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals(Map.of("DynamoDb.BatchExecuteStatement", 2L, "DynamoDb.GetItem", 1L), requests,
                "one request for the three writes; the changed contact's item read again and written alone");
        assertEquals(List.of("run-2", "run-1", "run-0"), entities.hubItem(changed).orElseThrow().reviews().stream()
                .map(EntityStore.KeptReview::runId).toList(), "no review lost");
        assertEquals(3L, entities.hubItem(changed).orElseThrow().renders());
        assertEquals(List.of("run-2", "run-0"), entities.hubItem(other).orElseThrow().reviews().stream()
                .map(EntityStore.KeptReview::runId).toList());
        assertEquals(created.key(), entities.hubItem(newcomer).orElseThrow().key());
    }

    /**
     * Fails the hub item statements of one contact in its first {@code rounds} requests: they name a table that does
     * not exist, so the emulator answers that statement alone with an error that is not a failed condition (as a
     * throttled statement would be), and writes nothing for it.
     */
    private static final class RefusedStatements implements ExecutionInterceptor {
        private final String contactKey;
        private final AtomicInteger rounds;

        RefusedStatements(String contact, int rounds) {
            this.contactKey = "CONTACT#" + contact;
            this.rounds = new AtomicInteger(rounds);
        }

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (!(context.request() instanceof BatchExecuteStatementRequest batch) || batch.statements().stream()
                    .noneMatch(this::refused) || rounds.getAndDecrement() <= 0) {
                return context.request();
            }
            return batch.toBuilder().statements(batch.statements().stream().map(s -> refused(s)
                    ? s.toBuilder().statement(s.statement().replaceFirst("\"[^\"]+\"", "\"no-such-table\"")).build()
                    : s).toList()).build();
        }

        private boolean refused(BatchStatementRequest statement) {
            return statement.parameters().stream().anyMatch(p -> contactKey.equals(p.s()));
        }
    }

    @Test
    void aStatementThatFailsForAnotherReasonIsSentAgainAndAfterThreeRoundsOnlyItsContactFails() {
        String retried = TestStack.unique("c");
        String refused = TestStack.unique("c");
        String other = TestStack.unique("c");
        String table = runtime.resources().ref("CairnTable");
        ReviewArchive once = new ReviewArchive(new EntityStore(new AwsClients(List.of(new RefusedStatements(retried, 1)))
                .dynamoDb(), table, Clock.systemUTC()), pages, Clock.systemUTC());
        ReviewArchive always = new ReviewArchive(new EntityStore(new AwsClients(List.of(new RefusedStatements(refused, 3)))
                .dynamoDb(), table, Clock.systemUTC()), pages, Clock.systemUTC());
        ReviewArchive.Hub first = once.create(retried);
        once.keep(first, "one", "run-1", "One", pages.put(first.key(), "<p>one</p>"));

        assertEquals(new ReviewArchive.Recorded(Set.of(), Set.of()), once.record(List.of(first)), "written on the second round");
        assertEquals(first.key(), entities.hubItem(retried).orElseThrow().key());

        ReviewArchive.Hub lost = always.create(refused);
        always.keep(lost, "one", "run-1", "One", pages.put(lost.key(), "<p>one</p>"));
        ReviewArchive.Hub kept = always.create(other);
        always.keep(kept, "one", "run-1", "One", pages.put(kept.key(), "<p>one</p>"));
        ReviewArchive.Recorded recorded = always.record(List.of(lost, kept));

        assertEquals(Set.of(refused), recorded.failed().keySet(), "three rounds refused: its request fails");
        assertTrue(recorded.failed().get(refused).getMessage().contains("ResourceNotFound"), recorded.toString());
        assertEquals(Optional.empty(), entities.hubItem(refused), "nothing written for it");
        assertEquals(kept.key(), entities.hubItem(other).orElseThrow().key(), "the others are written");
    }

    @Test
    void aListInItsOlderFormIsReadAndRewrittenInTheCompactOne() {
        String contact = TestStack.unique("c");
        String key = HubPageStore.newKey();
        String table = runtime.resources().ref("CairnTable");
        // As renders wrote the list before its attributes were given one-letter names.
        runtime.clients().dynamoDb().putItem(b -> b.tableName(table).item(Map.of(
                "PK", AttributeValue.fromS("CONTACT#" + contact), "SK", AttributeValue.fromS("HUB"),
                "key", AttributeValue.fromS(key), "type", AttributeValue.fromS("hub_page"),
                "renders", AttributeValue.fromN("1"),
                "reviews", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of(
                        "program_id", AttributeValue.fromS("old"), "run_id", AttributeValue.fromS("run-old"),
                        "program_name", AttributeValue.fromS("Old"),
                        "rendered_at", AttributeValue.fromS("2026-11-01T00:00:00Z"),
                        "version_id", AttributeValue.fromS("v-old"), "render", AttributeValue.fromN("1"))))))));

        ReviewArchive.Hub hub = archive.open(contact, entities.hubItem(contact).orElseThrow());
        assertEquals(List.of(pages.url(key, "v-old")), archive.earlier(hub, "new", "run-new").stream()
                .map(r -> r.get("url")).toList());
        archive.keep(hub, "new", "run-new", "New", pages.put(key, "<p>new</p>"));
        assertEquals(new ReviewArchive.Recorded(Set.of(), Set.of()), archive.record(List.of(hub)));

        Map<String, AttributeValue> item = runtime.clients().dynamoDb().getItem(b -> b.tableName(table).key(Map.of(
                "PK", AttributeValue.fromS("CONTACT#" + contact), "SK", AttributeValue.fromS("HUB")))).item();
        assertEquals(false, item.containsKey("reviews"), "the older form is gone: " + item);
        assertEquals(List.of("run-new", "run-old"), entities.hubItem(contact).orElseThrow().reviews().stream()
                .map(EntityStore.KeptReview::runId).toList());
    }

    @Test
    void aReviewWithAHundredNewerReplacedVersionsIsNoLongerListed() {
        String contact = TestStack.unique("c");
        String key = HubPageStore.newKey();
        // Render 101 is the current page: render 1's version has 100 newer replaced versions, render 2's has 99.
        assertEquals(new EntityStore.RecordedReviews(Set.of(), Map.of()), entities.recordReviews(List.of(new EntityStore.HubReviews(contact, null, 101, List.of(
                new EntityStore.KeptReview("p", "run-101", "P", "2026-11-03T00:00:00Z", "v101", null, 101),
                new EntityStore.KeptReview("p", "run-2", "P", "2026-11-02T00:00:00Z", "v2", null, 2),
                new EntityStore.KeptReview("p", "run-1", "P", "2026-11-01T00:00:00Z", "v1", null, 1)), key))));

        List<Map<String, Object>> earlier = archive.earlier(archive.open(contact, entities.hubItem(contact).orElseThrow()),
                "p", "run-102");

        assertEquals(List.of(pages.url(key, "v101"), pages.url(key, "v2")), earlier.stream().map(r -> r.get("url")).toList());
    }
}
