package dev.cairn.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.cairn.Cairn;
import org.crac.Resource;

/**
 * Base of the SQS-triggered handlers: each record is handled on its own, a failed record is reported in the
 * batch response (never acknowledged and lost), and SnapStart priming makes one harmless call before the snapshot.
 */
public abstract class SqsHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {

    private final Cairn cairn;
    private final String stage;

    protected SqsHandler(Cairn cairn, String stage) {
        this.cairn = cairn;
        this.stage = stage;
    }

    /** Handles one record; throwing reports it for retry. */
    protected abstract void handle(SQSEvent.SQSMessage record, Context context);

    @Override
    public final SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatch.process(event, stage, record -> handle(record, context));
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        Priming.prime(cairn);
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to refresh: clients resolve credentials and connections on use.
    }
}
