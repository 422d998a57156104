package dev.cairn.render;

import dev.cairn.aws.QueueSender;
import dev.cairn.lambda.Log;
import dev.cairn.lambda.RetryBackoff;
import dev.cairn.pipeline.RenderMessage;
import dev.cairn.pipeline.RenderRequest;
import dev.cairn.store.RunStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a batch of render queue messages, each for up to {@link RenderMessage#MAX_CONTACTS} contacts, as one list
 * of requests ({@link RenderService#render}: a contact's render fails alone), then settles each message by its
 * contacts' results:
 * <ul>
 *   <li>every contact rendered (or skipped): the message is done;</li>
 *   <li>every contact failed: the message fails, so the queue retries it after its back-off and dead-letters it
 *   after MaxReceiveCount receives;</li>
 *   <li>some failed: one new message carrying only the failed contacts is sent, delayed by the back-off's first
 *   step, and the message is done. If that send fails, the message fails and is rendered again whole (render is
 *   idempotent per run and deliver de-duplicates); what its rendered contacts added to the run's counters is taken
 *   back, so that each is counted once.</li>
 * </ul>
 * Every split leaves fewer contacts than it started with, so a contact that always fails ends in the dead-letter
 * queue alone, after its own retries. Logs name messages and counts, never contacts.
 */
public final class RenderMessages {

    /** A message as received, under its queue message id. */
    public record Received(String messageId, RenderMessage message) {
    }

    /** SQS's longest DelaySeconds. */
    private static final int MAX_DELAY_SECONDS = 900;

    private final RenderService service;
    private final QueueSender queue;
    private final String renderQueueUrl;
    private final int retryDelaySeconds;
    private final RunStore runs;

    public RenderMessages(RenderService service, QueueSender queue, String renderQueueUrl, RetryBackoff backoff,
                          RunStore runs) {
        this.service = service;
        this.queue = queue;
        this.renderQueueUrl = renderQueueUrl;
        this.retryDelaySeconds = Math.min(MAX_DELAY_SECONDS, backoff.after(1));
        this.runs = runs;
    }

    /** A message some of whose contacts failed: what to send again, and why. */
    private record Split(Received received, List<RenderService.Result> results, RenderMessage failed,
                         RuntimeException reason) {
    }

    /** Renders every message's contacts; answers the messages that failed, by message id, with the reason. */
    public Map<String, RuntimeException> render(List<Received> messages) {
        List<RenderRequest> requests = new ArrayList<>();
        messages.forEach(m -> requests.addAll(m.message().requests()));
        List<RenderService.Result> results = service.render(requests);
        Map<String, RuntimeException> failed = new LinkedHashMap<>();
        List<Split> splits = new ArrayList<>();
        int at = 0;
        for (Received received : messages) {
            RenderMessage message = received.message();
            List<RenderService.Result> own = results.subList(at, at + message.contactIds().size());
            at += own.size();
            List<String> failedIds = new ArrayList<>();
            RuntimeException reason = null;
            Map<RenderService.Outcome, Integer> outcomes = new EnumMap<>(RenderService.Outcome.class);
            for (int i = 0; i < own.size(); i++) {
                RenderService.Result result = own.get(i);
                if (result.failure() != null) {
                    failedIds.add(message.contactIds().get(i));
                    reason = reason == null ? result.failure() : reason;
                } else {
                    outcomes.merge(result.outcome(), 1, Integer::sum);
                }
            }
            if (failedIds.isEmpty()) {
                Log.info("render", "rendered", "messageId", received.messageId(), "program", message.programId(),
                        "run", message.runId(), "contacts", own.size(), "outcomes", outcomes);
            } else if (failedIds.size() == own.size()) {
                failed.put(received.messageId(), reason);
            } else {
                splits.add(new Split(received, own, message.withContacts(failedIds), reason));
            }
        }
        if (!splits.isEmpty()) {
            split(splits, failed);
        }
        return failed;
    }

    private void split(List<Split> splits, Map<String, RuntimeException> failed) {
        try {
            queue.send(renderQueueUrl, splits.stream().map(s -> s.failed().toJson()).toList(), retryDelaySeconds);
        } catch (RuntimeException e) {
            for (Split split : splits) {
                failed.put(split.received().messageId(), e);
                // Rendered again with the whole message: counted then.
                RenderMessage message = split.received().message();
                split.results().forEach(r -> {
                    if (r.outcome() != null) {
                        runs.add(message.runId(), r.outcome().counter(), -1);
                    }
                });
                Log.error("render", "some contacts failed and sending them again on their own failed; the message is"
                        + " reported for retry", e, "messageId", split.received().messageId(),
                        "failed", split.failed().contactIds().size(), "contacts", split.results().size());
            }
            return;
        }
        for (Split split : splits) {
            Log.error("render", "some contacts failed; sent again on their own in a new message", split.reason(),
                    "messageId", split.received().messageId(), "failed", split.failed().contactIds().size(),
                    "contacts", split.results().size(), "delaySeconds", retryDelaySeconds);
        }
    }
}
