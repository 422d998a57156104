package dev.cairn.delivery;

import dev.cairn.pipeline.DeliveryRequest;
import dev.cairn.store.DueStore;
import dev.cairn.tracking.Suppressions;
import dev.cairn.store.RunStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Sends a rendered email exactly once per (contact, program, run, step). The one window that can still
 * duplicate is a crash after SES accepted the message and before {@link DeliveryStore#markSent} returns: once
 * the lease expires, the retry finds the record still "sending" and sends again. That window holds only the
 * SES response and one DynamoDB write. See docs/operations.md.
 */
public final class DeliveryService {

    public enum Outcome { SENT, ALREADY_SENT, SKIPPED_ERASED, SKIPPED_SUPPRESSED, WAITING_FOR_WINDOW }

    /** The name under which parked emails return to this stage's queue. */
    public static final String QUEUE = "deliver";

    private final DeliveryStore deliveries;
    private final Mailer mailer;
    private final Suppressions suppressions;
    private final DueStore due;
    private final RunStore runs;
    private final Clock clock;

    public DeliveryService(DeliveryStore deliveries, Mailer mailer, Suppressions suppressions,
                           DueStore due, RunStore runs, Clock clock) {
        this.deliveries = deliveries;
        this.mailer = mailer;
        this.suppressions = suppressions;
        this.due = due;
        this.runs = runs;
        this.clock = clock;
    }

    public Outcome deliver(DeliveryRequest request) {
        Suppressions.Recipient recipient = suppressions.recipient(request.contactId(), request.categoryOrProgram(), request.to());
        if (!recipient.exists()) {
            runs.add(request.runId(), "skipped_erased", 1);
            return Outcome.SKIPPED_ERASED; // Erased after the email was rendered: nothing more is sent.
        }
        if (recipient.suppressed()) {
            runs.add(request.runId(), "skipped_suppressed", 1);
            return Outcome.SKIPPED_SUPPRESSED; // Unsubscribed, or the address bounced or complained, before or since.
        }
        if (request.window() != null) {
            ZoneId zone = zoneOf(request.timezone());
            Optional<Instant> opens = SendWindows.nextOpening(request.window(), zone, clock.instant());
            if (opens.isPresent()) {
                // Parked, not retried: the scheduler returns it to this queue when the contact's window opens.
                due.park(opens.get(), QUEUE, request.toJson());
                runs.add(request.runId(), "waiting_for_window", 1);
                return Outcome.WAITING_FOR_WINDOW;
            }
        }
        switch (deliveries.claim(request.contactId(), request.programId(), request.runId(), request.step())) {
            case ALREADY_SENT:
                return Outcome.ALREADY_SENT;
            case HELD_BY_ANOTHER_ATTEMPT:
                // Not acknowledged: the message comes back after its visibility timeout and finds the outcome.
                throw new IllegalStateException("another attempt is sending this step now; retrying later");
            default:
                break;
        }
        String messageId;
        try {
            messageId = mailer.send(request.to(), request.subject(), request.html(), request.text(),
                    request.programId(), request.runId(), request.unsubscribeUrl());
        } catch (RuntimeException failed) {
            // Throttled or refused: the message goes back to the queue, and its retry may claim again at once.
            try {
                deliveries.release(request.contactId(), request.programId(), request.runId(), request.step());
            } catch (RuntimeException releaseFailed) {
                failed.addSuppressed(releaseFailed); // The lease then expires by itself.
            }
            throw failed;
        }
        deliveries.markSent(request.contactId(), request.programId(), request.runId(), request.step(), messageId, runs);
        return Outcome.SENT;
    }

    /**
     * Counts a delivery that failed on its last attempt: the queue's redrive policy moves it to the dead-letter
     * queue next, so the run's {@code failed} counter shows it.
     */
    public void countFailed(DeliveryRequest request) {
        runs.add(request.runId(), "failed", 1);
    }

    private static ZoneId zoneOf(String timezone) {
        try {
            return timezone == null ? ZoneOffset.UTC : ZoneId.of(timezone);
        } catch (java.time.DateTimeException e) {
            return ZoneOffset.UTC; // Validated at ingestion; a zone the JVM no longer knows reads as UTC.
        }
    }
}
