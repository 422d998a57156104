package dev.cairn.store;

import dev.cairn.ingest.EntityRecord;
import dev.cairn.ingest.EntitySchema;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementError;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementErrorCodeEnum;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Accounts and contacts in the single table. An upsert is one UpdateItem that sets provided fields, removes
 * cleared ones and returns the old item, so that what changed is known without a read-modify-write race.
 */
public final class EntityStore {

    /** Custom attributes live beside known fields under this prefix, so they can never overwrite one. */
    static final String CUSTOM_PREFIX = "custom.";
    private static final int BATCH_WRITE_LIMIT = 25;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public EntityStore(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    public UpsertOutcome upsert(EntitySchema schema, EntityRecord record) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> sets = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        int n = 0;
        Map<String, Object> provided = provided(record);
        for (Map.Entry<String, Object> field : provided.entrySet()) {
            names.put("#f" + n, field.getKey());
            values.put(":v" + n, ItemValues.toAttribute(field.getValue()));
            sets.add("#f" + n + " = :v" + n);
            n++;
        }
        for (String field : record.cleared()) {
            names.put("#f" + n, storedName(schema, field));
            removes.add("#f" + n);
            n++;
        }
        String now = clock.instant().toString();
        names.put("#type", "type");
        values.put(":type", AttributeValue.fromS(schema.kind()));
        sets.add("#type = :type");
        names.put("#created", "created_at");
        values.put(":now", AttributeValue.fromS(now));
        sets.add("#created = if_not_exists(#created, :now)");
        if (schema == EntitySchema.ACCOUNT || schema == EntitySchema.CONTACT) {
            names.put("#apk", Keys.GSI2PK);
            names.put("#ask", Keys.GSI2SK);
            values.put(":apk", AttributeValue.fromS(Keys.audienceShard(schema.kind(), record.id())));
            values.put(":ask", AttributeValue.fromS(record.id()));
            sets.add("#apk = :apk");
            sets.add("#ask = :ask");
        }
        if (schema == EntitySchema.CONTACT) {
            names.put("#gpk", Keys.GSI1PK);
            names.put("#gsk", Keys.GSI1SK);
            values.put(":gpk", AttributeValue.fromS(Keys.account((String) record.get("account_id"))));
            values.put(":gsk", AttributeValue.fromS(Keys.contact(record.id())));
            sets.add("#gpk = :gpk");
            sets.add("#gsk = :gsk");
        }
        String update = "SET " + String.join(", ", sets) + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
        UpdateItemResponse response = dynamoDb.updateItem(b -> b.tableName(table)
                .key(key(schema, record))
                .updateExpression(update)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_OLD));
        Map<String, AttributeValue> old = response.attributes();
        return outcome(schema, record, old == null ? Map.of() : old);
    }

    /** Compares a record with the item stored before it: created, updated (with what changed), or unchanged. */
    private static UpsertOutcome outcome(EntitySchema schema, EntityRecord record, Map<String, AttributeValue> old) {
        Map<String, Object> provided = provided(record);
        Map<String, Object> before = fromItem(old);
        Map<String, Object> changes = new LinkedHashMap<>();
        if (old.isEmpty()) {
            provided.keySet().forEach(k -> changes.put(k, null));
            return new UpsertOutcome(record.id(), UpsertOutcome.Status.CREATED, before, changes);
        }
        provided.forEach((k, v) -> {
            if (!sameValue(before.get(k), v)) {
                changes.put(k, before.get(k));
            }
        });
        for (String field : record.cleared()) {
            String stored = storedName(schema, field);
            if (before.get(stored) != null) {
                changes.put(stored, before.get(stored));
            }
        }
        return new UpsertOutcome(record.id(), changes.isEmpty() ? UpsertOutcome.Status.UNCHANGED
                : UpsertOutcome.Status.UPDATED, before, changes);
    }

    /**
     * Upserts many records with few requests, for bulk imports: the stored items are read in BatchGetItem calls
     * of 100, merged and compared in memory, and only created or changed items are written, in BatchWriteItem
     * calls of 25. Unlike {@link #upsert}, a write to the same item between the read and the write is lost, so
     * the importer runs one file at a time (docs/ingestion.md).
     */
    public List<UpsertOutcome> upsertAll(EntitySchema schema, List<EntityRecord> records) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>(records.size());
        records.forEach(r -> keys.add(key(schema, r)));
        Map<String, Map<String, AttributeValue>> stored = new HashMap<>();
        for (Map<String, AttributeValue> item : getAll(keys)) {
            stored.put(item.get(Keys.PK).s() + "\n" + item.get(Keys.SK).s(), item);
        }
        String now = clock.instant().toString();
        List<UpsertOutcome> outcomes = new ArrayList<>(records.size());
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            EntityRecord record = records.get(i);
            Map<String, AttributeValue> key = keys.get(i);
            Map<String, AttributeValue> old = stored.getOrDefault(key.get(Keys.PK).s() + "\n" + key.get(Keys.SK).s(), Map.of());
            UpsertOutcome outcome = outcome(schema, record, old);
            outcomes.add(outcome);
            if (outcome.status() != UpsertOutcome.Status.UNCHANGED) {
                Map<String, AttributeValue> merged = new HashMap<>(old);
                merged.putAll(key);
                provided(record).forEach((name, value) -> merged.put(name, ItemValues.toAttribute(value)));
                record.cleared().forEach(field -> merged.remove(storedName(schema, field)));
                merged.put("type", AttributeValue.fromS(schema.kind()));
                merged.putIfAbsent("created_at", AttributeValue.fromS(now));
                if (schema == EntitySchema.ACCOUNT || schema == EntitySchema.CONTACT) {
                    merged.put(Keys.GSI2PK, AttributeValue.fromS(Keys.audienceShard(schema.kind(), record.id())));
                    merged.put(Keys.GSI2SK, AttributeValue.fromS(record.id()));
                }
                if (schema == EntitySchema.CONTACT) {
                    merged.put(Keys.GSI1PK, AttributeValue.fromS(Keys.account((String) record.get("account_id"))));
                    merged.put(Keys.GSI1SK, AttributeValue.fromS(Keys.contact(record.id())));
                }
                writes.add(WriteRequest.builder().putRequest(p -> p.item(merged)).build());
            }
        }
        writeAll(writes);
        return outcomes;
    }

    private List<Map<String, AttributeValue>> getAll(List<Map<String, AttributeValue>> keys) {
        return getAll(keys, null);
    }

    private List<Map<String, AttributeValue>> getAll(List<Map<String, AttributeValue>> keys, String attribute) {
        return BatchItems.getAll(dynamoDb, table, keys, attribute, BatchItems.Read.CONSISTENT);
    }

    /** Items by key read eventually consistent, those in {@code mustSee} not found again consistently. */
    private List<Map<String, AttributeValue>> getAllSeeing(List<Map<String, AttributeValue>> keys,
                                                           Collection<Map<String, AttributeValue>> mustSee) {
        return BatchItems.getAttributesSeeing(dynamoDb, table, keys, List.of(), mustSee);
    }

    private static Map<String, Object> provided(EntityRecord record) {
        Map<String, Object> provided = new LinkedHashMap<>(record.values());
        record.custom().forEach((k, v) -> provided.put(CUSTOM_PREFIX + k, v));
        return provided;
    }

    private static String storedName(EntitySchema schema, String field) {
        return schema.fields().containsKey(field) ? field : CUSTOM_PREFIX + field;
    }

    public Optional<Map<String, Object>> get(EntitySchema schema, String id) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(key(schema, id))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Which of the given ids exist, read in BatchGetItem pages. */
    public Set<String> existing(EntitySchema schema, Set<String> ids) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>(ids.size());
        ids.forEach(id -> keys.add(key(schema, id)));
        Set<String> found = new HashSet<>();
        getAll(keys, schema.idField()).forEach(item -> found.add(item.get(schema.idField()).s()));
        return found;
    }

    /** The contacts of one account, through the account index. */
    public List<Map<String, Object>> contactsOfAccount(String accountId) {
        List<Map<String, Object>> contacts = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> exclusiveStart = startKey;
            QueryResponse page = dynamoDb.query(b -> b.tableName(table).indexName(Keys.GSI1)
                    .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                    .expressionAttributeNames(Map.of("#pk", Keys.GSI1PK, "#sk", Keys.GSI1SK))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.account(accountId)),
                            ":prefix", AttributeValue.fromS("CONTACT#")))
                    .exclusiveStartKey(exclusiveStart));
            page.items().forEach(item -> contacts.add(fromItem(item)));
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return contacts;
    }

    /**
     * The points of one metric in an account's partition (the account's own and its contacts'), dated {@code since}
     * or later, oldest first. The metric and the date bound are both in the key condition (SK is
     * {@code METRIC#<metric>#<date>#<contact>}), so only those items are read.
     */
    public List<StoredMetricPoint> metricPoints(String accountId, String metric, String since) {
        // '#' sorts before every character of a date, and U+FFFF after all of them: the range is exactly this metric.
        String from = "METRIC#" + metric + "#" + since;
        String to = "METRIC#" + metric + "#\uffff";
        List<StoredMetricPoint> points = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> exclusiveStart = startKey;
            QueryResponse page = dynamoDb.query(b -> b.tableName(table)
                    .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                    .expressionAttributeNames(Map.of("#pk", Keys.PK, "#sk", Keys.SK))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.account(accountId)),
                            ":from", AttributeValue.fromS(from), ":to", AttributeValue.fromS(to)))
                    .exclusiveStartKey(exclusiveStart));
            for (Map<String, AttributeValue> item : page.items()) {
                AttributeValue contact = item.get("contact_id");
                points.add(new StoredMetricPoint(accountId, contact == null || contact.s() == null
                        || contact.s().isEmpty() ? null : contact.s(), item.get("metric").s(), item.get("date").s(),
                        Double.parseDouble(item.get("value").n())));
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return points;
    }

    /**
     * Every account, by a Scan of the whole table: there is no index of accounts by segment or plan. Callers cache
     * the result (FieldDataLoader reads it at most once per execution environment per few minutes).
     */
    public List<Map<String, Object>> allAccounts() {
        List<Map<String, Object>> accounts = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> exclusiveStart = startKey;
            var page = dynamoDb.scan(b -> b.tableName(table).filterExpression("#sk = :account")
                    .expressionAttributeNames(Map.of("#sk", Keys.SK))
                    .expressionAttributeValues(Map.of(":account", AttributeValue.fromS(Keys.ACCOUNT_SK)))
                    .exclusiveStartKey(exclusiveStart));
            page.items().forEach(item -> accounts.add(fromItem(item)));
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return accounts;
    }

    /** One page of an audience shard: the records and the cursor of the next page (null after the last). */
    public record Page(List<Map<String, Object>> items, String cursor) {
    }

    /** A page of the accounts or contacts in one shard of GSI2, for runs and sweeps that visit everyone. */
    public Page audiencePage(EntitySchema schema, int shard, String cursor, int limit) {
        QueryResponse page = dynamoDb.query(b -> b.tableName(table).indexName(Keys.GSI2).limit(limit)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", Keys.GSI2PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.audienceShard(schema.kind(), shard))))
                .exclusiveStartKey(cursor == null ? null : decodeCursor(cursor)));
        List<Map<String, Object>> items = new ArrayList<>();
        page.items().forEach(item -> items.add(fromItem(item)));
        boolean more = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty();
        return new Page(items, more ? encodeCursor(page.lastEvaluatedKey()) : null);
    }

    /** Accounts by id, read in BatchGetItem pages (for a page of contacts). */
    public Map<String, Map<String, Object>> accounts(Set<String> accountIds) {
        return byIds(EntitySchema.ACCOUNT, accountIds);
    }

    /**
     * Accounts or contacts by id, read in BatchGetItem pages; ids not found are absent. Read eventually consistent
     * (an update of the last second may not show yet), ids not found again consistently.
     */
    public Map<String, Map<String, Object>> byIds(EntitySchema schema, Set<String> ids) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        ids.forEach(id -> keys.add(key(schema, id)));
        Map<String, Map<String, Object>> found = new HashMap<>();
        for (Map<String, AttributeValue> item : getAllSeeing(keys, keys)) {
            Map<String, Object> record = fromItem(item);
            found.put((String) record.get(schema.idField()), record);
        }
        return found;
    }

    /** The value of one metric point, and of the point of the same metric and contact dated before it. */
    public Optional<BigDecimal[]> metricWithPrevious(String accountId, String metric, String date, String contactId) {
        String contact = contactId == null ? "" : contactId;
        Map<String, AttributeValue> current = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true).key(Map.of(
                Keys.PK, AttributeValue.fromS(Keys.account(accountId)),
                Keys.SK, AttributeValue.fromS(Keys.metric(metric, date, contact))))).item();
        if (current == null || current.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal previous = null;
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> exclusiveStart = startKey;
            QueryResponse page = dynamoDb.query(b -> b.tableName(table).scanIndexForward(false).limit(100)
                    .keyConditionExpression("PK = :pk AND SK BETWEEN :from AND :to")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.account(accountId)),
                            ":from", AttributeValue.fromS("METRIC#" + metric + "#"),
                            ":to", AttributeValue.fromS(Keys.metric(metric, date, ""))))
                    .exclusiveStartKey(exclusiveStart));
            for (Map<String, AttributeValue> item : page.items()) {
                String itemContact = item.containsKey("contact_id") ? item.get("contact_id").s() : "";
                if (itemContact.equals(contact) && !item.get("date").s().equals(date)) {
                    previous = new BigDecimal(item.get("value").n());
                    break;
                }
            }
            startKey = previous == null && page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                    ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return Optional.of(new BigDecimal[] {new BigDecimal(current.get("value").n()), previous});
    }

    private static String encodeCursor(Map<String, AttributeValue> key) {
        var node = dev.cairn.json.Json.object();
        key.forEach((name, value) -> node.put(name, value.s()));
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                dev.cairn.json.Json.write(node).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Map<String, AttributeValue> decodeCursor(String cursor) {
        try {
            var node = dev.cairn.json.Json.parse(new String(java.util.Base64.getUrlDecoder().decode(cursor),
                    java.nio.charset.StandardCharsets.UTF_8));
            Map<String, AttributeValue> key = new HashMap<>();
            node.fields().forEachRemaining(f -> key.put(f.getKey(), AttributeValue.fromS(f.getValue().asText())));
            return key;
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new dev.cairn.pipeline.InvalidMessageException("page cursor is not valid");
        }
    }

    /** Every item key in a partition, optionally only those whose contact_id is the given one. */
    public List<Map<String, AttributeValue>> keysInPartition(String partitionKey, String onlyContactId) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> exclusiveStart = startKey;
            QueryResponse page = dynamoDb.query(b -> {
                b.tableName(table).keyConditionExpression("#pk = :pk").projectionExpression("#pk, #sk")
                        .exclusiveStartKey(exclusiveStart);
                if (onlyContactId == null) {
                    b.expressionAttributeNames(Map.of("#pk", Keys.PK, "#sk", Keys.SK))
                            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partitionKey)));
                } else {
                    b.filterExpression("#contact = :contact")
                            .expressionAttributeNames(Map.of("#pk", Keys.PK, "#sk", Keys.SK, "#contact", "contact_id"))
                            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partitionKey),
                                    ":contact", AttributeValue.fromS(onlyContactId)));
                }
            });
            keys.addAll(page.items());
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return keys;
    }

    /** Deletes items in BatchWriteItem calls of 25, retrying unprocessed ones; returns how many were deleted. */
    public int deleteAll(List<Map<String, AttributeValue>> keys) {
        List<WriteRequest> writes = new ArrayList<>(keys.size());
        keys.forEach(key -> writes.add(WriteRequest.builder().deleteRequest(d -> d.key(key)).build()));
        writeAll(writes);
        return keys.size();
    }

    /** Sends writes in BatchWriteItem calls of 25, in order, retrying unprocessed items with back-off. */
    private void writeAll(List<WriteRequest> writes) {
        for (int start = 0; start < writes.size(); start += BATCH_WRITE_LIMIT) {
            Map<String, List<WriteRequest>> pending = Map.of(table,
                    writes.subList(start, Math.min(writes.size(), start + BATCH_WRITE_LIMIT)));
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                Map<String, List<WriteRequest>> request = pending;
                BatchWriteItemResponse response = dynamoDb.batchWriteItem(b -> b.requestItems(request));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
                BatchItems.backOff(attempt, pending.isEmpty());
            }
        }
    }

    /**
     * A contact's hub item ({@code CONTACT#id / HUB}), apart from the contact's data so that no write of it can
     * overwrite the page key: the page key, how many renders were recorded ({@code null} before the first recorded in
     * this form), and the reviews the page lists, newest first.
     */
    public record HubItem(String key, Long renders, List<KeptReview> reviews) {
    }

    /**
     * A review a hub page lists: the page a program's run left, a version of the contact's hub page object
     * ({@code versionId}, and {@code render}, the number of the render that stored it), or, for reviews kept before
     * versions were used, an object of its own ({@code key}).
     */
    public record KeptReview(String programId, String runId, String programName, String renderedAt, String versionId,
                             String key, long render) {
    }

    public Optional<HubItem> hubItem(String contactId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(hubItemKey(contactId))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(hubItem(item));
    }

    /** What a batch of renders reads: contacts and their hub items, by contact id; other items. */
    public record RenderReads(Map<String, Map<String, Object>> contacts, Map<String, HubItem> hubs,
                              List<Map<String, AttributeValue>> others) {
    }

    /**
     * Contacts and their hub items, read together in BatchGetItem pages (two items per contact),
     * with the other items asked for ({@code others}: the program versions render has not read yet, which are never
     * changed once written), eventually consistent, and contacts not found again consistently. A hub item written in
     * the last second may read as absent or older: the conditional writes that follow (recordReviews) find the stored
     * one, and the caller uses it.
     */
    public RenderReads forRender(Set<String> contactIds, List<Map<String, AttributeValue>> otherKeys) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>(2 * contactIds.size() + otherKeys.size());
        Set<Map<String, AttributeValue>> contactKeys = new HashSet<>();
        contactIds.forEach(id -> {
            keys.add(key(EntitySchema.CONTACT, id));
            contactKeys.add(key(EntitySchema.CONTACT, id));
            keys.add(hubItemKey(id));
        });
        keys.addAll(otherKeys);
        Map<String, Map<String, Object>> contacts = new HashMap<>();
        Map<String, HubItem> hubs = new HashMap<>();
        List<Map<String, AttributeValue>> others = new ArrayList<>();
        for (Map<String, AttributeValue> item : getAllSeeing(keys, contactKeys)) {
            if (!item.get(Keys.PK).s().startsWith(Keys.contact(""))) {
                others.add(item);
                continue;
            }
            String contactId = item.get(Keys.PK).s().substring(Keys.contact("").length());
            if (item.get(Keys.SK).s().equals(Keys.HUB_SK)) {
                hubs.put(contactId, hubItem(item));
            } else {
                contacts.put(contactId, fromItem(item));
            }
        }
        return new RenderReads(contacts, hubs, others);
    }

    /**
     * The reviews a contact's hub item lists after a batch's renders, and the render count it was read with; a
     * {@code newKey} when the contact had no hub item (its first page, stored under that key): the item is then
     * created with it.
     */
    public record HubReviews(String contactId, Long readRenders, long renders, List<KeptReview> reviews, String newKey) {
    }

    /**
     * What recording a batch's reviews did: the contacts whose condition failed (an item created, changed or erased
     * meanwhile), which the caller reads again, and those whose write failed otherwise, with why.
     */
    public record RecordedReviews(Set<String> changed, Map<String, RuntimeException> failed) {
    }

    /**
     * Records the reviews of a batch's contacts, each in a conditional PartiQL statement of its own, sent together
     * (BatchItems.executeAll): a plain write each, half a transaction's units, and the batch needs no atomicity, as
     * each contact's condition stands alone. A contact's first page creates its hub item, key and first review in an
     * INSERT (DuplicateItem when an item exists), so that two concurrent first renders cannot give a contact two
     * pages; a later one is an UPDATE on condition that the item still exists and holds the render count it was read
     * with, so that two concurrent renders of a contact cannot lose a review.
     */
    public RecordedReviews recordReviews(List<HubReviews> writes) {
        List<BatchStatementRequest> statements = new ArrayList<>(writes.size());
        for (HubReviews write : writes) {
            List<AttributeValue> reviews = new ArrayList<>(write.reviews().size());
            write.reviews().forEach(r -> reviews.add(reviewAttribute(r)));
            AttributeValue pk = AttributeValue.fromS(Keys.contact(write.contactId()));
            AttributeValue sk = AttributeValue.fromS(Keys.HUB_SK);
            AttributeValue renders = AttributeValue.fromN(Long.toString(write.renders()));
            if (write.newKey() != null) {
                Map<String, AttributeValue> item = new LinkedHashMap<>();
                item.put(Keys.PK, pk);
                item.put(Keys.SK, sk);
                item.put("key", AttributeValue.fromS(write.newKey()));
                item.put("type", AttributeValue.fromS("hub_page"));
                item.put("renders", renders);
                item.put(REVIEWS, AttributeValue.fromL(reviews));
                statements.add(BatchItems.insert(table, item));
                continue;
            }
            List<AttributeValue> parameters = new ArrayList<>(List.of(AttributeValue.fromL(reviews), renders, pk, sk));
            String read = "\"renders\" IS MISSING";
            if (write.readRenders() != null) {
                parameters.add(AttributeValue.fromN(Long.toString(write.readRenders())));
                read = "\"renders\" = ?";
            }
            // The list in its older form, if any, goes: it is rewritten in the compact one. "key" is a reserved word.
            statements.add(BatchStatementRequest.builder()
                    .statement("UPDATE \"" + table + "\" SET \"" + REVIEWS + "\" = ? SET \"renders\" = ? REMOVE \""
                            + OLDER_REVIEWS + "\" WHERE \"" + Keys.PK + "\" = ? AND \"" + Keys.SK + "\" = ?"
                            + " AND \"key\" IS NOT MISSING AND " + read)
                    .parameters(parameters)
                    .build());
        }
        Set<String> changed = new HashSet<>();
        Map<String, RuntimeException> failed = new HashMap<>();
        List<BatchStatementError> errors = BatchItems.executeAll(dynamoDb, statements);
        for (int i = 0; i < writes.size(); i++) {
            BatchStatementError error = errors.get(i);
            if (error == null) {
                continue;
            }
            String contactId = writes.get(i).contactId();
            if (error.code() == BatchStatementErrorCodeEnum.DUPLICATE_ITEM
                    || error.code() == BatchStatementErrorCodeEnum.CONDITIONAL_CHECK_FAILED) {
                changed.add(contactId);
            } else {
                failed.put(contactId, new IllegalStateException("recording the contact's review on its hub item failed: "
                        + error.codeAsString() + " " + error.message()));
            }
        }
        return new RecordedReviews(changed, failed);
    }

    /**
     * The hub item's list of kept reviews, each a map with one-letter names: {@code p} program id, {@code r} run id,
     * {@code n} program name, {@code t} when rendered (epoch milliseconds), {@code i} the render's number, and
     * {@code v} the page's version id or {@code k} a key of its own. A full list (25) then makes an item of about
     * 2.7 KB instead of 4.4: three write units instead of five.
     */
    private static final String REVIEWS = "rv";
    /** The list as first written, with long names ({@code program_id}, ...): still read, replaced at the next write. */
    private static final String OLDER_REVIEWS = "reviews";

    private static HubItem hubItem(Map<String, AttributeValue> item) {
        List<KeptReview> reviews = new ArrayList<>();
        if (item.containsKey(REVIEWS)) {
            for (AttributeValue value : item.get(REVIEWS).l()) {
                Map<String, AttributeValue> r = value.m();
                reviews.add(new KeptReview(r.get("p").s(), r.get("r").s(), r.get("n").s(),
                        java.time.Instant.ofEpochMilli(Long.parseLong(r.get("t").n())).toString(),
                        r.containsKey("v") ? r.get("v").s() : null, r.containsKey("k") ? r.get("k").s() : null,
                        Long.parseLong(r.get("i").n())));
            }
        } else if (item.containsKey(OLDER_REVIEWS)) {
            for (AttributeValue value : item.get(OLDER_REVIEWS).l()) {
                Map<String, AttributeValue> r = value.m();
                reviews.add(new KeptReview(r.get("program_id").s(), r.get("run_id").s(), r.get("program_name").s(),
                        r.get("rendered_at").s(), r.containsKey("version_id") ? r.get("version_id").s() : null,
                        r.containsKey("key") ? r.get("key").s() : null, Long.parseLong(r.get("render").n())));
            }
        }
        return new HubItem(item.get("key").s(), item.containsKey("renders") ? Long.valueOf(item.get("renders").n()) : null,
                reviews);
    }

    /** A review as a map in the hub item's list: a version of the hub page, or a page under a key of its own. */
    private static AttributeValue reviewAttribute(KeptReview review) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put("p", AttributeValue.fromS(review.programId()));
        values.put("r", AttributeValue.fromS(review.runId()));
        values.put("n", AttributeValue.fromS(review.programName()));
        values.put("t", AttributeValue.fromN(Long.toString(java.time.Instant.parse(review.renderedAt()).toEpochMilli())));
        values.put("i", AttributeValue.fromN(Long.toString(review.render())));
        if (review.versionId() != null) {
            values.put("v", AttributeValue.fromS(review.versionId()));
        } else {
            values.put("k", AttributeValue.fromS(review.key()));
        }
        return AttributeValue.fromM(values);
    }

    private static Map<String, AttributeValue> hubItemKey(String contactId) {
        return Map.of(Keys.PK, AttributeValue.fromS(Keys.contact(contactId)), Keys.SK, AttributeValue.fromS(Keys.HUB_SK));
    }

    /** The item key of a record: accounts and contacts by id; metric points and events in their account's partition. */
    static Map<String, AttributeValue> key(EntitySchema schema, EntityRecord record) {
        if (schema == EntitySchema.METRIC || schema == EntitySchema.EVENT) {
            String contact = record.get("contact_id") == null ? "" : (String) record.get("contact_id");
            String sortKey = schema == EntitySchema.METRIC
                    ? Keys.metric((String) record.get("metric"), (String) record.get("date"), contact)
                    : Keys.event((String) record.get("timestamp"), (String) record.get("event"), contact);
            return Map.of(Keys.PK, AttributeValue.fromS(Keys.account((String) record.get("account_id"))),
                    Keys.SK, AttributeValue.fromS(sortKey));
        }
        return key(schema, record.id());
    }

    static Map<String, AttributeValue> key(EntitySchema schema, String id) {
        return schema == EntitySchema.ACCOUNT
                ? Map.of(Keys.PK, AttributeValue.fromS(Keys.account(id)), Keys.SK, AttributeValue.fromS(Keys.ACCOUNT_SK))
                : Map.of(Keys.PK, AttributeValue.fromS(Keys.contact(id)), Keys.SK, AttributeValue.fromS(Keys.CONTACT_SK));
    }

    /**
     * The reviews kept under keys of their own ({@code REVIEW#<program>#<run>} items), as renders recorded them
     * before reviews became versions of the hub page: no longer written, read once to list them on the new record
     * and by erasure, which deletes their pages. Newest first.
     */
    public List<KeptReview> reviewsUnderOwnKeys(String contactId) {
        List<KeptReview> reviews = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> exclusiveStart = startKey;
            QueryResponse page = dynamoDb.query(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                    .expressionAttributeNames(Map.of("#pk", Keys.PK, "#sk", Keys.SK))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.contact(contactId)),
                            ":prefix", AttributeValue.fromS(Keys.REVIEW_PREFIX)))
                    .exclusiveStartKey(exclusiveStart));
            for (Map<String, AttributeValue> item : page.items()) {
                reviews.add(new KeptReview(item.get("program_id").s(), item.get("run_id").s(),
                        item.get("program_name").s(), item.get("rendered_at").s(), null, item.get("key").s(), 0));
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        reviews.sort(java.util.Comparator.comparing(KeptReview::renderedAt).reversed());
        return reviews;
    }

    /** An item as Cairn values, without the table's key attributes. */
    static Map<String, Object> fromItem(Map<String, AttributeValue> item) {
        Map<String, Object> values = new LinkedHashMap<>();
        item.forEach((name, value) -> {
            if (!name.equals(Keys.PK) && !name.equals(Keys.SK) && !name.startsWith("GSI")) {
                values.put(name, ItemValues.fromAttribute(value));
            }
        });
        return values;
    }

    private static boolean sameValue(Object stored, Object provided) {
        if (stored instanceof java.math.BigDecimal a && provided instanceof java.math.BigDecimal b) {
            return a.compareTo(b) == 0;
        }
        return Objects.equals(stored, provided);
    }
}
