package dev.cairn.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.ingest.EntitySchema;
import dev.cairn.ingest.IngestService;
import dev.cairn.json.Json;
import dev.cairn.store.EntityStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The data routes of the REST API: accounts and contacts in, and read back. */
public final class IngestApi {

    public static final int MAX_BODY_BYTES = 1_048_576;
    public static final int MAX_RECORDS = 1_000;
    private static final String INTERNAL_ATTRIBUTE_PREFIX = "hub_";

    private final IngestService ingest;
    private final EntityStore entities;
    private final Map<String, Function<ApiRequest, ApiResponse>> routes = new LinkedHashMap<>();

    public IngestApi(IngestService ingest, EntityStore entities) {
        this.ingest = ingest;
        this.entities = entities;
        routes.put("POST /v1/accounts", r -> ingestJson(EntitySchema.ACCOUNT, r));
        routes.put("POST /v1/contacts", r -> ingestJson(EntitySchema.CONTACT, r));
        routes.put("GET /v1/accounts/{id}", r -> getEntity(EntitySchema.ACCOUNT, r));
        routes.put("GET /v1/contacts/{id}", r -> getEntity(EntitySchema.CONTACT, r));
    }

    public Map<String, Function<ApiRequest, ApiResponse>> routes() {
        return routes;
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

    static JsonNode jsonBody(ApiRequest request) {
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
