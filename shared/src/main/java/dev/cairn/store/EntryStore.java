package dev.cairn.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A contact's entry into a program ({@code CONTACT#id / ENTRY#program}). Entering is one conditional write: it
 * succeeds the first time, and again only for a different occasion (run id) once the cooldown has passed, so a
 * re-imported trigger never starts a program twice and a program does not pester the same person.
 */
public final class EntryStore {

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public EntryStore(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    public boolean enter(String contactId, String programId, String runId, int cooldownDays) {
        long now = clock.millis();
        try {
            dynamoDb.updateItem(b -> b.tableName(table)
                    .key(Map.of(Keys.PK, AttributeValue.fromS(Keys.contact(contactId)),
                            Keys.SK, AttributeValue.fromS(Keys.entry(programId))))
                    .updateExpression("SET run_id = :run, entered_ms = :now, entered_at = :at, #type = :type")
                    .conditionExpression("attribute_not_exists(PK) OR (run_id <> :run AND entered_ms <= :cutoff)")
                    .expressionAttributeNames(Map.of("#type", "type"))
                    .expressionAttributeValues(Map.of(
                            ":run", AttributeValue.fromS(runId),
                            ":now", AttributeValue.fromN(Long.toString(now)),
                            ":at", AttributeValue.fromS(clock.instant().toString()),
                            ":cutoff", AttributeValue.fromN(Long.toString(now - Duration.ofDays(cooldownDays).toMillis())),
                            ":type", AttributeValue.fromS("program_entry"))));
            return true;
        } catch (ConditionalCheckFailedException alreadyIn) {
            return false;
        }
    }
}
