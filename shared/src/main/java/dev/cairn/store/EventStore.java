package dev.cairn.store;

import dev.cairn.plan.RuleData;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Reads an account's events back from its partition ({@code EVENT#<timestamp>#<event>#<contact>}, written by
 * ingestion), for plan rules and onboarding metrics. Metric points are read by {@link EntityStore#metricPoints}.
 */
public final class EventStore {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public EventStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** The account's events from the start of {@code from} to the end of {@code to}, oldest first. */
    public List<RuleData.Event> events(String accountId, LocalDate from, LocalDate to) {
        List<RuleData.Event> events = new ArrayList<>();
        for (Map<String, AttributeValue> item : query(accountId, "EVENT#" + from, "EVENT#" + to + "~")) {
            String contact = ItemValues.string(item, "contact_id");
            events.add(new RuleData.Event(item.get("event").s(), Instant.parse(item.get("timestamp").s()),
                    contact == null || contact.isEmpty() ? null : contact));
        }
        return events;
    }

    private List<Map<String, AttributeValue>> query(String accountId, String from, String to) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        QueryRequest request = QueryRequest.builder().tableName(table)
                .keyConditionExpression("PK = :pk AND SK BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.account(accountId)),
                        ":from", AttributeValue.fromS(from), ":to", AttributeValue.fromS(to))).build();
        Map<String, AttributeValue> startKey = null;
        do {
            QueryResponse page = dynamoDb.query(request.toBuilder().exclusiveStartKey(startKey).build());
            items.addAll(page.items());
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return items;
    }
}
