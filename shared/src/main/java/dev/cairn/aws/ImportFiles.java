package dev.cairn.aws;

import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.cairn.ingest.Rejection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Import files in the private import bucket: presigned upload and download URLs, streaming reads (gzip when the
 * key ends in .gz, as warehouse exports often are), and the error report, written in parts while a file is
 * imported and joined into one CSV at the end.
 */
public final class ImportFiles {

    public static final Duration URL_LIFETIME = Duration.ofMinutes(15);
    /** S3 multipart parts other than the last must be at least 5 MiB. */
    private static final int MULTIPART_MINIMUM = 5 * 1024 * 1024;
    private static final CsvMapper CSV = CsvMapper.builder().build();
    private static final CsvSchema ERROR_COLUMNS = CsvSchema.builder().addColumn("row").addColumn("id")
            .addColumn("column").addColumn("message").build().withoutHeader();
    private static final byte[] ERROR_HEADER = "row,id,column,message\n".getBytes(StandardCharsets.UTF_8);

    private final S3Bucket bucket;

    public ImportFiles(S3Bucket bucket) {
        this.bucket = bucket;
    }

    public static String uploadKey(String importId, String kind) {
        return "uploads/" + importId + "/" + kind + ".csv";
    }

    public String presignUpload(String key) {
        return bucket.presignPut(key, "text/csv", URL_LIFETIME).toString();
    }

    public String presignDownload(String key) {
        return bucket.presignGet(key, URL_LIFETIME).toString();
    }

    public InputStream open(String key) {
        InputStream object = bucket.open(key);
        try {
            return key.endsWith(".gz") ? new GZIPInputStream(object, 64 * 1024) : object;
        } catch (IOException e) {
            throw new UncheckedIOException("import file " + key + " is not gzip", e);
        }
    }

    /** Writes one part of an import's error report; the header is written once, in the final report. */
    public void writeErrorPart(String importId, int part, List<Rejection> rejections) {
        bucket.put(errorPartKey(importId, part), errorRows(rejections), "text/csv; charset=utf-8", null);
    }

    /** Joins the parts into {@code imports/<id>/errors.csv} with bounded memory, deleting the parts; returns its key. */
    public String joinErrorReport(String importId, int parts) {
        String key = "imports/" + importId + "/errors.csv";
        String uploadId = bucket.createMultipartUpload(key, "text/csv; charset=utf-8");
        List<S3Bucket.Part> completed = new ArrayList<>();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        buffer.writeBytes(ERROR_HEADER);
        for (int part = 1; part <= parts; part++) {
            buffer.writeBytes(bucket.read(errorPartKey(importId, part)));
            if (buffer.size() >= MULTIPART_MINIMUM) {
                completed.add(bucket.uploadPart(key, uploadId, completed.size() + 1, buffer.toByteArray()));
                buffer.reset();
            }
        }
        if (buffer.size() > 0 || completed.isEmpty()) {
            completed.add(bucket.uploadPart(key, uploadId, completed.size() + 1, buffer.toByteArray()));
        }
        bucket.completeMultipartUpload(key, uploadId, completed);
        for (int part = 1; part <= parts; part++) {
            bucket.delete(errorPartKey(importId, part), null);
        }
        return key;
    }

    /**
     * Rows of the error report as CSV. A cell that a spreadsheet would run as a formula (starting with =, +, -, @,
     * tab or carriage return) is prefixed with an apostrophe, so that opening the report cannot run what a row held.
     */
    static byte[] errorRows(List<Rejection> rejections) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CsvGenerator csv = (CsvGenerator) CSV.getFactory().createGenerator(out)) {
            csv.setSchema(ERROR_COLUMNS);
            for (Rejection r : rejections) {
                csv.writeStartArray();
                csv.writeString(Integer.toString(r.row()));
                csv.writeString(neutralise(r.id()));
                csv.writeString(neutralise(r.column()));
                csv.writeString(neutralise(r.message()));
                csv.writeEndArray();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String neutralise(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + cell : cell;
    }

    private static String errorPartKey(String importId, int part) {
        return String.format("imports/%s/errors/part-%05d.csv", importId, part);
    }
}
