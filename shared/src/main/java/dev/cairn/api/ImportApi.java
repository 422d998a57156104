package dev.cairn.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.aws.ImportFiles;
import dev.cairn.ingest.EntitySchema;
import dev.cairn.ingest.ImportJob;
import dev.cairn.ingest.ImportRecord;
import dev.cairn.json.Json;
import dev.cairn.store.ImportStore;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Large CSV imports through S3: ask for an upload URL, upload, then follow the import's progress and errors. */
public final class ImportApi {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ImportJob jobs;
    private final ImportStore imports;
    private final ImportFiles files;
    private final Map<String, Function<ApiRequest, ApiResponse>> routes = new LinkedHashMap<>();

    public ImportApi(ImportJob jobs, ImportStore imports, ImportFiles files) {
        this.jobs = jobs;
        this.imports = imports;
        this.files = files;
        routes.put("POST /v1/imports", this::start);
        routes.put("GET /v1/imports/{id}", this::status);
    }

    public Map<String, Function<ApiRequest, ApiResponse>> routes() {
        return routes;
    }

    /** Body: {"kind": "contacts"}. Answers the import id and a presigned URL to PUT the file to. */
    private ApiResponse start(ApiRequest request) {
        JsonNode body = IngestApi.jsonBody(request);
        String kind = Json.text(body, "kind");
        EntitySchema schema = EntitySchema.byPlural(kind == null ? "" : kind).orElseThrow(() -> new ApiException(400,
                "invalid_body", "kind must be one of accounts, contacts, metrics or events"));
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        ImportRecord record = jobs.expectUpload("imp-" + HexFormat.of().formatHex(random), schema);
        return ApiResponse.json(201, Json.object().put("import_id", record.id()).put("kind", record.kind())
                .put("status", record.status()).put("upload_url", files.presignUpload(record.objectKey()))
                .put("upload_method", "PUT").put("upload_content_type", "text/csv")
                .put("expires_in_seconds", ImportFiles.URL_LIFETIME.toSeconds()));
    }

    private ApiResponse status(ApiRequest request) {
        String id = request.pathParameter("id");
        ImportRecord r = imports.get(id).orElseThrow(() -> new ApiException(404, "import_not_found", "no import with id '" + id + "'"));
        ObjectNode node = Json.object().put("import_id", r.id()).put("kind", r.kind()).put("source", r.source())
                .put("status", r.status()).put("received", r.received()).put("created", r.created())
                .put("updated", r.updated()).put("unchanged", r.unchanged()).put("rejected", r.rejected())
                .put("last_row_done", r.rowsDone()).put("created_at", r.createdAt()).put("finished_at", r.finishedAt())
                .put("message", r.message());
        if (r.status().equals(ImportRecord.COMPLETED) && r.errorParts() > 0) {
            node.put("error_report_url", files.presignDownload("imports/" + r.id() + "/errors.csv"));
        }
        return ApiResponse.json(200, node);
    }
}
