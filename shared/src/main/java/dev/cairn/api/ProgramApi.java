package dev.cairn.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.json.Json;
import dev.cairn.program.Program;
import dev.cairn.program.ProgramParser;
import dev.cairn.program.ProgramValidationException;
import dev.cairn.program.Sequence;
import dev.cairn.program.StepSpec;
import dev.cairn.ingest.EntitySchema;
import dev.cairn.render.CompiledProgram;
import dev.cairn.render.FieldDataLoader;
import dev.cairn.render.HubRenderer;
import dev.cairn.render.LiquidEngine;
import dev.cairn.render.RenderedMessage;
import dev.cairn.store.EntityStore;
import dev.cairn.store.ProgramStore;
import dev.cairn.tracking.TrackedLinks;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The program routes of the REST API: validate and store versions, list and read them, preview one for a contact. */
public final class ProgramApi {

    private final ProgramStore programs;
    /** Built by the first program upload or preview: the other routes of ingest-api do not pay its start-up. */
    private LiquidEngine liquid;
    private final EntityStore entities;
    private final FieldDataLoader fieldData;
    private final Map<String, Function<ApiRequest, ApiResponse>> routes = new LinkedHashMap<>();

    public ProgramApi(ProgramStore programs, EntityStore entities, FieldDataLoader.PlanLookup plans,
                      FieldDataLoader.OnboardingLookup onboarding, Clock clock) {
        this.programs = programs;
        this.entities = entities;
        // A preview reads every scope fresh: an author checks data they have just loaded.
        this.fieldData = new FieldDataLoader(entities, plans, onboarding, clock, java.time.Duration.ZERO);
        routes.put("GET /v1/programs", r -> listPrograms());
        routes.put("GET /v1/programs/{id}", this::getProgram);
        routes.put("PUT /v1/programs/{id}", this::putProgram);
        routes.put("POST /v1/programs/{id}/preview", this::preview);
    }

    public Map<String, Function<ApiRequest, ApiResponse>> routes() {
        return routes;
    }

    private synchronized LiquidEngine liquid() {
        if (liquid == null) {
            liquid = new LiquidEngine();
        }
        return liquid;
    }

    private ApiResponse listPrograms() {
        ArrayNode list = Json.array();
        for (ProgramStore.ProgramSummary p : programs.list()) {
            list.addObject().put("id", p.id()).put("name", p.name()).put("version", p.currentVersion())
                    .put("trigger", p.trigger()).put("updated_at", p.updatedAt());
        }
        return ApiResponse.json(200, list);
    }

    private ApiResponse getProgram(ApiRequest request) {
        String id = request.pathParameter("id");
        ProgramStore.ProgramSummary summary = programs.summary(id).orElseThrow(() ->
                new ApiException(404, "program_not_found", "no program with id '" + id + "'"));
        Program program = programs.load(id, summary.currentVersion()).orElseThrow();
        ObjectNode node = Json.object().put("id", id).put("name", program.name()).put("version", summary.currentVersion())
                .put("trigger", program.trigger().on()).put("program", program.yaml());
        ObjectNode files = node.putObject("files");
        program.files().forEach(files::put);
        return ApiResponse.json(200, node);
    }

    /** Body: {"program": "<program.yaml text>", "files": {"page.liquid": "...", ...}}. */
    private ApiResponse putProgram(ApiRequest request) {
        String id = request.pathParameter("id");
        if (id == null || !ProgramParser.ID.matcher(id).matches()) {
            throw new ApiException(400, "invalid_program_id", "program ids use lowercase letters, digits and hyphens");
        }
        JsonNode body = IngestApi.jsonBody(request);
        String yaml = Json.text(body, "program");
        if (yaml == null) {
            throw new ApiException(400, "invalid_body", "the body must be an object with 'program' (the YAML text)"
                    + " and 'files' (file name to Liquid text)");
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.path("files").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> file = it.next();
            if (!file.getValue().isTextual()) {
                throw new ApiException(400, "invalid_body", "files." + file.getKey() + " must be the file's text");
            }
            files.put(file.getKey(), file.getValue().asText());
        }
        Program program;
        try {
            program = ProgramParser.parse(id, 0, yaml, files);
            CompiledProgram.compile(program, liquid());
        } catch (ProgramValidationException e) {
            ObjectNode error = Json.object().put("code", "invalid_program")
                    .put("message", "the program has " + e.problems().size() + " problem(s)");
            e.problems().forEach(error.putArray("problems")::add);
            return ApiResponse.json(422, error);
        }
        int version;
        try {
            version = programs.saveNewVersion(program);
        } catch (software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException concurrentSave) {
            throw new ApiException(409, "concurrent_update", "program '" + id + "' was saved by someone else at"
                    + " the same moment; fetch it and save again");
        }
        return ApiResponse.json(200, Json.object().put("id", id).put("version", version));
    }

    /**
     * Body: {"contact_id": "...", "step": "..."}. Renders the current version for that contact exactly as the render
     * stage would (a sequence step's email when {@code step} names one), but stores and sends nothing: no hub page
     * key is claimed, so {@code hub.url} is empty in a preview.
     */
    private ApiResponse preview(ApiRequest request) {
        String id = request.pathParameter("id");
        JsonNode body = IngestApi.jsonBody(request);
        String contactId = Json.text(body, "contact_id");
        String stepId = Json.text(body, "step");
        if (contactId == null || contactId.isBlank()) {
            throw new ApiException(400, "invalid_body", "the body must be an object with 'contact_id'");
        }
        ProgramStore.ProgramSummary summary = programs.summary(id).orElseThrow(() ->
                new ApiException(404, "program_not_found", "no program with id '" + id + "'"));
        Map<String, Object> contact = entities.get(EntitySchema.CONTACT, contactId).orElseThrow(() ->
                new ApiException(404, "contact_not_found", "no contact with id '" + contactId + "'"));
        Map<String, Object> account = entities.get(EntitySchema.ACCOUNT, (String) contact.get("account_id"))
                .orElse(Map.of());
        // Compiled here, not taken from a shared cache: a liqp Template must not render on two threads at once.
        CompiledProgram compiled = CompiledProgram.compile(programs.load(id, summary.currentVersion()).orElseThrow(),
                liquid());
        CompiledProgram.Step step = stepId == null || stepId.equals(Sequence.MAIN) ? null : compiled.step(stepId)
                .orElseThrow(() -> new ApiException(400, "invalid_body", "program '" + id + "' has no step '" + stepId
                        + "' (its steps: " + compiled.program().steps().stream().map(StepSpec::id).toList() + ")"));
        RenderedMessage message;
        try {
            message = new HubRenderer(liquid()).render(compiled, fieldData.load(compiled.program(), contact, account), "",
                    TrackedLinks.UNTRACKED, List.of(), step);
        } catch (LiquidEngine.RenderException e) {
            throw new ApiException(422, "render_failed", e.getMessage());
        }
        ObjectNode node = Json.object().put("program_id", id).put("version", summary.currentVersion())
                .put("contact_id", contactId).put("step", stepId == null ? Sequence.MAIN : stepId)
                .put("subject", message.subject()).put("page", message.page())
                .put("html", message.html()).put("text", message.text());
        message.scenes().forEach(node.putArray("scenes")::add);
        message.ctas().forEach(node.putArray("ctas")::add);
        return ApiResponse.json(200, node);
    }
}
