package dev.cairn.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.json.Json;
import dev.cairn.store.RunStore;
import dev.cairn.trigger.RunService;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Runs on demand: start one over a program's audience (or listed contacts, or as a dry run) and follow it. */
public final class RunApi {

    private static final SecureRandom RANDOM = new SecureRandom();
    public static final int MAX_CONTACT_IDS = 10_000;

    private final RunService runs;
    private final RunStore store;
    private final Map<String, Function<ApiRequest, ApiResponse>> routes = new LinkedHashMap<>();

    public RunApi(RunService runs, RunStore store) {
        this.runs = runs;
        this.store = store;
        routes.put("POST /v1/programs/{id}/runs", this::start);
        routes.put("GET /v1/runs/{id}", this::get);
    }

    public Map<String, Function<ApiRequest, ApiResponse>> routes() {
        return routes;
    }

    /** Body (optional): {"contact_ids": [...], "dry_run": true}. */
    private ApiResponse start(ApiRequest request) {
        String programId = request.pathParameter("id");
        JsonNode body = request.body() == null || request.body().isBlank() ? Json.object() : IngestApi.jsonBody(request);
        List<String> contactIds = null;
        if (body.has("contact_ids")) {
            if (!body.get("contact_ids").isArray()) {
                throw new ApiException(400, "invalid_body", "contact_ids must be a list of contact ids");
            }
            contactIds = new ArrayList<>();
            for (JsonNode id : body.get("contact_ids")) {
                contactIds.add(id.asText());
            }
            if (contactIds.size() > MAX_CONTACT_IDS) {
                throw new ApiException(413, "too_many_contacts", "at most " + MAX_CONTACT_IDS
                        + " contact ids per run; leave contact_ids out to run over the whole audience");
            }
        }
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        String runId = "run-" + programId + "-" + HexFormat.of().formatHex(random);
        RunStore.Run run = runs.start(runId, programId, contactIds, body.path("dry_run").asBoolean(false), "api")
                .orElseThrow(() -> new ApiException(404, "program_not_found", "no program with id '" + programId + "'"));
        return ApiResponse.json(202, toJson(run));
    }

    private ApiResponse get(ApiRequest request) {
        String id = request.pathParameter("id");
        return ApiResponse.json(200, toJson(store.get(id).orElseThrow(() ->
                new ApiException(404, "run_not_found", "no run with id '" + id + "'"))));
    }

    private static ObjectNode toJson(RunStore.Run run) {
        ObjectNode node = Json.object().put("run_id", run.id()).put("program_id", run.programId())
                .put("program_version", run.programVersion()).put("started_by", run.startedBy())
                .put("dry_run", run.dryRun()).put("created_at", run.createdAt());
        ObjectNode counters = node.putObject("counters");
        run.counters().forEach(counters::put);
        return node;
    }
}
