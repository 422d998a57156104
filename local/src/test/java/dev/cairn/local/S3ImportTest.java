package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.ingest.ImportJob;
import dev.cairn.json.Json;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** Large CSV through S3: presigned upload, S3 event, the import-csv function, progress and the error report. */
class S3ImportTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anUploadedFileIsImportedAndItsErrorReportNeutralisesFormulas() throws Exception {
        LocalRuntime runtime = TestStack.shared();
        LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
        LocalClient.Response started = api.post("/v1/imports", "{\"kind\":\"accounts\"}");
        assertEquals(201, started.status(), started.body());
        JsonNode upload = Json.parse(started.body());
        String id = upload.path("import_id").asText();
        assertEquals("awaiting_upload", Json.parse(api.get("/v1/imports/" + id).body()).path("status").asText());

        String good = TestStack.unique("acc");
        String csv = "account_id,name,health_score\n" + good + ",Uploaded Co,80\n=HYPERLINK(\"http://evil\"),Evil,500\n";
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(upload.path("upload_url").asText()))
                .header("Content-Type", "text/csv").PUT(HttpRequest.BodyPublishers.ofString(csv)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        runtime.drain(Duration.ofMinutes(2));

        JsonNode status = Json.parse(api.get("/v1/imports/" + id).body());
        assertEquals("completed", status.path("status").asText(), status.toString());
        assertEquals(2, status.path("received").asInt());
        assertEquals(1, status.path("created").asInt());
        assertEquals(1, status.path("rejected").asInt());
        assertEquals(200, api.get("/v1/accounts/" + good).status());

        HttpResponse<String> report = http.send(HttpRequest.newBuilder(URI.create(status.path("error_report_url").asText()))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, report.statusCode());
        assertTrue(report.body().startsWith("row,id,column,message\n"), report.body());
        assertTrue(report.body().contains("3,\"'=HYPERLINK(\"\"http://evil\"\")\",health_score,"), report.body());
        assertTrue(report.body().contains("must be between 0 and 100"), report.body());
    }

    @Test
    void aGzippedWarehouseDropIsImportedWithoutAnyApiCall() throws Exception {
        LocalRuntime runtime = TestStack.shared();
        String account = TestStack.unique("acc");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(("ACCOUNT_ID,NAME,SEGMENT\n" + account + ",Warehouse Co,Enterprise\n").getBytes(StandardCharsets.UTF_8));
        }
        runtime.clients().s3().putObject(b -> b.bucket(runtime.resources().ref("ImportBucket"))
                .key("drops/accounts/" + account + "/data_0_0_0.csv.gz"), RequestBody.fromBytes(gz.toByteArray()));
        runtime.drain(Duration.ofMinutes(2));
        JsonNode stored = Json.parse(new LocalClient(runtime.baseUrl(), runtime.apiKey()).get("/v1/accounts/" + account).body());
        assertEquals("Enterprise", stored.path("segment").asText(), stored.toString());
    }

    @Test
    void aFileLongerThanOneRunContinuesWhereItStopped() throws Exception {
        try (LocalRuntime runtime = TestStack.fresh()) {
            LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
            StringBuilder csv = new StringBuilder("account_id,name\n");
            int rows = ImportJob.CHUNK_ROWS * 2 + 500;
            for (int i = 0; i < rows; i++) {
                csv.append("acc-").append(i).append(",Account ").append(i).append('\n');
            }
            String id = Json.parse(api.post("/v1/imports", "{\"kind\":\"accounts\"}").body()).path("import_id").asText();
            String key = "uploads/" + id + "/accounts.csv";
            // Upload without announcing it, then run the job as a function that is always short of time.
            ImportJob job = runtime.cairn("ImportCsvFunction").importJob();
            runtime.clients().s3().putBucketNotificationConfiguration(b -> b.bucket(runtime.resources().ref("ImportBucket"))
                    .notificationConfiguration(c -> c.queueConfigurations(java.util.List.of())));
            runtime.clients().s3().putObject(b -> b.bucket(runtime.resources().ref("ImportBucket")).key(key),
                    RequestBody.fromString(csv.toString()));

            assertEquals(ImportJob.Outcome.CONTINUES, job.run(id, () -> true));
            JsonNode afterFirstRun = Json.parse(api.get("/v1/imports/" + id).body());
            assertEquals("running", afterFirstRun.path("status").asText());
            assertEquals(ImportJob.CHUNK_ROWS + 1, afterFirstRun.path("last_row_done").asInt(), afterFirstRun.toString());

            runtime.drain(Duration.ofMinutes(3)); // The queued continuation runs in the import function, with time to spare.
            JsonNode done = Json.parse(api.get("/v1/imports/" + id).body());
            assertEquals("completed", done.path("status").asText(), done.toString());
            assertEquals(rows, done.path("received").asInt());
            assertEquals(rows, done.path("created").asInt(), "no row imported twice or skipped");
            assertEquals(rows + 1, done.path("last_row_done").asInt());
            assertEquals(200, api.get("/v1/accounts/acc-" + (rows - 1)).status());
        }
    }
}
