package dev.cairn.tracking;

import dev.cairn.store.Keys;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Who must not be emailed: one item per contact and opted-out scope, {@code CONTACT#id / SUPPRESSION#ALL} or
 * {@code SUPPRESSION#CATEGORY#<category>}. Kept in the contact's partition, so that erasing the contact erases
 * them, and so that the check before a send is one Query.
 */
public final class Suppressions {

    /** What the contact opted out of. */
    public enum Scope { CATEGORY, ALL }

    private final DynamoDbClient dynamoDb;
    private final String table;

    public Suppressions(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** Records an opt-out; repeating it keeps the first time and source. */
    public void suppress(String contactId, Scope scope, String category, String reason, String programId,
                         String runId, String at) {
        String sortKey = scope == Scope.ALL ? Keys.SUPPRESSION_ALL : Keys.suppression(category);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":type", AttributeValue.fromS("suppression"));
        values.put(":scope", AttributeValue.fromS(scope == Scope.ALL ? "all" : "category"));
        values.put(":category", AttributeValue.fromS(scope == Scope.ALL ? "" : category));
        values.put(":reason", AttributeValue.fromS(reason));
        values.put(":program", AttributeValue.fromS(programId));
        values.put(":run", AttributeValue.fromS(runId));
        values.put(":at", AttributeValue.fromS(at));
        dynamoDb.updateItem(b -> b.tableName(table)
                .key(Map.of(Keys.PK, AttributeValue.fromS(Keys.contact(contactId)), Keys.SK, AttributeValue.fromS(sortKey)))
                .updateExpression("SET #type = :type, #scope = :scope, category = :category,"
                        + " reason = if_not_exists(reason, :reason), program_id = if_not_exists(program_id, :program),"
                        + " run_id = if_not_exists(run_id, :run), created_at = if_not_exists(created_at, :at)")
                .expressionAttributeNames(Map.of("#type", "type", "#scope", "scope"))
                .expressionAttributeValues(values));
    }

    /** Whether the contact opted out of everything, or of this category. */
    public boolean isSuppressed(String contactId, String category) {
        List<Map<String, AttributeValue>> items = dynamoDb.query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .projectionExpression("#sk")
                .expressionAttributeNames(Map.of("#pk", Keys.PK, "#sk", Keys.SK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.contact(contactId)),
                        ":prefix", AttributeValue.fromS(Keys.SUPPRESSION_PREFIX)))).items();
        String categoryKey = Keys.suppression(category);
        return items.stream().map(item -> item.get(Keys.SK).s())
                .anyMatch(sk -> sk.equals(Keys.SUPPRESSION_ALL) || sk.equals(categoryKey));
    }
}
