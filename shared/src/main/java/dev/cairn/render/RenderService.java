package dev.cairn.render;

import dev.cairn.aws.QueueSender;
import dev.cairn.aws.SideBySide;
import dev.cairn.pipeline.DeliveryRequest;
import dev.cairn.pipeline.InvalidMessageException;
import dev.cairn.pipeline.RenderRequest;
import dev.cairn.program.Sequence;
import dev.cairn.store.EntityStore;
import dev.cairn.store.RunStore;
import dev.cairn.tracking.EngagementStore;
import dev.cairn.tracking.FeedbackLinks;
import dev.cairn.tracking.TrackedLinks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Renders program steps for a batch of contacts: each hub page to S3, then the emails to the delivery queue. The
 * batch's contacts with their hub items (and the program versions not read yet), then their accounts, are read with
 * BatchGetItem; the pages are stored side by side ({@link HubPageStore#putAll}); the reviews they add are recorded in
 * conditional PartiQL statements, 25 to a request (which create the hub items of contacts' first pages); and the
 * delivery requests are sent in SendMessageBatch calls, so a batch of ten costs a few requests beside its ten pages.
 * Links carry each contact's sealed reference ({@link dev.cairn.tracking.ContactRefs}): nothing to read or write for
 * it. A request that fails (a template error, a program that does not exist) fails alone.
 */
public final class RenderService {

    /** What a render did; a contact erased since the request was queued is skipped, not failed. */
    public enum Outcome {
        RENDERED("rendered"), RENDERED_DRY_RUN("rendered"), SKIPPED_NO_CONTACT("skipped_erased"),
        SKIPPED_STEP_CONDITION("skipped_step_condition");

        private final String counter;

        Outcome(String counter) {
            this.counter = counter;
        }

        /** The run counter that a request with this outcome adds one to. */
        public String counter() {
            return counter;
        }
    }

    /** One request's outcome, or why it failed (then its record alone is retried). */
    public record Result(Outcome outcome, RuntimeException failure) {
        static Result failed(RuntimeException failure) {
            return new Result(null, failure);
        }
    }

    private final EntityStore entities;
    private final ProgramCatalog programs;
    private final HubRenderer renderer;
    private final FieldDataLoader fieldData;
    private final HubPageStore pages;
    private final ReviewArchive reviews;
    private final QueueSender queue;
    private final String deliverQueueUrl;
    private final FeedbackLinks feedbackLinks;
    private final RunStore runs;
    private final EngagementStore engagements;

    public RenderService(EntityStore entities, ProgramCatalog programs, LiquidEngine liquid, HubPageStore pages,
                         QueueSender queue, String deliverQueueUrl, java.time.Clock clock, FeedbackLinks feedbackLinks,
                         RunStore runs, FieldDataLoader.PlanLookup plans, FieldDataLoader.OnboardingLookup onboarding,
                         EngagementStore engagements) {
        this.runs = runs;
        this.engagements = engagements;
        this.entities = entities;
        this.programs = programs;
        this.renderer = new HubRenderer(liquid);
        this.fieldData = new FieldDataLoader(entities, plans, onboarding, clock, FieldDataLoader.RENDER_ACCOUNT_SCOPE_TTL);
        this.pages = pages;
        this.reviews = new ReviewArchive(entities, pages, clock);
        this.queue = queue;
        this.deliverQueueUrl = deliverQueueUrl;
        this.feedbackLinks = feedbackLinks;
    }

    /** Renders every request; the results are in the requests' order. */
    public List<Result> render(List<RenderRequest> requests) {
        Set<String> contactIds = new HashSet<>();
        requests.forEach(r -> contactIds.add(r.contactId()));
        // The program versions not read yet come in the same requests as the contacts.
        EntityStore.RenderReads found = entities.forRender(contactIds, programs.unreadKeys(requests.stream()
                .map(r -> Map.entry(r.programId(), r.programVersion())).toList()));
        programs.read(found.others());
        Set<String> accountIds = new HashSet<>();
        found.contacts().values().forEach(c -> {
            if (c.get("account_id") != null) {
                accountIds.add((String) c.get("account_id"));
            }
        });
        Map<String, Map<String, Object>> accounts = entities.accounts(accountIds);
        // A contact's hub key is created with its first page, and kept for life: later reviews only read it.
        Map<String, ReviewArchive.Hub> hubs = new LinkedHashMap<>();
        found.hubs().forEach((contactId, item) -> hubs.put(contactId, reviews.open(contactId, item)));
        for (RenderRequest request : requests) {
            if (!request.dryRun() && found.contacts().containsKey(request.contactId())) {
                hubs.computeIfAbsent(request.contactId(), reviews::create);
            }
        }

        List<Result> results = Arrays.asList(new Result[requests.size()]);
        List<String> deliveries = Arrays.asList(new String[requests.size()]);
        List<ReviewArchive.Hub> stored = Arrays.asList(new ReviewArchive.Hub[requests.size()]);
        List<Integer> pending = IntStream.range(0, requests.size()).boxed().toList();
        while (!pending.isEmpty()) {
            // A contact's second request in the batch renders once its first page is stored: its page lists that one.
            Set<ReviewArchive.Hub> storing = new HashSet<>();
            List<Integer> later = new ArrayList<>();
            Map<Integer, PageToStore> toStore = new LinkedHashMap<>();
            for (int i : pending) {
                RenderRequest request = requests.get(i);
                ReviewArchive.Hub hub = hubs.get(request.contactId());
                if (hub != null && storing.contains(hub)) {
                    later.add(i);
                    continue;
                }
                Map<String, Object> contact = found.contacts().get(request.contactId());
                try {
                    Rendered rendered = contact == null ? new Rendered(Outcome.SKIPPED_NO_CONTACT, null, null)
                            : renderOne(request, contact, accounts, hub, found.hubs().containsKey(request.contactId()));
                    results.set(i, new Result(rendered.outcome(), null));
                    deliveries.set(i, rendered.delivery());
                    if (rendered.page() != null) {
                        toStore.put(i, rendered.page());
                        storing.add(hub);
                    }
                } catch (RuntimeException e) {
                    results.set(i, Result.failed(e));
                }
            }
            List<SideBySide.Outcome<String>> versions = pages.putAll(toStore.values().stream()
                    .map(page -> new HubPageStore.Page(page.hub().key(), page.html())).toList());
            int next = 0;
            for (Map.Entry<Integer, PageToStore> entry : toStore.entrySet()) {
                SideBySide.Outcome<String> version = versions.get(next++);
                int i = entry.getKey();
                PageToStore page = entry.getValue();
                if (version.failure() != null) {
                    results.set(i, Result.failed(version.failure()));
                    deliveries.set(i, null);
                } else {
                    reviews.keep(page.hub(), page.programId(), page.runId(), page.programName(), version.value());
                    stored.set(i, page.hub());
                }
            }
            pending = later;
        }
        ReviewArchive.Recorded recorded;
        try {
            recorded = reviews.record(stored.stream().filter(Objects::nonNull).distinct().toList());
        } catch (RuntimeException e) {
            // The pages are stored but not listed: every stored page is rendered again, and its review recorded then.
            recorded = new ReviewArchive.Recorded(Set.of(), Set.of());
            for (int i = 0; i < requests.size(); i++) {
                if (stored.get(i) != null) {
                    results.set(i, Result.failed(e));
                }
            }
        }
        // A page whose review could not be recorded is stored but not listed: its request fails, to be rendered again.
        for (int i = 0; i < requests.size(); i++) {
            RuntimeException failure = recorded.failed().get(requests.get(i).contactId());
            if (failure != null && stored.get(i) != null) {
                results.set(i, Result.failed(failure));
            }
        }
        // A first page that lost to a concurrent render's names a key that is not the contact's: those requests are
        // rendered again (and counted and sent there), now under the key in force.
        List<Integer> again = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            if (recorded.createdMeanwhile().contains(requests.get(i).contactId())
                    && results.get(i).outcome() == Outcome.RENDERED) {
                again.add(i);
            }
        }
        if (!again.isEmpty()) {
            List<Result> rendered = render(again.stream().map(requests::get).toList());
            for (int j = 0; j < again.size(); j++) {
                results.set(again.get(j), rendered.get(j));
            }
        }
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            if (again.contains(i)) {
                continue;
            }
            if (recorded.erased().contains(requests.get(i).contactId()) && results.get(i).outcome() == Outcome.RENDERED) {
                results.set(i, new Result(Outcome.SKIPPED_NO_CONTACT, null));
            } else if (results.get(i).outcome() == Outcome.RENDERED) {
                sent.add(deliveries.get(i));
            }
        }
        try {
            queue.send(deliverQueueUrl, sent);
        } catch (RuntimeException e) {
            // Which were accepted is unknown: every stored page is rendered again, and deliver de-duplicates.
            for (int i = 0; i < requests.size(); i++) {
                if (!again.contains(i) && results.get(i).outcome() == Outcome.RENDERED) {
                    results.set(i, Result.failed(e));
                }
            }
        }
        for (int i = 0; i < requests.size(); i++) {
            Outcome outcome = results.get(i).outcome();
            if (outcome != null && !again.contains(i)) {
                runs.add(requests.get(i).runId(), outcome.counter(), 1);
            }
        }
        return results;
    }

    /** What rendering one request did: its outcome, its email, and the hub page version to store (or null). */
    private record Rendered(Outcome outcome, String delivery, PageToStore page) {
    }

    /** A rendered page, stored with the batch's others and then kept as a review on its hub. */
    private record PageToStore(ReviewArchive.Hub hub, String programId, String runId, String programName, String html) {
    }

    private Rendered renderOne(RenderRequest request, Map<String, Object> contact,
                               Map<String, Map<String, Object>> accounts, ReviewArchive.Hub hub, boolean hadPage) {
        CompiledProgram program = programs.get(request.programId(), request.programVersion())
                .orElseThrow(() -> new InvalidMessageException("program " + request.programId() + " version "
                        + request.programVersion() + " does not exist"));
        Map<String, Object> account = accounts.getOrDefault((String) contact.get("account_id"), Map.of());
        CompiledProgram.Step step = null;
        if (!request.step().equals(Sequence.MAIN)) {
            step = program.step(request.step()).orElseThrow(() -> new InvalidMessageException("program "
                    + request.programId() + " version " + request.programVersion() + " has no step " + request.step()));
            String condition = step.spec().condition();
            // Checked when the step is due, against the run so far; a dry run renders every step.
            if (!request.dryRun() && condition != null && engagements.engaged(request.contactId(), request.programId(),
                    request.runId()) != condition.equals(Sequence.IF_ENGAGED)) {
                return new Rendered(Outcome.SKIPPED_STEP_CONDITION, null, null);
            }
        }
        if (request.dryRun()) {
            // Renders everything, so template errors surface, and stores and sends nothing.
            renderer.render(program, fieldData.load(program.program(), contact, account), "", TrackedLinks.UNTRACKED,
                    List.of(), step);
            return new Rendered(Outcome.RENDERED_DRY_RUN, null, null);
        }
        TrackedLinks links = feedbackLinks.forStep(request.contactId(), contact.get("created_at"), request.programId(),
                request.runId(), request.step());
        RenderedMessage message = renderer.render(program, fieldData.load(program.program(), contact, account),
                pages.url(hub.key()), links, reviews.earlier(hub, request.programId(), request.runId()), step);
        // A step leaves the page as the main send (or an earlier step) left it, unless it asks to render it again
        // or the contact has no page yet: its email's hub link always leads somewhere.
        PageToStore page = null;
        if (step == null || step.spec().renderPage() || !hadPage) {
            page = new PageToStore(hub, request.programId(), request.runId(), program.program().name(), message.page());
        }
        String category = program.program().category();
        return new Rendered(Outcome.RENDERED, new DeliveryRequest(request.programId(), request.contactId(),
                request.runId(), request.step(), (String) contact.get("email"), message.subject(), message.html(),
                message.text(), links.unsubscribe(category), category, program.program().sendWindow(),
                (String) contact.get("timezone")).toJson(), page);
    }
}
