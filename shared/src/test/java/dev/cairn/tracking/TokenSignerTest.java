package dev.cairn.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TokenSignerTest {

    private static final String KEY = "k".repeat(20) + "0123456789abcdefghijklmnop";
    private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
    private final TokenSigner signer = new TokenSigner(KEY, Clock.fixed(NOW, ZoneOffset.UTC));

    private static Token sample() {
        return Token.issue(Purpose.POLL, "Q2x5aGJ2cmVmLTEyMzQ1Ng", "welcome", "trigger-contact_created", "main",
                "satisfaction", "nps=9", NOW);
    }

    @Test
    void aSignedTokenVerifiesToTheSameFields() throws Exception {
        Token token = sample();
        String encoded = signer.sign(token);
        assertTrue(encoded.matches("[A-Za-z0-9_-]+"), "base64url without padding: " + encoded);
        assertTrue(encoded.length() < 140, "compact: " + encoded.length());
        Token back = signer.verify(encoded, Purpose.POLL);
        assertEquals(token, back);
        assertEquals(NOW.plus(Purpose.POLL.lifetime()), back.expiresAt());
    }

    @Test
    void longFieldsSuchAsALinkRoundTrip() throws Exception {
        String url = "https://example.com/webinar?" + "x=1&".repeat(100) + "é=ü";
        Token token = Token.issue(Purpose.CLICK, "ref", "p", "r", "s", "webinar", url, NOW);
        assertEquals(token, signer.verify(signer.sign(token), Purpose.OPEN, Purpose.CLICK));
    }

    @Test
    void changingAnyFieldOfASignedTokenIsRefused() {
        Token t = sample();
        List<UnaryOperator<Token>> changes = List.of(
                x -> new Token(x.purpose(), "another-contact", x.programId(), x.runId(), x.step(), x.item(), x.value(), x.expiresAt()),
                x -> new Token(x.purpose(), x.contactRef(), "other-program", x.runId(), x.step(), x.item(), x.value(), x.expiresAt()),
                x -> new Token(x.purpose(), x.contactRef(), x.programId(), "other-run", x.step(), x.item(), x.value(), x.expiresAt()),
                x -> new Token(x.purpose(), x.contactRef(), x.programId(), x.runId(), "reminder", x.item(), x.value(), x.expiresAt()),
                x -> new Token(x.purpose(), x.contactRef(), x.programId(), x.runId(), x.step(), "other-poll", x.value(), x.expiresAt()),
                x -> new Token(x.purpose(), x.contactRef(), x.programId(), x.runId(), x.step(), x.item(), "nps=0", x.expiresAt()),
                x -> new Token(x.purpose(), x.contactRef(), x.programId(), x.runId(), x.step(), x.item(), x.value(),
                        x.expiresAt().plus(Duration.ofDays(3650))));
        byte[] genuine = Base64.getUrlDecoder().decode(signer.sign(t));
        for (UnaryOperator<Token> change : changes) {
            byte[] altered = Base64.getUrlDecoder().decode(signer.sign(change.apply(t)));
            // The altered fields with the genuine token's signature: what a forger can produce without the key.
            byte[] forged = java.util.Arrays.copyOf(altered, altered.length);
            System.arraycopy(genuine, genuine.length - TokenSigner.MAC_BYTES, forged, forged.length - TokenSigner.MAC_BYTES,
                    TokenSigner.MAC_BYTES);
            InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> signer.verify(
                    Base64.getUrlEncoder().withoutPadding().encodeToString(forged), Purpose.POLL));
            assertEquals("token signature does not match", e.getMessage());
        }
    }

    @Test
    void flippingAnyBitOfTheEncodedTokenIsRefused() {
        byte[] genuine = Base64.getUrlDecoder().decode(signer.sign(sample()));
        for (int i = 0; i < genuine.length; i++) {
            byte[] altered = genuine.clone();
            altered[i] ^= 0x01;
            String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
            assertThrows(InvalidTokenException.class, () -> signer.verify(encoded, Purpose.POLL), "byte " + i);
        }
    }

    @Test
    void anExpiredTokenIsRefused() {
        String encoded = signer.sign(sample());
        TokenSigner later = new TokenSigner(KEY, Clock.fixed(NOW.plus(Purpose.POLL.lifetime()), ZoneOffset.UTC));
        InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> later.verify(encoded, Purpose.POLL));
        assertTrue(e.getMessage().startsWith("token expired at "), e.getMessage());
    }

    @Test
    void aTokenForAnotherPurposeIsRefused() {
        String encoded = signer.sign(sample());
        InvalidTokenException e = assertThrows(InvalidTokenException.class,
                () -> signer.verify(encoded, Purpose.UNSUBSCRIBE));
        assertEquals("token is for POLL, not [UNSUBSCRIBE]", e.getMessage());
        assertThrows(InvalidTokenException.class, () -> signer.verify(encoded, Purpose.OPEN, Purpose.CLICK));
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        String encoded = new TokenSigner("another key that is long enough to be one", Clock.fixed(NOW, ZoneOffset.UTC))
                .sign(sample());
        assertThrows(InvalidTokenException.class, () -> signer.verify(encoded, Purpose.POLL));
    }

    @Test
    void garbageIsRefusedWithoutAnError() {
        for (String garbage : new String[] {"", "abc", "!!!!", "A".repeat(200), null}) {
            assertThrows(InvalidTokenException.class, () -> signer.verify(garbage, Purpose.POLL), String.valueOf(garbage));
        }
    }

    @Test
    void aShortKeyIsRefusedAtStartUp() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new TokenSigner("short", Clock.systemUTC()));
        assertFalse(e.getMessage().contains("short"), "the message never repeats the key");
    }
}
