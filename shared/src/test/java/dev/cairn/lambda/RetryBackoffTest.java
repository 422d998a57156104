package dev.cairn.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    @Test
    void eachReceiveWaitsItsEntryAndLaterReceivesTheLast() {
        RetryBackoff backoff = RetryBackoff.parse("10, 30,90", "RETRY_BACKOFF_SECONDS");
        assertEquals(10, backoff.after(1));
        assertEquals(30, backoff.after(2));
        assertEquals(90, backoff.after(3));
        assertEquals(90, backoff.after(4));
        assertEquals(10, backoff.after(0), "a record without a receive count counts as its first receive");
    }

    @Test
    void aScheduleThatIsNotWholeSecondsIsRefusedNamingTheSetting() {
        for (String bad : new String[] {"", "10,,90", "ten", "-1", "43201"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> RetryBackoff.parse(bad, "RETRY_BACKOFF_SECONDS"));
            assertTrue(e.getMessage().startsWith("RETRY_BACKOFF_SECONDS must be"), e.getMessage());
        }
    }

    @Test
    void theQueueUrlIsReadFromTheRecordsArn() {
        assertEquals("https://sqs.eu-west-1.amazonaws.com/123456789012/cairn-DeliverQueue-X1",
                RetryVisibility.queueUrl("arn:aws:sqs:eu-west-1:123456789012:cairn-DeliverQueue-X1"));
        assertEquals("https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q",
                RetryVisibility.queueUrl("arn:aws-cn:sqs:cn-north-1:123456789012:q"));
        assertThrows(IllegalArgumentException.class, () -> RetryVisibility.queueUrl("arn:aws:sns:us-east-1:1:topic"));
    }
}
