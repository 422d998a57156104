package dev.cairn.render;

import dev.cairn.aws.QueueSender;
import dev.cairn.ingest.EntitySchema;
import dev.cairn.pipeline.DeliveryRequest;
import dev.cairn.pipeline.InvalidMessageException;
import dev.cairn.pipeline.RenderRequest;
import dev.cairn.store.EntityStore;
import dev.cairn.program.Sequence;
import dev.cairn.tracking.EngagementStore;
import dev.cairn.tracking.FeedbackLinks;
import dev.cairn.tracking.TrackedLinks;
import dev.cairn.store.RunStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Renders one program step for one contact: the hub page to S3, then the email to the delivery queue. */
public final class RenderService {


    /** What a render did; a contact erased since the request was queued is skipped, not failed. */
    public enum Outcome { RENDERED, RENDERED_DRY_RUN, SKIPPED_NO_CONTACT, SKIPPED_STEP_CONDITION }

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
                         RunStore runs, FieldDataLoader.PlanLookup plans, EngagementStore engagements) {
        this.runs = runs;
        this.engagements = engagements;
        this.entities = entities;
        this.programs = programs;
        this.renderer = new HubRenderer(liquid);
        this.fieldData = new FieldDataLoader(entities, plans, clock, FieldDataLoader.RENDER_ACCOUNT_SCOPE_TTL);
        this.pages = pages;
        this.reviews = new ReviewArchive(entities, pages);
        this.queue = queue;
        this.deliverQueueUrl = deliverQueueUrl;
        this.feedbackLinks = feedbackLinks;
    }

    public Outcome render(RenderRequest request) {
        Optional<Map<String, Object>> found = entities.get(EntitySchema.CONTACT, request.contactId());
        if (found.isEmpty()) {
            runs.add(request.runId(), "skipped_erased", 1);
            return Outcome.SKIPPED_NO_CONTACT;
        }
        Map<String, Object> contact = found.get();
        Map<String, Object> account = entities.get(EntitySchema.ACCOUNT, (String) contact.get("account_id")).orElse(Map.of());
        CompiledProgram program = programs.get(request.programId(), request.programVersion())
                .orElseThrow(() -> new InvalidMessageException("program " + request.programId() + " version "
                        + request.programVersion() + " does not exist"));

        CompiledProgram.Step step = null;
        if (!request.step().equals(Sequence.MAIN)) {
            step = program.step(request.step()).orElseThrow(() -> new InvalidMessageException("program "
                    + request.programId() + " version " + request.programVersion() + " has no step " + request.step()));
            String condition = step.spec().condition();
            // Checked when the step is due, against the run so far; a dry run renders every step.
            if (!request.dryRun() && condition != null && engagements.engaged(request.contactId(), request.programId(),
                    request.runId()) != condition.equals(Sequence.IF_ENGAGED)) {
                runs.add(request.runId(), "skipped_step_condition", 1);
                return Outcome.SKIPPED_STEP_CONDITION;
            }
        }
        if (request.dryRun()) {
            // Renders everything, so template errors surface, and stores and sends nothing.
            renderer.render(program, fieldData.load(program.program(), contact, account), "", TrackedLinks.UNTRACKED,
                    List.of(), step);
            runs.add(request.runId(), "rendered", 1);
            return Outcome.RENDERED_DRY_RUN;
        }
        Optional<String> existing = entities.hubKey(request.contactId());
        String key = existing.orElseGet(() -> entities.claimHubKey(request.contactId(), HubPageStore.newKey()));
        TrackedLinks links = feedbackLinks.forStep(request.contactId(), request.programId(), request.runId(),
                request.step());
        RenderedMessage message = renderer.render(program, fieldData.load(program.program(), contact, account),
                pages.url(key), links, reviews.earlier(request.contactId(), request.programId(), request.runId()), step);
        // A step leaves the page as the main send (or an earlier step) left it, unless it asks to render it again
        // or the contact has no page yet: its email's hub link always leads somewhere.
        if (step == null || step.spec().renderPage() || existing.isEmpty()) {
            pages.put(key, message.page());
            reviews.keep(request.contactId(), request.programId(), request.runId(), program.program().name(), message.page());
        }
        String category = program.program().category();
        queue.send(deliverQueueUrl, List.of(new DeliveryRequest(request.programId(), request.contactId(),
                request.runId(), request.step(), (String) contact.get("email"), message.subject(), message.html(),
                message.text(), links.unsubscribe(category), category, program.program().sendWindow(),
                (String) contact.get("timezone")).toJson()));
        runs.add(request.runId(), "rendered", 1);
        return Outcome.RENDERED;
    }
}
