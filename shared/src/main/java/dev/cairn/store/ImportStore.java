package dev.cairn.store;

import dev.cairn.ingest.ImportRecord;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Import records ({@code IMPORT#id / IMPORT}), written whole after each chunk of rows. */
public final class ImportStore {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public ImportStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** Creates the record unless it exists (an S3 event delivered twice creates one import); true if created. */
    public boolean create(ImportRecord record) {
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(toItem(record)).conditionExpression("attribute_not_exists(PK)"));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    public void save(ImportRecord record) {
        dynamoDb.putItem(b -> b.tableName(table).item(toItem(record)));
    }

    public Optional<ImportRecord> get(String id) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(key(id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(Keys.PK, AttributeValue.fromS(Keys.importRecord(id)), Keys.SK, AttributeValue.fromS(Keys.IMPORT_SK));
    }

    private static Map<String, AttributeValue> toItem(ImportRecord r) {
        Map<String, AttributeValue> item = new HashMap<>(key(r.id()));
        item.put("type", AttributeValue.fromS("import"));
        item.put("import_id", AttributeValue.fromS(r.id()));
        item.put("kind", AttributeValue.fromS(r.kind()));
        item.put("source", AttributeValue.fromS(r.source()));
        item.put("object_key", AttributeValue.fromS(r.objectKey()));
        item.put("status", AttributeValue.fromS(r.status()));
        item.put("received", number(r.received()));
        item.put("created", number(r.created()));
        item.put("updated", number(r.updated()));
        item.put("unchanged", number(r.unchanged()));
        item.put("rejected", number(r.rejected()));
        item.put("rows_done", number(r.rowsDone()));
        item.put("error_parts", number(r.errorParts()));
        item.put("created_at", AttributeValue.fromS(r.createdAt()));
        if (r.message() != null) {
            item.put("message", AttributeValue.fromS(r.message()));
        }
        if (r.finishedAt() != null) {
            item.put("finished_at", AttributeValue.fromS(r.finishedAt()));
        }
        return item;
    }

    private static ImportRecord fromItem(Map<String, AttributeValue> item) {
        return new ImportRecord(item.get("import_id").s(), item.get("kind").s(), item.get("source").s(),
                item.get("object_key").s(), item.get("status").s(), integer(item, "received"), integer(item, "created"),
                integer(item, "updated"), integer(item, "unchanged"), integer(item, "rejected"), integer(item, "rows_done"),
                integer(item, "error_parts"), ItemValues.string(item, "message"), item.get("created_at").s(),
                ItemValues.string(item, "finished_at"));
    }

    private static AttributeValue number(int value) {
        return AttributeValue.fromN(Integer.toString(value));
    }

    private static int integer(Map<String, AttributeValue> item, String name) {
        return new BigDecimal(item.get(name).n()).intValue();
    }
}
