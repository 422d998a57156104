package dev.cairn.delivery;

import dev.cairn.aws.SideBySide;
import dev.cairn.pipeline.DeliveryRequest;
import dev.cairn.store.DueStore;
import dev.cairn.tracking.Suppressions;
import dev.cairn.store.RunStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * Sends rendered emails exactly once per (contact, program, run, step), a batch at a time: one BatchGetItem checks
 * every recipient, one BatchExecuteStatement claims the batch's new delivery records (a transaction claims those
 * that exist: retries and duplicates), the sends follow, and one more BatchExecuteStatement marks the sent records,
 * followed by one UpdateItem adding them to their run's {@code sent} counter (a separate write: see
 * {@link DeliveryStore#markAllSent} for what that leaves uncounted).
 *
 * The sends go out side by side ({@link SideBySide}), each within this environment's share of the send rate.
 *
 * <p>The one window that can still duplicate: the marks of a batch are written after its sends, so a crash (or a
 * lost mark write) after SES accepted a message and before its mark is written leaves the record "sending"; once its
 * lease expires, the retry sends again. That window holds the sends of one batch, at most ten; a send that finds the
 * invocation short of time is not made (its claim released, its record retried), so the function's timeout does not
 * open it. See docs/operations.md.
 */
public final class DeliveryService {

    public enum Outcome { SENT, ALREADY_SENT, SKIPPED_ERASED, SKIPPED_SUPPRESSED, WAITING_FOR_WINDOW }

    /** One request's outcome, or why it failed (then its record alone is retried). */
    public record Result(Outcome outcome, RuntimeException failure) {
        static Result failed(RuntimeException failure) {
            return new Result(null, failure);
        }
    }

    /** The name under which parked emails return to this stage's queue. */
    public static final String QUEUE = "deliver";

    private final DeliveryStore deliveries;
    private final Mailer mailer;
    private final Suppressions suppressions;
    private final DueStore due;
    private final RunStore runs;
    private final Clock clock;
    private final SideBySide sideBySide = new SideBySide("ses-send");

    public DeliveryService(DeliveryStore deliveries, Mailer mailer, Suppressions suppressions,
                           DueStore due, RunStore runs, Clock clock) {
        this.deliveries = deliveries;
        this.mailer = mailer;
        this.suppressions = suppressions;
        this.due = due;
        this.runs = runs;
        this.clock = clock;
    }

    /**
     * Delivers every request; the results are in the requests' order. {@code shortOfTime} says when the invocation
     * must stop sending: the records not yet sent then give up their claims and fail, to be retried.
     */
    public List<Result> deliver(List<DeliveryRequest> requests, BooleanSupplier shortOfTime) {
        List<Suppressions.Check> checks = new ArrayList<>(requests.size());
        requests.forEach(r -> checks.add(new Suppressions.Check(r.contactId(), r.categoryOrProgram(), r.to())));
        List<Suppressions.Recipient> recipients = suppressions.recipients(checks);

        Result[] results = new Result[requests.size()];
        // The first request for a record claims it; a copy in the same batch (queued twice upstream) waits for it.
        Map<DeliveryStore.Key, Integer> claimants = new LinkedHashMap<>();
        Map<Integer, Integer> copies = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            DeliveryRequest request = requests.get(i);
            Suppressions.Recipient recipient = recipients.get(i);
            if (!recipient.exists()) {
                runs.add(request.runId(), "skipped_erased", 1);
                results[i] = new Result(Outcome.SKIPPED_ERASED, null); // Erased after rendering: nothing more is sent.
            } else if (recipient.suppressed()) {
                // Unsubscribed, or the address bounced or complained, before or since.
                runs.add(request.runId(), "skipped_suppressed", 1);
                results[i] = new Result(Outcome.SKIPPED_SUPPRESSED, null);
            } else if (!parked(request, results, i)) {
                Integer claimant = claimants.putIfAbsent(key(request), i);
                if (claimant != null) {
                    copies.put(i, claimant);
                }
            }
        }

        Map<DeliveryStore.Key, DeliveryStore.Claim> claims;
        try {
            claims = claimants.isEmpty() ? Map.of() : deliveries.claimAll(List.copyOf(claimants.keySet()));
        } catch (RuntimeException e) {
            claimants.values().forEach(i -> results[i] = Result.failed(e));
            claims = Map.of();
        }
        List<DeliveryStore.Key> claimed = new ArrayList<>();
        List<Callable<String>> sends = new ArrayList<>();
        for (Map.Entry<DeliveryStore.Key, Integer> claimant : claimants.entrySet()) {
            int i = claimant.getValue();
            DeliveryStore.Claim claim = claims.get(claimant.getKey());
            if (claim == null) {
                continue; // The claim failed: already answered.
            }
            switch (claim) {
                case ALREADY_SENT -> results[i] = new Result(Outcome.ALREADY_SENT, null);
                // Not acknowledged: the message comes back after its back-off and finds the outcome.
                case HELD_BY_ANOTHER_ATTEMPT -> results[i] = Result.failed(
                        new IllegalStateException("another attempt is sending this step now; retrying later"));
                case CLAIMED -> {
                    DeliveryRequest request = requests.get(i);
                    claimed.add(claimant.getKey());
                    sends.add(() -> {
                        if (shortOfTime.getAsBoolean()) {
                            throw new IllegalStateException("the invocation is short of time; sending on the retry");
                        }
                        return mailer.send(request.to(), request.subject(), request.html(), request.text(),
                                request.programId(), request.runId(), request.unsubscribeUrl());
                    });
                }
            }
        }
        // Side by side, each no sooner than this environment's share of the send rate allows (Mailer).
        List<SideBySide.Outcome<String>> sent = sideBySide.all(sends);
        List<DeliveryStore.Sent> unmarked = new ArrayList<>();
        List<Integer> unmarkedIndexes = new ArrayList<>();
        for (int j = 0; j < claimed.size(); j++) {
            DeliveryStore.Key key = claimed.get(j);
            int i = claimants.get(key);
            if (sent.get(j).failure() != null) {
                // Throttled, refused or not sent for lack of time: the message goes back to the queue, and its
                // retry may claim again at once.
                results[i] = Result.failed(released(key, sent.get(j).failure()));
            } else {
                unmarked.add(new DeliveryStore.Sent(key, sent.get(j).value()));
                unmarkedIndexes.add(i);
            }
        }
        markSent(unmarked, unmarkedIndexes, results);

        for (Map.Entry<Integer, Integer> copy : copies.entrySet()) {
            Result first = results[copy.getValue()];
            results[copy.getKey()] = first.failure() == null ? new Result(Outcome.ALREADY_SENT, null)
                    : Result.failed(new IllegalStateException("a copy of this message in the same batch failed; retrying later"));
        }
        return List.of(results);
    }

    /** Parks the email until the contact's send window opens, when it is outside it now; true if it answered. */
    private boolean parked(DeliveryRequest request, Result[] results, int i) {
        if (request.window() == null) {
            return false;
        }
        ZoneId zone = zoneOf(request.timezone());
        Optional<Instant> opens = SendWindows.nextOpening(request.window(), zone, clock.instant());
        if (opens.isEmpty()) {
            return false;
        }
        try {
            // Parked, not retried: the scheduler returns it to this queue when the contact's window opens.
            due.park(opens.get(), QUEUE, request.toJson());
            runs.add(request.runId(), "waiting_for_window", 1);
            results[i] = new Result(Outcome.WAITING_FOR_WINDOW, null);
        } catch (RuntimeException e) {
            results[i] = Result.failed(e);
        }
        return true;
    }

    /** Gives up the claim of a step that was not sent; a failure to do so rides on the original one. */
    private RuntimeException released(DeliveryStore.Key key, RuntimeException failure) {
        try {
            deliveries.release(key);
        } catch (RuntimeException releaseFailed) {
            failure.addSuppressed(releaseFailed); // The lease then expires by itself.
        }
        return failure;
    }

    /**
     * Marks the batch's sends. A record whose mark could not be written (or all of them, if the request failed) stays
     * "sending" and is reported failed: its retry finds it held until the lease expires, then sends again (the
     * duplicate window).
     */
    private void markSent(List<DeliveryStore.Sent> unmarked, List<Integer> indexes, Result[] results) {
        if (unmarked.isEmpty()) {
            return;
        }
        try {
            Map<DeliveryStore.Key, RuntimeException> failed = deliveries.markAllSent(unmarked, runs);
            for (int n = 0; n < indexes.size(); n++) {
                RuntimeException failure = failed.get(unmarked.get(n).key());
                results[indexes.get(n)] = failure == null ? new Result(Outcome.SENT, null) : Result.failed(failure);
            }
        } catch (RuntimeException e) {
            indexes.forEach(i -> results[i] = Result.failed(e));
        }
    }

    /**
     * Counts a delivery that failed on its last attempt: the queue's redrive policy moves it to the dead-letter
     * queue next, so the run's {@code failed} counter shows it.
     */
    public void countFailed(DeliveryRequest request) {
        runs.add(request.runId(), "failed", 1);
    }

    private static DeliveryStore.Key key(DeliveryRequest request) {
        return new DeliveryStore.Key(request.contactId(), request.programId(), request.runId(), request.step());
    }

    private static ZoneId zoneOf(String timezone) {
        try {
            return timezone == null ? ZoneOffset.UTC : ZoneId.of(timezone);
        } catch (java.time.DateTimeException e) {
            return ZoneOffset.UTC; // Validated at ingestion; a zone the JVM no longer knows reads as UTC.
        }
    }
}
