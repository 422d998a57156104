package dev.cairn.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.cairn.Cairn;
import dev.cairn.delivery.DeliveryService;
import dev.cairn.lambda.Log;
import dev.cairn.lambda.Priming;
import dev.cairn.lambda.SqsHandler;
import dev.cairn.pipeline.DeliveryRequest;
import dev.cairn.pipeline.Messages;

/** Sends rendered emails through SES, exactly once per contact, program, run and step. */
public final class DeliverHandler extends SqsHandler {

    private final DeliveryService service;

    public DeliverHandler() {
        this(Cairn.fromEnvironment());
        Priming.register(this);
    }

    public DeliverHandler(Cairn cairn) {
        super(cairn, "deliver");
        this.service = cairn.deliveryService();
    }

    @Override
    protected void handle(SQSEvent.SQSMessage record, Context context) {
        DeliveryRequest request = DeliveryRequest.fromJson(Messages.parse(record.getBody()));
        DeliveryService.Outcome outcome = service.deliver(request);
        Log.info("deliver", "delivered", "messageId", record.getMessageId(), "program", request.programId(),
                "run", request.runId(), "outcome", outcome);
    }
}
