package dev.cairn.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;
import dev.cairn.pipeline.InvalidMessageException;
import dev.cairn.pipeline.Messages;
import dev.cairn.tracking.Suppressions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * SES's bounce and complaint events, as the configuration set's event destination publishes them to SNS and SNS
 * delivers them to a queue (an SNS envelope whose {@code Message} is the SES event). A permanent bounce or a
 * complaint suppresses each address it names, so that no contact with that address is emailed again; a transient
 * or undetermined bounce (a full mailbox, a greylisting server) suppresses nothing.
 */
public final class SesEvents {

    public enum Outcome { SUPPRESSED_BOUNCE, SUPPRESSED_COMPLAINT, IGNORED_TRANSIENT_BOUNCE, IGNORED_OTHER_EVENT }

    /** What one event did, and to how many addresses (addresses themselves are never logged). */
    public record Result(Outcome outcome, int addresses) {
    }

    private final Suppressions suppressions;
    private final Clock clock;

    public SesEvents(Suppressions suppressions, Clock clock) {
        this.suppressions = suppressions;
        this.clock = clock;
    }

    /** Handles one SNS notification (the body of an SQS message from the topic's subscription). */
    public Result handle(JsonNode envelope) {
        if (!"Notification".equals(Json.text(envelope, "Type")) || Json.text(envelope, "Message") == null) {
            throw new InvalidMessageException("not an SNS notification: Type must be \"Notification\" with a Message");
        }
        JsonNode event = Messages.parse(Json.text(envelope, "Message"));
        // Configuration-set event publishing says eventType; identity notifications say notificationType.
        String type = Json.text(event, "eventType") != null ? Json.text(event, "eventType") : Json.text(event, "notificationType");
        if ("Bounce".equals(type)) {
            JsonNode bounce = event.path("bounce");
            if (!"Permanent".equals(Json.text(bounce, "bounceType"))) {
                return new Result(Outcome.IGNORED_TRANSIENT_BOUNCE, 0);
            }
            String detail = "Permanent/" + bounce.path("bounceSubType").asText("");
            return new Result(Outcome.SUPPRESSED_BOUNCE, suppress(bounce.path("bouncedRecipients"), "bounce", detail));
        }
        if ("Complaint".equals(type)) {
            JsonNode complaint = event.path("complaint");
            String detail = complaint.path("complaintFeedbackType").asText("unspecified");
            return new Result(Outcome.SUPPRESSED_COMPLAINT, suppress(complaint.path("complainedRecipients"), "complaint", detail));
        }
        return new Result(Outcome.IGNORED_OTHER_EVENT, 0);
    }

    private int suppress(JsonNode recipients, String reason, String detail) {
        List<String> addresses = new ArrayList<>();
        recipients.forEach(r -> {
            String address = Json.text(r, "emailAddress");
            if (address != null && !address.isBlank()) {
                addresses.add(address);
            }
        });
        if (addresses.isEmpty()) {
            throw new InvalidMessageException("the " + reason + " event names no recipient emailAddress");
        }
        String at = clock.instant().toString();
        addresses.forEach(address -> suppressions.suppressAddress(address, reason, detail, at));
        return addresses.size();
    }
}
