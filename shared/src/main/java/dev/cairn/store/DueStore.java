package dev.cairn.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Messages that wait for a time (an email outside its send window, a sequence step not yet due): {@code DUE#<UTC hour> / <instant>#<uuid>},
 * released to their queue by the scheduler once due. Hour buckets keep each release a few small queries.
 */
public final class DueStore {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    public record Due(Map<String, AttributeValue> key, String queue, String body) {
    }

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DueStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** Parks a message for a queue (by the queue's name in Cairn: "deliver", "render") until {@code at}. */
    public void park(Instant at, String queue, String body) {
        park(at, queue, body, UUID.randomUUID().toString());
    }

    /**
     * As above, under a name unique to the message ({@code at} and {@code id} make its key), so that parking the
     * same message again at the same time stores it once. Returns it, for {@link #remove}.
     */
    public Due park(Instant at, String queue, String body, String id) {
        Map<String, AttributeValue> key = Map.of(Keys.PK, AttributeValue.fromS("DUE#" + HOUR.format(at)),
                Keys.SK, AttributeValue.fromS(at + "#" + id));
        Map<String, AttributeValue> item = new java.util.HashMap<>(key);
        item.put("type", AttributeValue.fromS("due_message"));
        item.put("queue", AttributeValue.fromS(queue));
        item.put("body", AttributeValue.fromS(body));
        dynamoDb.putItem(b -> b.tableName(table).item(item));
        return new Due(key, queue, body);
    }

    /** Messages due in (since, now], hour bucket by hour bucket. */
    public List<Due> dueBetween(Instant since, Instant now) {
        List<Due> due = new ArrayList<>();
        for (Instant hour = since.truncatedTo(ChronoUnit.HOURS); !hour.isAfter(now); hour = hour.plus(1, ChronoUnit.HOURS)) {
            String bucket = "DUE#" + HOUR.format(hour);
            Map<String, AttributeValue> startKey = null;
            do {
                Map<String, AttributeValue> exclusiveStart = startKey;
                QueryResponse page = dynamoDb.query(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("PK = :pk AND SK <= :now")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(bucket),
                                ":now", AttributeValue.fromS(now + "#~")))
                        .exclusiveStartKey(exclusiveStart));
                page.items().forEach(item -> due.add(new Due(Map.of(Keys.PK, item.get(Keys.PK), Keys.SK, item.get(Keys.SK)),
                        item.get("queue").s(), item.get("body").s())));
                startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (startKey != null);
        }
        return due;
    }

    public void remove(Due due) {
        dynamoDb.deleteItem(b -> b.tableName(table).key(due.key()));
    }
}
