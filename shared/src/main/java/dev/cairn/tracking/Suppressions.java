package dev.cairn.tracking;

import dev.cairn.store.BatchItems;
import dev.cairn.store.Keys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Who must not be emailed: one item per contact and opted-out scope, {@code CONTACT#id / SUPPRESSION#ALL} or
 * {@code SUPPRESSION#CATEGORY#<category>}, kept in the contact's partition so that erasing the contact erases
 * them; and one item per address that SES reported as hard-bounced or complained about,
 * {@code ADDRESS#<sha-256> / SUPPRESSION}, which any contact with that address inherits. The check before the sends
 * of a batch is one BatchGetItem.
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

    /** Who an email is for: the contact, the category an unsubscribe opts out of, and the address. */
    public record Check(String contactId, String category, String address) {
    }

    /**
     * For each check, in order: one BatchGetItem (per 100 keys: 25 checks or more) of the contacts, their opt-outs of
     * everything and of the emails' categories, and their addresses' suppressions. Keys shared by several checks (one
     * contact emailed twice) are asked for once. Read eventually consistent, at half the price of a consistent read
     * (three of the four keys are usually absent, and an absent key costs a read too): an opt-out or bounce recorded
     * within about the last second may not be seen yet, as if the send had gone a second earlier. Contacts not found
     * are read again consistently, so that a contact created a moment ago (its welcome email) is not taken for erased.
     */
    public List<Recipient> recipients(List<Check> checks) {
        Map<String, Map<String, AttributeValue>> keys = new LinkedHashMap<>();
        for (Check check : checks) {
            String pk = Keys.contact(check.contactId());
            for (Map<String, AttributeValue> key : List.of(key(pk, Keys.CONTACT_SK), key(pk, Keys.SUPPRESSION_ALL),
                    key(pk, Keys.suppression(check.category())), addressKey(check.address()))) {
                keys.putIfAbsent(id(key), key);
            }
        }
        List<Map<String, AttributeValue>> contacts = new ArrayList<>();
        checks.forEach(check -> contacts.add(key(Keys.contact(check.contactId()), Keys.CONTACT_SK)));
        Set<String> found = new HashSet<>();
        BatchItems.getAttributesSeeing(dynamoDb, table, List.copyOf(keys.values()), List.of(Keys.PK, Keys.SK), contacts)
                .forEach(item -> found.add(id(item)));
        List<Recipient> recipients = new ArrayList<>(checks.size());
        for (Check check : checks) {
            String pk = Keys.contact(check.contactId());
            boolean suppressed = found.contains(id(key(pk, Keys.SUPPRESSION_ALL)))
                    || found.contains(id(key(pk, Keys.suppression(check.category()))))
                    || found.contains(id(addressKey(check.address())));
            recipients.add(new Recipient(found.contains(id(key(pk, Keys.CONTACT_SK))), suppressed));
        }
        return recipients;
    }

    private static Map<String, AttributeValue> addressKey(String address) {
        return key(Keys.address(addressHash(address)), Keys.ADDRESS_SUPPRESSION_SK);
    }

    /** A key as one string, to match the items found with the keys asked for. */
    private static String id(Map<String, AttributeValue> key) {
        return key.get(Keys.PK).s() + "\n" + key.get(Keys.SK).s();
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
