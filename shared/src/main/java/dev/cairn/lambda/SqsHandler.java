package dev.cairn.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.cairn.Cairn;

/**
 * Base of the SQS-triggered handlers: each record is handled on its own, a failed record is reported in the
 * batch response (never acknowledged and lost).
 */
public abstract class SqsHandler extends PrimedHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final String stage;
    private final RetryVisibility retries;

    protected SqsHandler(Cairn cairn, String stage) {
        super(cairn);
        this.stage = stage;
        this.retries = cairn.retryVisibility();
    }

    /** Handles one record; throwing reports it for retry. */
    protected abstract void handle(SQSEvent.SQSMessage record, Context context);

    @Override
    public final SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatch.process(event, stage, retries, record -> handle(record, context));
    }
}
