package dev.cairn.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.cairn.Cairn;
import dev.cairn.ingest.ImportJob;
import dev.cairn.lambda.Log;
import dev.cairn.lambda.Priming;
import dev.cairn.lambda.SqsHandler;

/**
 * Imports CSV files from S3, as S3 announces them on the import queue (uploads and warehouse drops). A file
 * longer than one run continues in the next: the job queues a continuation when the run is short of time.
 */
public final class ImportCsvHandler extends SqsHandler {

    /** Time kept in hand to save progress and queue the continuation. */
    private static final int RESERVE_MILLIS = 15_000;

    private final ImportJob jobs;

    public ImportCsvHandler() {
        this(Cairn.fromEnvironment());
        Priming.register(this);
    }

    public ImportCsvHandler(Cairn cairn) {
        super(cairn, "import-csv");
        this.jobs = cairn.importJob();
    }

    @Override
    protected void handle(SQSEvent.SQSMessage record, Context context) {
        ImportJob.Outcome outcome = jobs.handle(record.getBody(),
                () -> context != null && context.getRemainingTimeInMillis() < RESERVE_MILLIS);
        Log.info("import-csv", "import run", "messageId", record.getMessageId(), "outcome", outcome);
    }
}
