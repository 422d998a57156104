package dev.cairn.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.aws.ImportFiles;
import dev.cairn.aws.QueueSender;
import dev.cairn.json.Json;
import dev.cairn.pipeline.InvalidMessageException;
import dev.cairn.pipeline.Messages;
import dev.cairn.store.ImportStore;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Imports one CSV file from S3 in bounded memory: rows are streamed and written in chunks, progress is saved every
 * {@value #SAVE_EVERY_CHUNKS} chunks, and when the run is short of time it saves it and queues a continuation that
 * resumes after the last row done.
 * Files come from presigned uploads ({@code uploads/<import id>/<kind>.csv}) and from warehouse drops
 * ({@code drops/<kind>/...}, see docs/ingestion.md).
 */
public final class ImportJob {

    public static final int CHUNK_ROWS = 1_000;
    /**
     * A run that stops without saving (a crash, a timeout) is redone from the last saved row: the chunks after it
     * are upserted again, which is harmless (they count as updated rather than created). Saving every few chunks instead of after each one spares one write per
     * 1,000 rows; the end of the file and every continuation still save.
     */
    static final int SAVE_EVERY_CHUNKS = 5;

    public enum Outcome { COMPLETED, CONTINUES, FAILED, ALREADY_FINISHED, NOT_AN_IMPORT }

    private final ImportStore imports;
    private final ImportFiles files;
    private final IngestService ingest;
    private final QueueSender queue;
    private final String importQueueUrl;
    private final Clock clock;

    public ImportJob(ImportStore imports, ImportFiles files, IngestService ingest, QueueSender queue,
                     String importQueueUrl, Clock clock) {
        this.imports = imports;
        this.files = files;
        this.ingest = ingest;
        this.queue = queue;
        this.importQueueUrl = importQueueUrl;
        this.clock = clock;
    }

    /** Creates the import record for an upload the API will receive. */
    public ImportRecord expectUpload(String importId, EntitySchema schema) {
        ImportRecord record = new ImportRecord(importId, schema.plural(), "upload", ImportFiles.uploadKey(importId, schema.plural()),
                ImportRecord.AWAITING_UPLOAD, 0, 0, 0, 0, 0, 1, 0, null, clock.instant().toString(), null);
        imports.create(record);
        return record;
    }

    /**
     * Handles one queue message: an S3 event for a new object, or a continuation. Messages that name no import
     * (S3's test event, an object outside the import prefixes) are acknowledged with NOT_AN_IMPORT.
     */
    public Outcome handle(String messageBody, BooleanSupplier timeIsShort) {
        JsonNode message = Messages.parse(messageBody);
        if ("import_continue".equals(Json.text(message, "type"))) {
            return run(Json.text(message, "import_id"), timeIsShort);
        }
        JsonNode records = message.path("Records");
        if (!records.isArray() || records.isEmpty()) {
            return Outcome.NOT_AN_IMPORT;
        }
        Outcome outcome = Outcome.NOT_AN_IMPORT;
        for (JsonNode record : records) {
            String key = java.net.URLDecoder.decode(record.path("s3").path("object").path("key").asText(), StandardCharsets.UTF_8);
            String etag = record.path("s3").path("object").path("eTag").asText("");
            Optional<String> importId = importFor(key, etag);
            if (importId.isPresent()) {
                outcome = run(importId.get(), timeIsShort);
            }
        }
        return outcome;
    }

    private Optional<String> importFor(String key, String etag) {
        String[] parts = key.split("/");
        if (parts.length == 3 && parts[0].equals("uploads")) {
            return imports.get(parts[1]).map(ImportRecord::id);
        }
        if (parts.length >= 3 && parts[0].equals("drops")) {
            String id = dropImportId(key, etag);
            String kind = parts[1];
            imports.create(new ImportRecord(id, kind, "drop", key, ImportRecord.RUNNING, 0, 0, 0, 0, 0, 1, 0, null,
                    clock.instant().toString(), null));
            return Optional.of(id);
        }
        return Optional.empty();
    }

    /** The import of a warehouse drop: the same object delivered twice by S3 is one import. */
    public static String dropImportId(String key, String etag) {
        return "drop-" + sha256(key + "\n" + etag).substring(0, 24);
    }

    public Outcome run(String importId, BooleanSupplier timeIsShort) {
        ImportRecord record = imports.get(importId).orElseThrow(() -> new InvalidMessageException("no import " + importId));
        if (record.status().equals(ImportRecord.COMPLETED) || record.status().equals(ImportRecord.FAILED)) {
            return Outcome.ALREADY_FINISHED;
        }
        Optional<EntitySchema> schema = EntitySchema.byPlural(record.kind());
        if (schema.isEmpty()) {
            imports.save(record.finished(ImportRecord.FAILED, "cannot import '" + record.kind()
                    + "'; use accounts, contacts, metrics or events", clock.instant().toString()));
            return Outcome.FAILED;
        }
        try (Reader reader = new InputStreamReader(files.open(record.objectKey()), StandardCharsets.UTF_8);
             CsvRows rows = CsvRows.open(reader, schema.get())) {
            CsvBatch batch = new CsvBatch(rows.columns());
            int unsavedChunks = 0;
            while (rows.hasNext()) {
                CsvRows.Row row = rows.next();
                if (row.number() <= record.rowsDone()) {
                    continue; // Done by an earlier run.
                }
                batch.add(row);
                if (batch.size() >= CHUNK_ROWS) {
                    record = write(record, batch);
                    batch = new CsvBatch(rows.columns());
                    unsavedChunks++;
                    if (rows.hasNext() && timeIsShort.getAsBoolean()) {
                        imports.save(record);
                        queue.send(importQueueUrl, List.of(Json.write(Json.object().put("type", "import_continue")
                                .put("import_id", importId))));
                        return Outcome.CONTINUES;
                    }
                    if (unsavedChunks == SAVE_EVERY_CHUNKS && rows.hasNext()) {
                        imports.save(record);
                        unsavedChunks = 0;
                    }
                }
            }
            if (batch.size() > 0) {
                record = write(record, batch);
            }
        } catch (CsvRows.UnreadableFile e) {
            imports.save(record.finished(ImportRecord.FAILED, e.getMessage() + "; rows before it were imported",
                    clock.instant().toString()));
            return Outcome.FAILED;
        } catch (IOException e) {
            throw new UncheckedIOException("reading import " + importId, e);
        }
        if (record.errorParts() > 0) {
            files.joinErrorReport(importId, record.errorParts());
        }
        imports.save(record.finished(ImportRecord.COMPLETED, null, clock.instant().toString()));
        return Outcome.COMPLETED;
    }

    private ImportRecord write(ImportRecord record, CsvBatch batch) {
        IngestReport report = batch.ingest(ingest, true);
        boolean errors = !report.rejected().isEmpty();
        if (errors) {
            files.writeErrorPart(record.id(), record.errorParts() + 1, report.rejected());
        }
        return record.plus(report, batch.lastRow(), errors);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
