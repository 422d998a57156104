package dev.cairn.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.ingest.EntitySchema;
import dev.cairn.ingest.IngestReport;
import dev.cairn.ingest.IngestService;
import dev.cairn.json.Json;
import dev.cairn.store.EntityStore;
import dev.cairn.store.SequenceStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * What a contact does through a signed link: open the hub page, follow a call to action, answer a poll,
 * unsubscribe. An open, click or answer also starts the steps of the run's sequence that follow an engagement.
 * Each is recorded three ways: on the run's engagement record (for run counters and sequences), as an
 * event for the contact (as if ingested, so triggers see it), and — for answers — as a metric point named after
 * the poll's kind ({@code nps}, {@code ces}, {@code csat}) with the score.
 */
public final class FeedbackService {

    /** The contact a verified token stands for, and its account. */
    public record Recipient(String contactId, String accountId) {
    }

    private final ContactRefs refs;
    private final EntityStore entities;
    private final EngagementStore engagements;
    private final PollAnswers answers;
    private final Suppressions suppressions;
    private final IngestService ingest;
    private final SequenceStore sequences;
    private final Clock clock;

    public FeedbackService(ContactRefs refs, EntityStore entities, EngagementStore engagements, PollAnswers answers,
                           Suppressions suppressions, IngestService ingest, SequenceStore sequences, Clock clock) {
        this.refs = refs;
        this.entities = entities;
        this.engagements = engagements;
        this.answers = answers;
        this.suppressions = suppressions;
        this.ingest = ingest;
        this.sequences = sequences;
        this.clock = clock;
    }

    /** The token's contact, unless it was erased since the link was made (and perhaps created again). */
    public Optional<Recipient> recipient(Token token) {
        return refs.contactOf(token.contactRef())
                .flatMap(referenced -> entities.get(EntitySchema.CONTACT, referenced.contactId())
                        .filter(referenced::sameLife))
                .map(contact -> new Recipient((String) contact.get("contact_id"), (String) contact.get("account_id")));
    }

    /** An OPEN or CLICK token was followed. */
    public void recordFollowed(Token token, Recipient recipient) {
        Engagement what = token.purpose() == Purpose.OPEN ? Engagement.OPENED : Engagement.CLICKED;
        String at = clock.instant().toString();
        engagements.record(recipient.contactId(), recipient.accountId(), token.programId(), token.runId(),
                token.step(), what, at);
        sequences.engaged(recipient.contactId(), token.programId(), token.runId(), Instant.parse(at));
        ObjectNode properties = properties(token);
        if (what == Engagement.CLICKED) {
            properties.put("cta", token.item());
        }
        recordEvent(recipient, what, at, properties);
    }

    /** A poll answer whose score is already checked against its kind; {@code comment} may be null. */
    public void recordAnswer(Token token, Recipient recipient, PollKind kind, int score, String comment, String source) {
        String at = clock.instant().toString();
        answers.record(new PollAnswers.Answer(recipient.contactId(), recipient.accountId(), token.programId(),
                token.runId(), token.step(), token.item(), kind, score, comment, source, at));
        engagements.record(recipient.contactId(), recipient.accountId(), token.programId(), token.runId(),
                token.step(), Engagement.ANSWERED, at);
        sequences.engaged(recipient.contactId(), token.programId(), token.runId(), Instant.parse(at));
        ObjectNode metric = Json.object().put("account_id", recipient.accountId())
                .put("contact_id", recipient.contactId()).put("metric", kind.id())
                .put("date", clock.instant().atOffset(ZoneOffset.UTC).toLocalDate().toString()).put("value", score);
        check(ingest.ingest(EntitySchema.METRIC, List.of(metric), List.of(0)), "metric point");
        recordEvent(recipient, Engagement.ANSWERED, at, properties(token).put("poll", token.item())
                .put("kind", kind.id()).put("score", score).put("source", source));
    }

    public void unsubscribe(Token token, Recipient recipient, Suppressions.Scope scope) {
        String at = clock.instant().toString();
        suppressions.suppress(recipient.contactId(), scope, token.item(), "unsubscribed", token.programId(),
                token.runId(), at);
        engagements.record(recipient.contactId(), recipient.accountId(), token.programId(), token.runId(),
                token.step(), Engagement.UNSUBSCRIBED, at);
        recordEvent(recipient, Engagement.UNSUBSCRIBED, at, properties(token)
                .put("scope", scope == Suppressions.Scope.ALL ? "all" : "category").put("category", token.item()));
    }

    private static ObjectNode properties(Token token) {
        return Json.object().put("program", token.programId()).put("run", token.runId()).put("step", token.step());
    }

    private void recordEvent(Recipient recipient, Engagement what, String at, ObjectNode properties) {
        JsonNode event = Json.object().put("account_id", recipient.accountId()).put("contact_id", recipient.contactId())
                .put("event", what.event()).put("timestamp", at).set("properties", properties);
        check(ingest.ingest(EntitySchema.EVENT, List.of(event), List.of(0)), what.event() + " event");
    }

    /** Ingestion explains a rejection instead of throwing; here one means the data moved under us (an erasure). */
    private static void check(IngestReport report, String what) {
        if (!report.rejected().isEmpty()) {
            throw new IllegalStateException("the " + what + " was rejected by ingestion at column "
                    + report.rejected().get(0).column());
        }
    }
}
