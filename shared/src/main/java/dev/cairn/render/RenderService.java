package dev.cairn.render;

import dev.cairn.aws.QueueSender;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders program steps for a batch of contacts: each hub page to S3, then the emails to the delivery queue. The
 * batch's contacts, hub keys, accounts and link references are read with BatchGetItem (missing keys and references,
 * once in each contact's life, created in one transaction each) and the delivery requests sent in SendMessageBatch
 * calls, so a batch of ten costs a few requests beside its ten pages. A request that fails (a template error, a program that does not exist) fails alone.
 */
public final class RenderService {

    /** What a render did; a contact erased since the request was queued is skipped, not failed. */
    public enum Outcome { RENDERED, RENDERED_DRY_RUN, SKIPPED_NO_CONTACT, SKIPPED_STEP_CONDITION }

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
        this.reviews = new ReviewArchive(entities, pages);
        this.queue = queue;
        this.deliverQueueUrl = deliverQueueUrl;
        this.feedbackLinks = feedbackLinks;
    }

    /** Renders every request; the results are in the requests' order. */
    public List<Result> render(List<RenderRequest> requests) {
        Set<String> contactIds = new HashSet<>();
        requests.forEach(r -> contactIds.add(r.contactId()));
        EntityStore.ContactsWithHubKeys found = entities.contactsWithHubKeys(contactIds);
        Set<String> accountIds = new HashSet<>();
        found.contacts().values().forEach(c -> {
            if (c.get("account_id") != null) {
                accountIds.add((String) c.get("account_id"));
            }
        });
        Map<String, Map<String, Object>> accounts = entities.accounts(accountIds);
        // A contact's hub key is claimed at its first page and kept for life: later reviews only read it.
        Map<String, String> newKeys = new LinkedHashMap<>();
        for (RenderRequest request : requests) {
            if (!request.dryRun() && found.contacts().containsKey(request.contactId())
                    && !found.hubKeys().containsKey(request.contactId())) {
                newKeys.putIfAbsent(request.contactId(), HubPageStore.newKey());
            }
        }
        Map<String, String> hubKeys = new HashMap<>(found.hubKeys());
        hubKeys.putAll(entities.claimHubKeys(newKeys));
        Set<String> linked = new HashSet<>();
        for (RenderRequest request : requests) {
            if (!request.dryRun() && found.contacts().containsKey(request.contactId())) {
                linked.add(request.contactId());
            }
        }
        Map<String, String> refs = feedbackLinks.refsOf(linked);

        List<Result> results = new ArrayList<>(requests.size());
        List<String> deliveries = new ArrayList<>();
        for (RenderRequest request : requests) {
            Map<String, Object> contact = found.contacts().get(request.contactId());
            try {
                results.add(new Result(contact == null ? Outcome.SKIPPED_NO_CONTACT
                        : renderOne(request, contact, accounts, hubKeys, found.hubKeys().containsKey(request.contactId()),
                        refs, deliveries), null));
            } catch (RuntimeException e) {
                results.add(Result.failed(e));
            }
        }
        try {
            queue.send(deliverQueueUrl, deliveries);
        } catch (RuntimeException e) {
            // Which were accepted is unknown: every stored page is rendered again, and deliver de-duplicates.
            results.replaceAll(r -> r.outcome() == Outcome.RENDERED ? Result.failed(e) : r);
        }
        for (int i = 0; i < requests.size(); i++) {
            Outcome outcome = results.get(i).outcome();
            if (outcome != null) {
                runs.add(requests.get(i).runId(), switch (outcome) {
                    case SKIPPED_NO_CONTACT -> "skipped_erased";
                    case SKIPPED_STEP_CONDITION -> "skipped_step_condition";
                    default -> "rendered";
                }, 1);
            }
        }
        return results;
    }

    private Outcome renderOne(RenderRequest request, Map<String, Object> contact,
                              Map<String, Map<String, Object>> accounts, Map<String, String> hubKeys, boolean hadPage,
                              Map<String, String> refs, List<String> deliveries) {
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
                return Outcome.SKIPPED_STEP_CONDITION;
            }
        }
        if (request.dryRun()) {
            // Renders everything, so template errors surface, and stores and sends nothing.
            renderer.render(program, fieldData.load(program.program(), contact, account), "", TrackedLinks.UNTRACKED,
                    List.of(), step);
            return Outcome.RENDERED_DRY_RUN;
        }
        String key = hubKeys.get(request.contactId());
        TrackedLinks links = feedbackLinks.forStep(refs.get(request.contactId()), request.programId(), request.runId(),
                request.step());
        RenderedMessage message = renderer.render(program, fieldData.load(program.program(), contact, account),
                pages.url(key), links, reviews.earlier(request.contactId(), request.programId(), request.runId()), step);
        // A step leaves the page as the main send (or an earlier step) left it, unless it asks to render it again
        // or the contact has no page yet: its email's hub link always leads somewhere.
        if (step == null || step.spec().renderPage() || !hadPage) {
            pages.put(key, message.page());
            reviews.keep(request.contactId(), request.programId(), request.runId(), program.program().name(), message.page());
        }
        String category = program.program().category();
        deliveries.add(new DeliveryRequest(request.programId(), request.contactId(), request.runId(), request.step(),
                (String) contact.get("email"), message.subject(), message.html(), message.text(),
                links.unsubscribe(category), category, program.program().sendWindow(),
                (String) contact.get("timezone")).toJson());
        return Outcome.RENDERED;
    }
}
