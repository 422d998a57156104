package dev.cairn.tracking;

import dev.cairn.store.Keys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Who must not be emailed: one item per contact and opted-out scope, {@code CONTACT#id / SUPPRESSION#ALL} or
 * {@code SUPPRESSION#CATEGORY#<category>}, kept in the contact's partition so that erasing the contact erases
 * them; and one item per address that SES reported as hard-bounced or complained about,
 * {@code ADDRESS#<sha-256> / SUPPRESSION}, which any contact with that address inherits. The check before a send
 * is one BatchGetItem.
 */
public final class Suppressions {

    /** What the contact opted out of. */
    public enum Scope { CATEGORY, ALL }

    private final DynamoDbClient dynamoDb;
    private final String table;

    public Suppressions(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** Records an opt-out; repeating it keeps the first time and source. */
    public void suppress(String contactId, Scope scope, String category, String reason, String programId,
                         String runId, String at) {
        String sortKey = scope == Scope.ALL ? Keys.SUPPRESSION_ALL : Keys.suppression(category);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":type", AttributeValue.fromS("suppression"));
        values.put(":scope", AttributeValue.fromS(scope == Scope.ALL ? "all" : "category"));
        values.put(":category", AttributeValue.fromS(scope == Scope.ALL ? "" : category));
        values.put(":reason", AttributeValue.fromS(reason));
        values.put(":program", AttributeValue.fromS(programId));
        values.put(":run", AttributeValue.fromS(runId));
        values.put(":at", AttributeValue.fromS(at));
        dynamoDb.updateItem(b -> b.tableName(table)
                .key(Map.of(Keys.PK, AttributeValue.fromS(Keys.contact(contactId)), Keys.SK, AttributeValue.fromS(sortKey)))
                .updateExpression("SET #type = :type, #scope = :scope, category = :category,"
                        + " reason = if_not_exists(reason, :reason), program_id = if_not_exists(program_id, :program),"
                        + " run_id = if_not_exists(run_id, :run), created_at = if_not_exists(created_at, :at)")
                .expressionAttributeNames(Map.of("#type", "type", "#scope", "scope"))
                .expressionAttributeValues(values));
    }

    /** Records that SES reported the address as hard-bounced or complained about; repeating it keeps the first. */
    public void suppressAddress(String address, String reason, String detail, String at) {
        dynamoDb.updateItem(b -> b.tableName(table)
                .key(Map.of(Keys.PK, AttributeValue.fromS(Keys.address(addressHash(address))),
                        Keys.SK, AttributeValue.fromS(Keys.ADDRESS_SUPPRESSION_SK)))
                .updateExpression("SET #type = :type, reason = if_not_exists(reason, :reason),"
                        + " detail = if_not_exists(detail, :detail), created_at = if_not_exists(created_at, :at)")
                .expressionAttributeNames(Map.of("#type", "type"))
                .expressionAttributeValues(Map.of(":type", AttributeValue.fromS("address_suppression"),
                        ":reason", AttributeValue.fromS(reason), ":detail", AttributeValue.fromS(detail),
                        ":at", AttributeValue.fromS(at))));
    }

    /** Before a send: whether the contact still exists, and whether it or its address must not be emailed. */
    public record Recipient(boolean exists, boolean suppressed) {
    }

    /**
     * One consistent BatchGetItem of the contact, its opt-outs of everything and of this category, and its
     * address's suppression, so that an unsubscribe or bounce recorded a moment ago is seen.
     */
    public Recipient recipient(String contactId, String category, String address) {
        String pk = Keys.contact(contactId);
        List<Map<String, AttributeValue>> keys = List.of(key(pk, Keys.CONTACT_SK), key(pk, Keys.SUPPRESSION_ALL),
                key(pk, Keys.suppression(category)), key(Keys.address(addressHash(address)), Keys.ADDRESS_SUPPRESSION_SK));
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true)
                .projectionExpression("#sk").expressionAttributeNames(Map.of("#sk", Keys.SK)).build());
        while (!request.isEmpty()) {
            Map<String, KeysAndAttributes> pending = request;
            BatchGetItemResponse response = dynamoDb.batchGetItem(b -> b.requestItems(pending));
            found.addAll(response.responses().getOrDefault(table, List.of()));
            // Four small keys are rarely left unprocessed; when they are, they are asked for again at once.
            request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        boolean exists = found.stream().anyMatch(item -> Keys.CONTACT_SK.equals(item.get(Keys.SK).s()));
        return new Recipient(exists, found.stream().anyMatch(item -> !Keys.CONTACT_SK.equals(item.get(Keys.SK).s())));
    }

    /** SHA-256 of the trimmed, lower-cased address, in hex: addresses are matched without being stored. */
    static String addressHash(String address) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(address.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(Keys.PK, AttributeValue.fromS(pk), Keys.SK, AttributeValue.fromS(sk));
    }
}
