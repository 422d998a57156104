package dev.cairn.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.cairn.Cairn;
import dev.cairn.delivery.DeliveryService;
import dev.cairn.lambda.Log;
import dev.cairn.lambda.Priming;
import dev.cairn.lambda.SqsBatch;
import dev.cairn.lambda.SqsBatchHandler;
import dev.cairn.pipeline.DeliveryRequest;
import dev.cairn.pipeline.Messages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sends a batch of rendered emails through SES, exactly once per contact, program, run and step. */
public final class DeliverHandler extends SqsBatchHandler {

    /** Time kept in hand, when the batch stops sending, to mark what was sent and report the rest. */
    private static final int RESERVE_MILLIS = 5_000;

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
    protected Map<String, RuntimeException> handle(List<SQSEvent.SQSMessage> records, Context context) {
        Map<String, RuntimeException> failed = new LinkedHashMap<>();
        List<DeliveryRequest> requests = new ArrayList<>();
        List<SQSEvent.SQSMessage> parsed = new ArrayList<>();
        for (SQSEvent.SQSMessage record : records) {
            try {
                requests.add(DeliveryRequest.fromJson(Messages.parse(record.getBody())));
                parsed.add(record);
            } catch (RuntimeException e) {
                failed.put(record.getMessageId(), e);
            }
        }
        List<DeliveryService.Result> results = service.deliver(requests,
                () -> context != null && context.getRemainingTimeInMillis() < RESERVE_MILLIS);
        for (int i = 0; i < results.size(); i++) {
            DeliveryService.Result result = results.get(i);
            DeliveryRequest request = requests.get(i);
            SQSEvent.SQSMessage record = parsed.get(i);
            if (result.failure() != null) {
                if (SqsBatch.receiveCount(record) >= maxReceiveCount) {
                    service.countFailed(request); // Dead-lettered after this attempt; counted when the batch ends.
                }
                failed.put(record.getMessageId(), result.failure());
            } else {
                Log.info("deliver", "delivered", "messageId", record.getMessageId(), "program", request.programId(),
                        "run", request.runId(), "outcome", result.outcome());
            }
        }
        return failed;
    }
}
