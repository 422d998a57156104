package dev.cairn.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementError;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementErrorCodeEnum;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Reads and creates many items in few requests, with the retries DynamoDB asks for: used by the stores that serve a
 * whole batch of records at once.
 */
public final class BatchItems {

    private static final int BATCH_GET_LIMIT = 100;
    /** DynamoDB's most statements in one BatchExecuteStatement. */
    private static final int STATEMENT_LIMIT = 25;
    /** Rounds of a statement that failed for a passing reason (throttled, internal error), then given up. */
    private static final int STATEMENT_ROUNDS = 3;

    private BatchItems() {
    }

    /**
     * How a batch read sees recent writes. {@link #CONSISTENT} sees every write acknowledged before it, at one read
     * unit per 4 KB; {@link #EVENTUAL} may miss a write of the last second or so, at half the price (DynamoDB's
     * "Read consistency"): for reads whose caller either tolerates that or reads its misses again consistently.
     */
    public enum Read { CONSISTENT, EVENTUAL }

    /** Items by key in BatchGetItem pages of 100, retrying unprocessed keys; only {@code attribute} when given. */
    public static List<Map<String, AttributeValue>> getAll(DynamoDbClient dynamoDb, String table,
                                                           List<Map<String, AttributeValue>> keys, String attribute,
                                                           Read read) {
        return getAttributes(dynamoDb, table, keys, attribute == null ? List.of() : List.of(attribute), read);
    }

    /** The same, with only the given attributes (all of them when none is given). */
    public static List<Map<String, AttributeValue>> getAttributes(DynamoDbClient dynamoDb, String table,
                                                           List<Map<String, AttributeValue>> keys, List<String> attributes,
                                                           Read read) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int start = 0; start < keys.size(); start += BATCH_GET_LIMIT) {
            KeysAndAttributes.Builder page = KeysAndAttributes.builder().consistentRead(read == Read.CONSISTENT)
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
     * Items by key at half the price of a consistent read: read eventually consistent, then the keys in
     * {@code mustSee} that were not found read again consistently, so that an item written a moment ago (a contact
     * created just before its welcome email) is not taken for absent. Other keys not found may exist since the last
     * second. Only {@code attributes} when given (they must include the key, to tell what was found).
     */
    public static List<Map<String, AttributeValue>> getAttributesSeeing(DynamoDbClient dynamoDb, String table,
            List<Map<String, AttributeValue>> keys, List<String> attributes, Collection<Map<String, AttributeValue>> mustSee) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(getAttributes(dynamoDb, table, keys, attributes, Read.EVENTUAL));
        Set<Map<String, AttributeValue>> missing = new LinkedHashSet<>(mustSee);
        items.forEach(item -> missing.remove(Map.of(Keys.PK, item.get(Keys.PK), Keys.SK, item.get(Keys.SK))));
        if (!missing.isEmpty()) {
            items.addAll(getAttributes(dynamoDb, table, List.copyOf(missing), attributes, Read.CONSISTENT));
        }
        return items;
    }

    /** A PartiQL INSERT of the item, its values as parameters; it fails with DuplicateItem if the key exists. */
    public static BatchStatementRequest insert(String table, Map<String, AttributeValue> item) {
        StringBuilder statement = new StringBuilder("INSERT INTO \"").append(table).append("\" VALUE {");
        List<AttributeValue> values = new ArrayList<>(item.size());
        item.forEach((name, value) -> {
            statement.append(values.isEmpty() ? "'" : ", '").append(name).append("': ?");
            values.add(value);
        });
        return BatchStatementRequest.builder().statement(statement.append('}').toString()).parameters(values).build();
    }

    /**
     * Runs PartiQL write statements in BatchExecuteStatement requests of up to 25: each statement is a single-item
     * write with its own condition, billed as a plain write (a transaction bills twice), and succeeds or fails alone.
     * A statement that failed for a passing reason (throttled, internal error: nothing was written) is sent again,
     * up to {@value #STATEMENT_ROUNDS} rounds in all, after a back-off. Returns each statement's error, in order:
     * null when it was written, DuplicateItem or ConditionalCheckFailed when its condition failed, or the last other
     * error when it could not be written.
     */
    public static List<BatchStatementError> executeAll(DynamoDbClient dynamoDb, List<BatchStatementRequest> statements) {
        List<BatchStatementError> errors = new ArrayList<>(Collections.nCopies(statements.size(), null));
        for (int from = 0; from < statements.size(); from += STATEMENT_LIMIT) {
            List<Integer> pending = new ArrayList<>();
            for (int i = from; i < Math.min(statements.size(), from + STATEMENT_LIMIT); i++) {
                pending.add(i);
            }
            for (int round = 1; !pending.isEmpty(); round++) {
                List<BatchStatementRequest> sent = pending.stream().map(statements::get).toList();
                List<BatchStatementResponse> answers = dynamoDb.batchExecuteStatement(b -> b.statements(sent)).responses();
                List<Integer> again = new ArrayList<>();
                for (int j = 0; j < pending.size(); j++) {
                    BatchStatementError error = answers.get(j).error();
                    errors.set(pending.get(j), error);
                    if (error != null && error.code() != BatchStatementErrorCodeEnum.DUPLICATE_ITEM
                            && error.code() != BatchStatementErrorCodeEnum.CONDITIONAL_CHECK_FAILED
                            && round < STATEMENT_ROUNDS) {
                        again.add(pending.get(j));
                    }
                }
                pending = again;
                backOff(round - 1, pending.isEmpty());
            }
        }
        return errors;
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
