package dev.cairn.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.cairn.Cairn;
import dev.cairn.delivery.SesEvents;
import dev.cairn.lambda.Log;
import dev.cairn.lambda.Priming;
import dev.cairn.lambda.SqsHandler;
import dev.cairn.pipeline.Messages;

/**
 * Suppresses the addresses of SES's permanent bounces and complaints, which the configuration set's event
 * destination publishes to SNS and SNS delivers to this function's queue.
 */
public final class SesEventsHandler extends SqsHandler {

    private final SesEvents service;

    public SesEventsHandler() {
        this(Cairn.fromEnvironment());
        Priming.register(this);
    }

    public SesEventsHandler(Cairn cairn) {
        super(cairn, "ses-events");
        this.service = cairn.sesEvents();
    }

    @Override
    protected void handle(SQSEvent.SQSMessage record, Context context) {
        SesEvents.Result result = service.handle(Messages.parse(record.getBody()));
        Log.info("ses-events", "ses event handled", "messageId", record.getMessageId(), "outcome", result.outcome(),
                "addresses", result.addresses());
    }
}
