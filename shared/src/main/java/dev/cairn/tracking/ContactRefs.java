package dev.cairn.tracking;

import dev.cairn.store.BatchItems;
import dev.cairn.store.Keys;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Each contact's opaque reference: 128 random bits that stand for the contact in signed links, so that a link
 * read by anyone carries neither the customer's contact id nor an address. Stored as {@code CONTACT#id / REF},
 * found from a link through GSI1 ({@code CONTACTREF#<ref>}); erasing the contact's partition removes both.
 */
public final class ContactRefs {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DynamoDbClient dynamoDb;
    private final String table;

    public ContactRefs(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** The contact's reference, created on first use; two concurrent first uses agree on one. */
    public String refOf(String contactId) {
        return stored(contactId).orElseGet(() -> create(contactId));
    }

    /**
     * The references of many contacts, given those already read (with the contacts, in the same BatchGetItem), the
     * missing ones created together (one request for a batch, not one per contact); two concurrent first uses agree
     * on one.
     */
    public Map<String, String> refsOf(Set<String> contactIds, Map<String, String> stored) {
        Map<String, String> refs = new HashMap<>();
        List<Map<String, AttributeValue>> created = new ArrayList<>();
        for (String contactId : contactIds) {
            if (stored.containsKey(contactId)) {
                refs.put(contactId, stored.get(contactId));
            } else {
                created.add(item(contactId, newRef()));
            }
        }
        Set<Integer> existing = BatchItems.putAllIfAbsent(dynamoDb, table, created);
        for (int i = 0; i < created.size(); i++) {
            String contactId = created.get(i).get("contact_id").s();
            refs.put(contactId, existing.contains(i) ? stored(contactId).orElseThrow() : created.get(i).get("ref").s());
        }
        return refs;
    }

    /** The contact a reference stands for, unless the contact was erased since. */
    public Optional<String> contactOf(String ref) {
        List<Map<String, AttributeValue>> items = dynamoDb.query(b -> b.tableName(table).indexName(Keys.GSI1)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", Keys.GSI1PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.contactRef(ref))))
                .limit(1)).items();
        return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0).get("contact_id").s());
    }

    private Optional<String> stored(String contactId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(key(contactId))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item.get("ref").s());
    }

    private String create(String contactId) {
        Map<String, AttributeValue> item = item(contactId, newRef());
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"));
            return item.get("ref").s();
        } catch (ConditionalCheckFailedException createdMeanwhile) {
            return stored(contactId).orElseThrow();
        }
    }

    private static String newRef() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static Map<String, AttributeValue> item(String contactId, String ref) {
        Map<String, AttributeValue> item = new HashMap<>(key(contactId));
        item.put("type", AttributeValue.fromS("contact_ref"));
        item.put("ref", AttributeValue.fromS(ref));
        item.put("contact_id", AttributeValue.fromS(contactId));
        item.put(Keys.GSI1PK, AttributeValue.fromS(Keys.contactRef(ref)));
        item.put(Keys.GSI1SK, AttributeValue.fromS(Keys.CONTACT_REF_SK));
        return item;
    }

    private static Map<String, AttributeValue> key(String contactId) {
        return Map.of(Keys.PK, AttributeValue.fromS(Keys.contact(contactId)),
                Keys.SK, AttributeValue.fromS(Keys.CONTACT_REF_SK));
    }
}
