package dev.cairn.delivery;

import dev.cairn.pipeline.DeliveryRequest;

/**
 * Sends a rendered email exactly once per (contact, program, run, step). The one window that can still
 * duplicate is a crash after SES accepted the message and before {@link DeliveryStore#markSent} returns: once
 * the lease expires, the retry finds the record still "sending" and sends again. See docs/operations.md.
 */
public final class DeliveryService {

    public enum Outcome { SENT, ALREADY_SENT }

    private final DeliveryStore deliveries;
    private final Mailer mailer;

    public DeliveryService(DeliveryStore deliveries, Mailer mailer) {
        this.deliveries = deliveries;
        this.mailer = mailer;
    }

    public Outcome deliver(DeliveryRequest request) {
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
                request.programId(), request.runId());
        deliveries.markSent(request.contactId(), request.programId(), request.runId(), request.step(), messageId);
        return Outcome.SENT;
    }
}
