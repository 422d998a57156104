package dev.cairn.delivery;

import dev.cairn.ingest.EntitySchema;
import dev.cairn.pipeline.DeliveryRequest;
import dev.cairn.store.EntityStore;
import dev.cairn.tracking.Suppressions;

/**
 * Sends a rendered email exactly once per (contact, program, run, step). The one window that can still
 * duplicate is a crash after SES accepted the message and before {@link DeliveryStore#markSent} returns: once
 * the lease expires, the retry finds the record still "sending" and sends again. See docs/operations.md.
 */
public final class DeliveryService {

    public enum Outcome { SENT, ALREADY_SENT, SKIPPED_ERASED, SKIPPED_SUPPRESSED }

    private final EntityStore entities;
    private final DeliveryStore deliveries;
    private final Mailer mailer;
    private final Suppressions suppressions;

    public DeliveryService(EntityStore entities, DeliveryStore deliveries, Mailer mailer, Suppressions suppressions) {
        this.entities = entities;
        this.deliveries = deliveries;
        this.mailer = mailer;
        this.suppressions = suppressions;
    }

    public Outcome deliver(DeliveryRequest request) {
        if (entities.get(EntitySchema.CONTACT, request.contactId()).isEmpty()) {
            return Outcome.SKIPPED_ERASED; // Erased after the email was rendered: nothing more is sent.
        }
        if (suppressions.isSuppressed(request.contactId(), request.categoryOrProgram())) {
            return Outcome.SKIPPED_SUPPRESSED; // Unsubscribed after the email was rendered, or before.
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
        String messageId = mailer.send(request.to(), request.subject(), request.html(), request.text(),
                request.programId(), request.runId(), request.unsubscribeUrl());
        deliveries.markSent(request.contactId(), request.programId(), request.runId(), request.step(), messageId);
        return Outcome.SENT;
    }
}
