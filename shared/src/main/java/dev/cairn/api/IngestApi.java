package dev.cairn.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.ingest.CsvBatch;
import dev.cairn.ingest.CsvRows;
import dev.cairn.ingest.EntitySchema;
import dev.cairn.ingest.ErasureService;
import dev.cairn.ingest.IngestService;
import dev.cairn.json.Json;
import dev.cairn.store.EntityStore;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The data routes of the REST API: accounts, contacts, metrics and events in (JSON or CSV), read back, erased. */
public final class IngestApi {

    public static final int MAX_BODY_BYTES = 1_048_576;
    public static final int MAX_RECORDS = 1_000;
    /** A synchronous CSV import must finish within API Gateway's 29 s; larger files go through S3. */
    public static final int MAX_CSV_ROWS = 5_000;
    public static final int MAX_CSV_BYTES = 5 * 1024 * 1024;

    private final IngestService ingest;
    private final EntityStore entities;
    private final ErasureService erasure;
    private final Map<String, Function<ApiRequest, ApiResponse>> routes = new LinkedHashMap<>();

    public IngestApi(IngestService ingest, EntityStore entities, ErasureService erasure) {
        this.ingest = ingest;
        this.entities = entities;
        this.erasure = erasure;
        for (EntitySchema schema : EntitySchema.ALL) {
            routes.put("POST /v1/" + schema.plural(), r -> ingestJson(schema, r));
            // Literal paths: API Gateway allows no {kind} beside the {id} of GET /v1/imports/{id}.
            routes.put("POST /v1/imports/" + schema.plural(), r -> importCsv(schema, r));
        }
        routes.put("GET /v1/accounts/{id}", r -> getEntity(EntitySchema.ACCOUNT, r));
        routes.put("GET /v1/contacts/{id}", r -> getEntity(EntitySchema.CONTACT, r));
        routes.put("DELETE /v1/accounts/{id}", r -> erase(EntitySchema.ACCOUNT, r));
        routes.put("DELETE /v1/contacts/{id}", r -> erase(EntitySchema.CONTACT, r));
    }

    public Map<String, Function<ApiRequest, ApiResponse>> routes() {
        return routes;
    }

    private ApiResponse ingestJson(EntitySchema schema, ApiRequest request) {
        JsonNode body = jsonBody(request);
        if (!body.isArray()) {
            throw new ApiException(400, "invalid_body", "the body must be a JSON array of " + schema.plural());
        }
        if (body.size() > MAX_RECORDS) {
            throw new ApiException(413, "too_many_records", "the body has " + body.size() + " " + schema.plural()
                    + "; send at most " + MAX_RECORDS + " per request, or use a CSV import");
        }
        List<JsonNode> rows = new ArrayList<>(body.size());
        List<Integer> indexes = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            rows.add(body.get(i));
            indexes.add(i);
        }
        return ApiResponse.json(200, ingest.ingest(schema, rows, indexes).toJson());
    }

    /** A CSV file in the request body (text/csv), validated row by row; the report names rows as a spreadsheet does. */
    private ApiResponse importCsv(EntitySchema schema, ApiRequest request) {
        String body = request.body();
        if (body == null || body.isBlank()) {
            throw new ApiException(400, "invalid_csv", "the request has no body; send the CSV file as text/csv");
        }
        if (body.length() > MAX_CSV_BYTES || body.getBytes(StandardCharsets.UTF_8).length > MAX_CSV_BYTES) {
            throw new ApiException(413, "body_too_large", "the file is larger than " + MAX_CSV_BYTES / (1024 * 1024)
                    + " MB; import it through S3 instead (docs/ingestion.md)");
        }
        CsvBatch batch;
        try (CsvRows csv = CsvRows.open(new StringReader(body), schema)) {
            batch = new CsvBatch(csv.columns());
            while (csv.hasNext()) {
                if (batch.add(csv.next()) && batch.size() > MAX_CSV_ROWS) {
                    throw new ApiException(413, "too_many_rows", "the file has more than " + MAX_CSV_ROWS
                            + " rows; import it through S3 instead (docs/ingestion.md)");
                }
            }
        } catch (CsvRows.UnreadableFile e) {
            throw new ApiException(400, "invalid_csv", e.getMessage() + "; nothing was imported");
        }
        return ApiResponse.json(200, batch.ingest(ingest, false).toJson());
    }

    private ApiResponse erase(EntitySchema schema, ApiRequest request) {
        String id = request.pathParameter("id");
        ErasureService.Erased erased = (schema == EntitySchema.ACCOUNT ? erasure.eraseAccount(id) : erasure.eraseContact(id))
                .orElseThrow(() -> new ApiException(404, schema.kind() + "_not_found", "no " + schema.kind() + " with id '" + id + "'"));
        return ApiResponse.json(200, Json.object().put("erased", schema.kind()).put("id", id)
                .put("contacts", erased.contacts()).put("records", erased.records()).put("hub_pages", erased.hubPages()));
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
            } else if (!name.equals("type")) {
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
