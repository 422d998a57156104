package dev.cairn.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The floor of the cold-start figure, run in a fresh JVM on the same classpath and flags as the function: reads the
 * same sample event, builds the same SDK client (DynamoDB's, the only one a function builds: S3, SES and SQS are
 * called through Cairn's signed requests, {@code S3Bucket}, {@code Mailer} and {@code SqsApi}) on the same HTTP
 * client, makes the same first DynamoDB call (on a key of its own) and exits. What any Java function using DynamoDB
 * pays before doing its own work.
 *
 * <p>Arguments: handler class (only to find the event's type, not initialised), sample event file, first call
 * ({@code GetItem}, {@code Query}, {@code BatchGetItem}, {@code PutItem} or {@code UpdateItem}).
 */
public final class FloorProbe {

    private static final Map<String, AttributeValue> FLOOR_KEY = Map.of(
            "PK", AttributeValue.fromS("BENCH#cold-start-floor"), "SK", AttributeValue.fromS("FLOOR"));

    private FloorProbe() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        SampleEvent.read(Path.of(args[1]), args[0]);
        long read = System.nanoTime();
        String firstCall = args[2];
        SdkHttpClient http = UrlConnectionHttpClient.builder().build();
        DynamoDbClient dynamoDb = DynamoDbClient.builder().httpClient(http).build();
        long built = System.nanoTime();
        String table = System.getenv("TABLE_NAME");
        switch (firstCall) {
            case "GetItem" -> dynamoDb.getItem(b -> b.tableName(table).key(FLOOR_KEY));
            case "Query" -> dynamoDb.query(b -> b.tableName(table).keyConditionExpression("PK = :pk")
                    .expressionAttributeValues(Map.of(":pk", FLOOR_KEY.get("PK"))));
            case "BatchGetItem" -> dynamoDb.batchGetItem(b -> b.requestItems(Map.of(table,
                    KeysAndAttributes.builder().keys(List.of(FLOOR_KEY)).build())));
            case "PutItem" -> dynamoDb.putItem(b -> b.tableName(table).item(Map.of("PK", FLOOR_KEY.get("PK"),
                    "SK", FLOOR_KEY.get("SK"), "touched_at", AttributeValue.fromS(java.time.Instant.now().toString()))));
            case "UpdateItem" -> dynamoDb.updateItem(b -> b.tableName(table).key(FLOOR_KEY)
                    .updateExpression("SET touched_at = :now")
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromS(java.time.Instant.now().toString()))));
            default -> throw new IllegalArgumentException("unknown first call " + firstCall);
        }
        long answered = System.nanoTime();
        // The handler probe's phases: the clients are the floor's construction, the first call its invocation.
        System.out.printf(java.util.Locale.ROOT, "{\"response\":\"%s done\",\"phases\":{\"main\":%.1f,\"event\":%.1f,"
                + "\"construct\":%.1f,\"invoke\":%.1f,\"answered\":%.1f,\"cpu\":%.1f}}%n", firstCall,
                Processes.sinceLaunch(start), (read - start) / 1e6, (built - read) / 1e6, (answered - built) / 1e6,
                Processes.sinceLaunch(answered), Processes.cpuMillis());
    }
}
