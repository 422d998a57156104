package dev.cairn.trigger;

import dev.cairn.aws.QueueSender;
import dev.cairn.ingest.EntitySchema;
import dev.cairn.pipeline.ChangeMessage;
import dev.cairn.pipeline.RenderRequest;
import dev.cairn.program.Triggers;
import dev.cairn.render.CompiledProgram;
import dev.cairn.render.LiquidEngine;
import dev.cairn.render.ProgramCatalog;
import dev.cairn.render.RenderModel;
import dev.cairn.store.EntityStore;
import dev.cairn.store.ProgramStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Decides which programs a change starts, and for whom, and queues one render request per contact. */
public final class EvaluateService {

    private final EntityStore entities;
    private final ProgramStore programStore;
    private final ProgramCatalog programs;
    private final LiquidEngine liquid;
    private final QueueSender queue;
    private final String renderQueueUrl;

    public EvaluateService(EntityStore entities, ProgramStore programStore, ProgramCatalog programs,
                           LiquidEngine liquid, QueueSender queue, String renderQueueUrl) {
        this.entities = entities;
        this.programStore = programStore;
        this.programs = programs;
        this.liquid = liquid;
        this.queue = queue;
        this.renderQueueUrl = renderQueueUrl;
    }

    /** Returns the render requests queued. */
    public List<RenderRequest> evaluate(ChangeMessage change) {
        String trigger = triggerOf(change);
        if (trigger == null) {
            return List.of();
        }
        Optional<Map<String, Object>> contact = entities.get(EntitySchema.CONTACT, change.id());
        if (contact.isEmpty()) {
            return List.of();
        }
        Map<String, Object> account = entities.get(EntitySchema.ACCOUNT, change.accountId()).orElse(Map.of());
        List<RenderRequest> requests = new ArrayList<>();
        for (ProgramStore.ProgramSummary summary : programStore.list()) {
            if (!trigger.equals(summary.trigger())) {
                continue;
            }
            Optional<CompiledProgram> program = programs.get(summary.id(), summary.currentVersion());
            if (program.isPresent() && Audience.includes(program.get(), contact.get(), account, liquid)) {
                // The run id of a trigger is stable, so the same trigger never sends twice to one contact.
                requests.add(new RenderRequest(summary.id(), summary.currentVersion(), change.id(),
                        "trigger-" + trigger, "main"));
            }
        }
        queue.send(renderQueueUrl, requests.stream().map(RenderRequest::toJson).toList());
        return requests;
    }

    private static String triggerOf(ChangeMessage change) {
        if ("contact".equals(change.kind()) && "created".equals(change.change())) {
            return Triggers.CONTACT_CREATED;
        }
        return null;
    }

    /** Whether a contact is in a program's audience: segment, role, then the author's condition. */
    static final class Audience {
        private Audience() {
        }

        static boolean includes(CompiledProgram compiled, Map<String, Object> contact, Map<String, Object> account,
                                LiquidEngine liquid) {
            var program = compiled.program();
            if (!program.segments().isEmpty() && !program.segments().contains(account.get("segment"))) {
                return false;
            }
            if (!program.roles().isEmpty() && !program.roles().contains(contact.get("role"))) {
                return false;
            }
            return compiled.audience() == null || liquid.holds("program.yaml (audience.when)", compiled.audience(),
                    RenderModel.of(contact, account, null, program.id(), program.name()));
        }
    }
}
