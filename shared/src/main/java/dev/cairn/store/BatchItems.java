package dev.cairn.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Reads and creates many items in few requests, with the retries DynamoDB asks for: used by the stores that serve a
 * whole batch of records at once.
 */
public final class BatchItems {

    private static final int BATCH_GET_LIMIT = 100;
    private static final int TRANSACT_LIMIT = 100;

    private BatchItems() {
    }

    /** Items by key in BatchGetItem pages of 100, retrying unprocessed keys; only {@code attribute} when given. */
    public static List<Map<String, AttributeValue>> getAll(DynamoDbClient dynamoDb, String table,
                                                           List<Map<String, AttributeValue>> keys, String attribute) {
        return getAttributes(dynamoDb, table, keys, attribute == null ? List.of() : List.of(attribute));
    }

    /** The same, with only the given attributes (all of them when none is given). */
    public static List<Map<String, AttributeValue>> getAttributes(DynamoDbClient dynamoDb, String table,
                                                           List<Map<String, AttributeValue>> keys, List<String> attributes) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int start = 0; start < keys.size(); start += BATCH_GET_LIMIT) {
            KeysAndAttributes.Builder page = KeysAndAttributes.builder().consistentRead(true)
                    .keys(keys.subList(start, Math.min(keys.size(), start + BATCH_GET_LIMIT)));
            if (!attributes.isEmpty()) {
                Map<String, String> names = new java.util.LinkedHashMap<>();
                for (String attribute : attributes) {
                    names.put("#a" + names.size(), attribute);
                }
                page.projectionExpression(String.join(", ", names.keySet())).expressionAttributeNames(names);
            }
            Map<String, KeysAndAttributes> request = Map.of(table, page.build());
            for (int attempt = 0; !request.isEmpty(); attempt++) {
                Map<String, KeysAndAttributes> pending = request;
                BatchGetItemResponse response = dynamoDb.batchGetItem(b -> b.requestItems(pending));
                items.addAll(response.responses().getOrDefault(table, List.of()));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                backOff(attempt, request.isEmpty());
            }
        }
        return items;
    }

    /**
     * Puts each item unless one with its key exists, in transactions of up to 100 conditional puts (one request for
     * a batch instead of one per item). Returns the indexes of the items not put because their key existed (created
     * meanwhile by a concurrent batch): the caller reads what is stored there instead.
     */
    public static Set<Integer> putAllIfAbsent(DynamoDbClient dynamoDb, String table, List<Map<String, AttributeValue>> items) {
        Set<Integer> existing = new HashSet<>();
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            pending.add(i);
        }
        while (!pending.isEmpty()) {
            List<Integer> chunk = List.copyOf(pending.subList(0, Math.min(pending.size(), TRANSACT_LIMIT)));
            List<TransactWriteItem> puts = new ArrayList<>(chunk.size());
            for (int index : chunk) {
                puts.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(items.get(index))
                        .conditionExpression("attribute_not_exists(PK)")).build());
            }
            try {
                dynamoDb.transactWriteItems(b -> b.transactItems(puts));
                pending.removeAll(chunk);
            } catch (TransactionCanceledException e) {
                // The whole transaction is cancelled: drop the items whose key exists and put the rest again.
                Set<Integer> failed = new HashSet<>();
                for (int i = 0; i < chunk.size() && i < e.cancellationReasons().size(); i++) {
                    if ("ConditionalCheckFailed".equals(e.cancellationReasons().get(i).code())) {
                        failed.add(chunk.get(i));
                    }
                }
                if (failed.isEmpty()) {
                    throw e;
                }
                existing.addAll(failed);
                pending.removeAll(failed);
            }
        }
        return existing;
    }

    /** Exponential back-off between retries of unprocessed batch items, as DynamoDB asks. */
    static void backOff(int attempt, boolean done) {
        if (done) {
            return;
        }
        if (attempt >= 8) {
            throw new IllegalStateException("DynamoDB left items unprocessed after " + attempt + " retries");
        }
        try {
            Thread.sleep(Math.min(2_000L, 25L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying unprocessed items", e);
        }
    }
}
