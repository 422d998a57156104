package dev.cairn.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The emulator's cancelled transactions leave every item as it was. scripts/moto_server.py changes how moto saves
 * and restores items around a transaction (it deep-copied whole tables); Cairn's batch claims rely on the outcome.
 */
class TransactionRollbackTest {

    @Test
    void aCancelledTransactionUndoesItsUpdatesPutsAndDeletes() {
        LocalRuntime runtime = TestStack.shared();
        DynamoDbClient dynamoDb = runtime.clients().dynamoDb();
        String table = runtime.resources().ref("CairnTable");
        String pk = TestStack.unique("ROLLBACK#");
        dynamoDb.putItem(b -> b.tableName(table).item(item(pk, "counted", "n", "1")));
        dynamoDb.putItem(b -> b.tableName(table).item(item(pk, "deleted", "n", "1")));
        dynamoDb.putItem(b -> b.tableName(table).item(item(pk, "held", "n", "1")));

        TransactionCanceledException cancelled = assertThrows(TransactionCanceledException.class, () ->
                dynamoDb.transactWriteItems(b -> b.transactItems(List.of(
                        TransactWriteItem.builder().update(u -> u.tableName(table).key(key(pk, "counted"))
                                .updateExpression("SET n = n + :one")
                                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))).build(),
                        TransactWriteItem.builder().put(p -> p.tableName(table).item(item(pk, "new", "n", "1"))).build(),
                        TransactWriteItem.builder().delete(d -> d.tableName(table).key(key(pk, "deleted"))).build(),
                        TransactWriteItem.builder().put(p -> p.tableName(table).item(item(pk, "held", "n", "2"))
                                .conditionExpression("attribute_not_exists(PK)")).build()))));

        assertEquals("ConditionalCheckFailed", cancelled.cancellationReasons().get(3).code());
        assertEquals("1", dynamoDb.getItem(b -> b.tableName(table).key(key(pk, "counted"))).item().get("n").n(),
                "the update is undone");
        assertFalse(dynamoDb.getItem(b -> b.tableName(table).key(key(pk, "new"))).hasItem(), "the put is undone");
        assertEquals("1", dynamoDb.getItem(b -> b.tableName(table).key(key(pk, "deleted"))).item().get("n").n(),
                "the delete is undone");
        assertEquals("1", dynamoDb.getItem(b -> b.tableName(table).key(key(pk, "held"))).item().get("n").n());
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk));
    }

    private static Map<String, AttributeValue> item(String pk, String sk, String name, String number) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk), name, AttributeValue.fromN(number));
    }
}
