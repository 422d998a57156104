package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A large file through the S3 path, in a JVM whose heap is capped at 128 MB (the `bounded-heap` surefire run in
 * local/pom.xml). `make test` imports 20,000 rows; `make bench` imports 100,000 (-Dcairn.largeImport.rows), whose
 * parsed records alone would not fit in that heap, so completing proves the import streams.
 */
class LargeImportTest {

    static final int ROWS = Integer.getInteger("cairn.largeImport.rows", 20_000);

    @Test
    void aLargeFileImportsInBoundedMemory() throws Exception {
        // Named with -Dtest, the default execution runs it too, with a large heap: there it proves nothing.
        assumeTrue(Runtime.getRuntime().maxMemory() <= 160L * 1024 * 1024, "only in the bounded-heap execution");
        try (LocalRuntime runtime = TestStack.fresh()) {
            LocalClient api = new LocalClient(runtime.baseUrl(), runtime.apiKey());
            api.post("/v1/accounts", "[{\"account_id\":\"acc-big\",\"name\":\"Big Data Co\"}]");
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write("account_id,event,timestamp,properties\n".getBytes(StandardCharsets.UTF_8));
                StringBuilder chunk = new StringBuilder();
                for (int i = 0; i < ROWS; i++) {
                    chunk.append("acc-big,feature_used,").append(start.plusSeconds(i))
                            .append(",\"{\"\"feature\"\": \"\"f").append(i % 7).append("\"\"}\"\n");
                    if (chunk.length() > 64_000) {
                        out.write(chunk.toString().getBytes(StandardCharsets.UTF_8));
                        chunk.setLength(0);
                    }
                }
                out.write(chunk.toString().getBytes(StandardCharsets.UTF_8));
            }
            runtime.clients().s3().putObject(b -> b.bucket(runtime.resources().ref("ImportBucket"))
                    .key("drops/events/big.csv.gz"), RequestBody.fromBytes(gz.toByteArray()));
            runtime.drain(Duration.ofMinutes(20));

            // The import's id is derived from the object; find its record among the table's items, page by page.
            java.util.List<java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> imports =
                    new java.util.ArrayList<>();
            runtime.clients().dynamoDb().scanPaginator(b -> b.tableName(runtime.resources().ref("CairnTable"))
                    .filterExpression("#t = :import").expressionAttributeNames(java.util.Map.of("#t", "type"))
                    .expressionAttributeValues(java.util.Map.of(":import",
                            software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("import"))))
                    .items().forEach(imports::add);
            assertEquals(1, imports.size());
            String id = imports.get(0).get("import_id").s();
            JsonNode record = Json.parse(api.get("/v1/imports/" + id).body());
            assertEquals("completed", record.path("status").asText(), record.toString());
            assertEquals(ROWS, record.path("received").asInt(), record.toString());
            assertEquals(ROWS, record.path("created").asInt(), record.toString());
            assertEquals(0, record.path("rejected").asInt(), record.toString());
            assertEquals(ROWS + 1, record.path("last_row_done").asInt());
        }
    }
}
