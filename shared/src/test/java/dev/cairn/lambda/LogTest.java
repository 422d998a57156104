package dev.cairn.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogTest {

    @Test
    void errorMessagesLoseEmailAddresses() {
        assertEquals("Email address is not verified. The following identities failed the check in region US-EAST-1: <email>",
                Log.redact("Email address is not verified. The following identities failed the check in region US-EAST-1: ana@northwind.example"));
        assertEquals("bad recipient <<email>>, retry", Log.redact("bad recipient <first.last+tag@sub.example.co.uk>, retry"));
        assertEquals("no address here", Log.redact("no address here"));
    }
}
