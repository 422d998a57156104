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
    private final int maxReceiveCount;

    public DeliverHandler() {
        this(Cairn.fromEnvironment());
        Priming.register(this);
    }

    public DeliverHandler(Cairn cairn) {
        super(cairn, "deliver");
        this.service = cairn.deliveryService();
        this.maxReceiveCount = cairn.maxReceiveCount();
    }

    @Override
    protected void handle(SQSEvent.SQSMessage record, Context context) {
        DeliveryRequest request = DeliveryRequest.fromJson(Messages.parse(record.getBody()));
        DeliveryService.Outcome outcome;
        try {
            outcome = service.deliver(request);
        } catch (RuntimeException e) {
            if (receiveCount(record) >= maxReceiveCount) {
                try {
                    service.countFailed(request); // Dead-lettered after this attempt.
                } catch (RuntimeException countFailed) {
                    e.addSuppressed(countFailed);
                }
            }
            throw e;
        }
        Log.info("deliver", "delivered", "messageId", record.getMessageId(), "program", request.programId(),
                "run", request.runId(), "outcome", outcome);
    }

    private static int receiveCount(SQSEvent.SQSMessage record) {
        String count = record.getAttributes() == null ? null : record.getAttributes().get("ApproximateReceiveCount");
        return count == null ? 1 : Integer.parseInt(count);
    }
}
