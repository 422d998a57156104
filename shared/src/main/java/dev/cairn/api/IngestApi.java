package dev.cairn.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.ingest.EntitySchema;
import dev.cairn.ingest.IngestService;
import dev.cairn.json.Json;
import dev.cairn.program.Program;
import dev.cairn.program.ProgramParser;
import dev.cairn.program.ProgramValidationException;
import dev.cairn.render.CompiledProgram;
import dev.cairn.render.LiquidEngine;
import dev.cairn.store.EntityStore;
import dev.cairn.store.ProgramStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The ingestion and program routes of the REST API. */
public final class IngestApi {

    public static final int MAX_BODY_BYTES = 1_048_576;
    public static final int MAX_RECORDS = 1_000;
    private static final String INTERNAL_ATTRIBUTE_PREFIX = "hub_";

    private final IngestService ingest;
    private final EntityStore entities;
    private final ProgramStore programs;
    private final LiquidEngine liquid;
    private final Map<String, Function<ApiRequest, ApiResponse>> routes = new LinkedHashMap<>();

    public IngestApi(IngestService ingest, EntityStore entities, ProgramStore programs, LiquidEngine liquid) {
        this.ingest = ingest;
        this.entities = entities;
        this.programs = programs;
        this.liquid = liquid;
        routes.put("POST /v1/accounts", r -> ingestJson(EntitySchema.ACCOUNT, r));
        routes.put("POST /v1/contacts", r -> ingestJson(EntitySchema.CONTACT, r));
        routes.put("GET /v1/accounts/{id}", r -> getEntity(EntitySchema.ACCOUNT, r));
        routes.put("GET /v1/contacts/{id}", r -> getEntity(EntitySchema.CONTACT, r));
        routes.put("GET /v1/programs", r -> listPrograms());
        routes.put("GET /v1/programs/{id}", this::getProgram);
        routes.put("PUT /v1/programs/{id}", this::putProgram);
    }

    /** "METHOD /resource/{param}" of every route, as declared in template.yaml and docs/openapi.yaml. */
    public List<String> routes() {
        return List.copyOf(routes.keySet());
    }

    public ApiResponse handle(ApiRequest request) {
        Function<ApiRequest, ApiResponse> route = routes.get(request.method() + " " + request.resource());
        if (route == null) {
            return ApiResponse.error(404, "not_found", "no route for " + request.method() + " " + request.resource());
        }
        try {
            return route.apply(request);
        } catch (ApiException e) {
            return e.toResponse();
        }
    }

    private ApiResponse ingestJson(EntitySchema schema, ApiRequest request) {
        JsonNode body = jsonBody(request);
        if (!body.isArray()) {
            throw new ApiException(400, "invalid_body", "the body must be a JSON array of " + schema.kind() + "s");
        }
        if (body.size() > MAX_RECORDS) {
            throw new ApiException(413, "too_many_records", "the body has " + body.size() + " " + schema.kind()
                    + "s; send at most " + MAX_RECORDS + " per request, or use a CSV import");
        }
        List<JsonNode> rows = new ArrayList<>(body.size());
        List<Integer> indexes = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            rows.add(body.get(i));
            indexes.add(i);
        }
        return ApiResponse.json(200, ingest.ingest(schema, rows, indexes).toJson());
    }

    private ApiResponse getEntity(EntitySchema schema, ApiRequest request) {
        String id = request.pathParameter("id");
        Map<String, Object> stored = entities.get(schema, id).orElseThrow(() ->
                new ApiException(404, schema.kind() + "_not_found", "no " + schema.kind() + " with id '" + id + "'"));
        ObjectNode node = Json.object();
        ObjectNode custom = Json.object();
        stored.forEach((name, value) -> {
            if (name.startsWith("custom.")) {
                custom.set(name.substring("custom.".length()), Json.MAPPER.valueToTree(value));
            } else if (!name.startsWith(INTERNAL_ATTRIBUTE_PREFIX) && !name.equals("type")) {
                node.set(name, Json.MAPPER.valueToTree(value));
            }
        });
        node.set("custom", custom);
        if (schema == EntitySchema.ACCOUNT) {
            ArrayNode contacts = node.putArray("contacts");
            entities.contactsOfAccount(id).forEach(c -> contacts.addObject().put("contact_id", (String) c.get("contact_id")));
        }
        return ApiResponse.json(200, node);
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
                .put("trigger", program.trigger()).put("program", program.yaml());
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
        JsonNode body = jsonBody(request);
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
            CompiledProgram.compile(program, liquid);
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

    private static JsonNode jsonBody(ApiRequest request) {
        String body = request.body();
        if (body == null || body.isBlank()) {
            throw new ApiException(400, "invalid_json", "the request has no body; send JSON");
        }
        if (body.length() > MAX_BODY_BYTES || body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new ApiException(413, "body_too_large", "the body is larger than " + MAX_BODY_BYTES
                    + " bytes (1 MiB); split it into smaller requests or use a CSV import");
        }
        try {
            return Json.parse(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new ApiException(400, "invalid_json", "the body is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
    }
}
