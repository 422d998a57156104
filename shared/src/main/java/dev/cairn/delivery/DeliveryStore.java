package dev.cairn.delivery;

import dev.cairn.store.Keys;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * One delivery record per (contact, program, run, step). Claiming it is a conditional write that fails once the
 * step was sent, so a retried message never sends twice.
 */
public final class DeliveryStore {

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public DeliveryStore(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    /** True when this step may be sent now: no record yet, or an earlier attempt that did not reach SES. */
    public boolean claim(String contactId, String programId, String runId, String step) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(key(contactId, programId, runId, step))
                    .updateExpression("SET #status = :sending, attempted_at = :now, attempts = if_not_exists(attempts, :zero) + :one,"
                            + " #type = :type, program_id = :program, run_id = :run, step = :step")
                    .conditionExpression("attribute_not_exists(#status) OR #status <> :sent")
                    .expressionAttributeNames(Map.of("#status", "status", "#type", "type"))
                    .expressionAttributeValues(Map.of(
                            ":sending", AttributeValue.fromS("sending"),
                            ":sent", AttributeValue.fromS("sent"),
                            ":now", AttributeValue.fromS(clock.instant().toString()),
                            ":zero", AttributeValue.fromN("0"),
                            ":one", AttributeValue.fromN("1"),
                            ":type", AttributeValue.fromS("delivery"),
                            ":program", AttributeValue.fromS(programId),
                            ":run", AttributeValue.fromS(runId),
                            ":step", AttributeValue.fromS(step))));
            return true;
        } catch (ConditionalCheckFailedException alreadySent) {
            return false;
        }
    }

    public void markSent(String contactId, String programId, String runId, String step, String messageId) {
        dynamoDb.updateItem(b -> b.tableName(table).key(key(contactId, programId, runId, step))
                .updateExpression("SET #status = :sent, sent_at = :now, message_id = :id")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(
                        ":sent", AttributeValue.fromS("sent"),
                        ":now", AttributeValue.fromS(clock.instant().toString()),
                        ":id", AttributeValue.fromS(messageId))));
    }

    private static Map<String, AttributeValue> key(String contactId, String programId, String runId, String step) {
        return Map.of(Keys.PK, AttributeValue.fromS(Keys.contact(contactId)),
                Keys.SK, AttributeValue.fromS(Keys.delivery(programId, runId, step)));
    }
}
