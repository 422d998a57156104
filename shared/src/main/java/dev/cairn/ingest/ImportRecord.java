package dev.cairn.ingest;

/**
 * The state of one file import. {@code rowsDone} is the spreadsheet row number of the last row processed, so that
 * a run that stops for time continues after it. {@code errorParts} counts the error-report parts written so far.
 */
public record ImportRecord(String id, String kind, String source, String objectKey, String status, int received,
                           int created, int updated, int unchanged, int rejected, int rowsDone, int errorParts,
                           String message, String createdAt, String finishedAt) {

    public static final String AWAITING_UPLOAD = "awaiting_upload";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    public ImportRecord plus(IngestReport report, int lastRow, boolean wroteErrorPart) {
        return new ImportRecord(id, kind, source, objectKey, RUNNING, received + report.received(), created + report.created(),
                updated + report.updated(), unchanged + report.unchanged(), rejected + report.rejected().size(), lastRow,
                errorParts + (wroteErrorPart ? 1 : 0), message, createdAt, finishedAt);
    }

    public ImportRecord finished(String newStatus, String newMessage, String at) {
        return new ImportRecord(id, kind, source, objectKey, newStatus, received, created, updated, unchanged, rejected,
                rowsDone, errorParts, newMessage, createdAt, at);
    }
}
