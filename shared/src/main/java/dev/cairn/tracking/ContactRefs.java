package dev.cairn.tracking;

import dev.cairn.store.Keys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Each contact's opaque reference in signed links, so that a link read by anyone carries neither the customer's
 * contact id nor an address: the contact's id and creation time sealed under keys derived from the token signing
 * key. Sealing is deterministic authenticated encryption in the SIV style (the first 16 bytes of an HMAC-SHA256 of
 * the plaintext are the IV of AES-256-CTR, and opening checks them), so a contact keeps one reference, and making it
 * needs neither a stored item nor a read: a contact's first review used to write one (two write units with its index
 * entry). The creation time ties the reference to this life of the contact: erased and ingested again under the same
 * id, the contact's old links lead nowhere.
 *
 * <p>References made before 2026-11-23 are 128 random bits, stored as {@code CONTACT#id / REF} and found through GSI1
 * ({@code CONTACTREF#<ref>}); the links that carry them stay valid until they expire (400 days at most), so they are
 * still looked up. Erasing the contact's partition removes those items.
 */
public final class ContactRefs {

    /** The contact a reference stands for; {@code createdAt} is null for a stored (pre-2026-11-23) reference. */
    public record Referenced(String contactId, String createdAt) {

        /** Whether the contact read now is the one the reference was made for, not one created again since. */
        public boolean sameLife(Map<String, Object> contact) {
            return createdAt == null || createdAt.equals(String.valueOf(contact.get("created_at")));
        }
    }

    private static final int IV_BYTES = 16;
    private static final int STORED_REF_BYTES = 16;
    /** Separates the id from the creation time, which never contains it. */
    private static final byte SEPARATOR = 0;

    private final SecretKeySpec macKey;
    private final SecretKeySpec cipherKey;
    private final DynamoDbClient dynamoDb;
    private final String table;

    public ContactRefs(String signingKey, DynamoDbClient dynamoDb, String table) {
        if (signingKey == null || signingKey.length() < TokenSigner.MIN_KEY_LENGTH) {
            throw new IllegalStateException("the token signing key must have at least " + TokenSigner.MIN_KEY_LENGTH
                    + " characters");
        }
        // Keys of their own for each use of the one secret, so that neither can stand in for a token's MAC.
        byte[] secret = signingKey.getBytes(StandardCharsets.UTF_8);
        this.macKey = new SecretKeySpec(hmac(new SecretKeySpec(secret, "HmacSHA256"), "cairn contact reference mac"),
                "HmacSHA256");
        this.cipherKey = new SecretKeySpec(hmac(new SecretKeySpec(secret, "HmacSHA256"), "cairn contact reference aes"),
                "AES");
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** The reference of the contact with this id and {@code created_at} (the contact item's; null counts as absent). */
    public String refOf(String contactId, Object createdAt) {
        byte[] id = contactId.getBytes(StandardCharsets.UTF_8);
        byte[] created = String.valueOf(createdAt).getBytes(StandardCharsets.UTF_8);
        byte[] plain = new byte[id.length + 1 + created.length];
        System.arraycopy(id, 0, plain, 0, id.length);
        plain[id.length] = SEPARATOR;
        System.arraycopy(created, 0, plain, id.length + 1, created.length);
        byte[] iv = Arrays.copyOf(hmac(macKey, plain), IV_BYTES);
        byte[] sealed = Arrays.copyOf(iv, IV_BYTES + plain.length);
        System.arraycopy(ctr(iv, plain), 0, sealed, IV_BYTES, plain.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
    }

    /**
     * The contact a reference stands for, if it was made here (tokens are signed, so anything else is a bug or another
     * deployment's key) or is a stored one that still exists. The caller reads the contact: it may have been erased.
     */
    public Optional<Referenced> contactOf(String ref) {
        byte[] sealed;
        try {
            sealed = Base64.getUrlDecoder().decode(ref);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (sealed.length == STORED_REF_BYTES) {
            return storedContactOf(ref).map(contactId -> new Referenced(contactId, null));
        }
        if (sealed.length < IV_BYTES + 2) {
            return Optional.empty();
        }
        byte[] iv = Arrays.copyOf(sealed, IV_BYTES);
        byte[] plain = ctr(iv, Arrays.copyOfRange(sealed, IV_BYTES, sealed.length));
        if (!MessageDigest.isEqual(iv, Arrays.copyOf(hmac(macKey, plain), IV_BYTES))) {
            return Optional.empty();
        }
        int separator = plain.length - 1;
        while (separator >= 0 && plain[separator] != SEPARATOR) {
            separator--;
        }
        if (separator <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Referenced(new String(plain, 0, separator, StandardCharsets.UTF_8),
                new String(plain, separator + 1, plain.length - separator - 1, StandardCharsets.UTF_8)));
    }

    private Optional<String> storedContactOf(String ref) {
        List<Map<String, AttributeValue>> items = dynamoDb.query(b -> b.tableName(table).indexName(Keys.GSI1)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", Keys.GSI1PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.contactRef(ref))))
                .limit(1)).items();
        return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0).get("contact_id").s());
    }

    /** AES-256-CTR: encrypting and decrypting are the same operation. */
    private byte[] ctr(byte[] iv, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, cipherKey, new IvParameterSpec(iv));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is not available", e);
        }
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] hmac(SecretKeySpec key, String label) {
        return hmac(key, label.getBytes(StandardCharsets.UTF_8));
    }
}
