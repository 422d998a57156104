package dev.cairn.tracking;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies the tokens in tracked links, answer links and unsubscribe links.
 *
 * <p>Layout, then base64url without padding: version (1 byte), purpose (1 byte), expiry in epoch seconds
 * (4 bytes, unsigned), then contact reference, program, run, step, item and value, each as a length (1 or 2 bytes)
 * and UTF-8 bytes, then the first 16 bytes of HMAC-SHA256 over everything before it. Lengths make the fields
 * unambiguous whatever characters an id holds; 128 bits of MAC are beyond guessing. The fields are readable by
 * anyone holding the link, which is why they hold ids and an opaque contact reference, never personal data.
 */
public final class TokenSigner {

    /** Below this a key is a typo, not a secret. */
    public static final int MIN_KEY_LENGTH = 32;
    static final int MAC_BYTES = 16;
    private static final int VERSION = 1;
    private static final int MAX_FIELD_BYTES = 0x7FFF;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Clock clock;

    public TokenSigner(String key, Clock clock) {
        if (key == null || key.length() < MIN_KEY_LENGTH) {
            throw new IllegalStateException("the token signing key must have at least " + MIN_KEY_LENGTH + " characters");
        }
        this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    public String sign(Token token) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(128);
        body.write(VERSION);
        body.write(token.purpose().code());
        long expiry = token.expiresAt().getEpochSecond();
        body.writeBytes(ByteBuffer.allocate(4).putInt((int) expiry).array());
        for (String field : new String[] {token.contactRef(), token.programId(), token.runId(), token.step(),
                token.item(), token.value()}) {
            writeField(body, field);
        }
        byte[] signed = body.toByteArray();
        byte[] mac = Arrays.copyOf(mac(signed, signed.length), MAC_BYTES);
        byte[] all = Arrays.copyOf(signed, signed.length + MAC_BYTES);
        System.arraycopy(mac, 0, all, signed.length, MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(all);
    }

    /** The token's fields when it is genuine, unexpired and for one of the {@code allowed} purposes; else says why not. */
    public Token verify(String encoded, Purpose... allowed) throws InvalidTokenException {
        byte[] all;
        try {
            all = Base64.getUrlDecoder().decode(encoded == null ? "" : encoded);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("token is not base64url");
        }
        if (all.length < 6 + 6 + MAC_BYTES) {
            throw new InvalidTokenException("token is too short");
        }
        int bodyLength = all.length - MAC_BYTES;
        byte[] expectedMac = Arrays.copyOf(mac(all, bodyLength), MAC_BYTES);
        if (!MessageDigest.isEqual(expectedMac, Arrays.copyOfRange(all, bodyLength, all.length))) {
            throw new InvalidTokenException("token signature does not match");
        }
        // Signed by this key from here on: the layout is ours, so a parse failure would be a bug.
        ByteBuffer in = ByteBuffer.wrap(all, 0, bodyLength);
        if (in.get() != VERSION) {
            throw new InvalidTokenException("token version is not supported");
        }
        Purpose purpose = Purpose.ofCode(in.get());
        if (purpose == null || !java.util.List.of(allowed).contains(purpose)) {
            throw new InvalidTokenException("token is for " + purpose + ", not " + java.util.List.of(allowed));
        }
        Instant expiresAt = Instant.ofEpochSecond(Integer.toUnsignedLong(in.getInt()));
        if (!clock.instant().isBefore(expiresAt)) {
            throw new InvalidTokenException("token expired at " + expiresAt);
        }
        return new Token(purpose, readField(in), readField(in), readField(in), readField(in), readField(in),
                readField(in), expiresAt);
    }

    private byte[] mac(byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** One byte for lengths below 128, else two with the high bit set on the first. */
    private static void writeField(ByteArrayOutputStream out, String field) {
        byte[] bytes = (field == null ? "" : field).getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_FIELD_BYTES) {
            throw new IllegalArgumentException("a token field is longer than " + MAX_FIELD_BYTES + " bytes");
        }
        if (bytes.length < 0x80) {
            out.write(bytes.length);
        } else {
            out.write(0x80 | (bytes.length >> 8));
            out.write(bytes.length & 0xFF);
        }
        out.writeBytes(bytes);
    }

    private static String readField(ByteBuffer in) throws InvalidTokenException {
        try {
            int first = in.get() & 0xFF;
            int length = first < 0x80 ? first : ((first & 0x7F) << 8) | (in.get() & 0xFF);
            byte[] bytes = new byte[length];
            in.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (java.nio.BufferUnderflowException e) {
            throw new InvalidTokenException("token is truncated");
        }
    }
}
