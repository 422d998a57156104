package dev.cairn.tracking;

import dev.cairn.store.Keys;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One engagement record per (contact, program, run), {@code CONTACT#id / ENGAGEMENT#program#run}: when the contact
 * first opened, clicked, answered or unsubscribed, and how often. It sits in GSI1 under
 * {@code ENGAGEMENTS#program#run}, so a run's engaged contacts are one Query, and "did this contact engage" is
 * one GetItem. See docs/data-model.md.
 */
public final class EngagementStore {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public EngagementStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** Adds one engagement; a single UpdateItem, so concurrent clicks all count. */
    public void record(String contactId, String accountId, String programId, String runId, String step,
                       Engagement what, String at) {
        dynamoDb.updateItem(b -> b.tableName(table)
                .key(Map.of(Keys.PK, AttributeValue.fromS(Keys.contact(contactId)),
                        Keys.SK, AttributeValue.fromS(Keys.engagement(programId, runId))))
                .updateExpression("SET #type = :type, contact_id = :contact, account_id = :account,"
                        + " program_id = :program, run_id = :run, last_step = :step, #gpk = :gpk, #gsk = :gsk,"
                        + " first_engaged_at = if_not_exists(first_engaged_at, :at), last_engaged_at = :at,"
                        + " #first = if_not_exists(#first, :at) ADD #count :one")
                .expressionAttributeNames(Map.of("#type", "type", "#gpk", Keys.GSI1PK, "#gsk", Keys.GSI1SK,
                        "#first", what.firstAtAttribute(), "#count", what.countAttribute()))
                .expressionAttributeValues(Map.of(
                        ":type", AttributeValue.fromS("engagement"),
                        ":contact", AttributeValue.fromS(contactId),
                        ":account", AttributeValue.fromS(accountId),
                        ":program", AttributeValue.fromS(programId),
                        ":run", AttributeValue.fromS(runId),
                        ":step", AttributeValue.fromS(step),
                        ":gpk", AttributeValue.fromS(Keys.runEngagements(programId, runId)),
                        ":gsk", AttributeValue.fromS(Keys.contact(contactId)),
                        ":at", AttributeValue.fromS(at),
                        ":one", AttributeValue.fromN("1"))));
    }

    /** Whether the contact opened the hub page, clicked a call to action or answered a poll in the run. */
    public boolean engaged(String contactId, String programId, String runId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(Keys.PK, AttributeValue.fromS(Keys.contact(contactId)),
                        Keys.SK, AttributeValue.fromS(Keys.engagement(programId, runId))))).item();
        // An unsubscribe is recorded here too, but it is no engagement.
        return item != null && java.util.stream.Stream.of(Engagement.OPENED, Engagement.CLICKED, Engagement.ANSWERED)
                .anyMatch(e -> item.containsKey(e.firstAtAttribute()));
    }
}
