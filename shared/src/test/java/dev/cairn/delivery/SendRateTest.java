package dev.cairn.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-environment share of the maximum send rate, on a clock the test moves. */
class SendRateTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final List<Long> waits = new ArrayList<>();

    private SendRate share(double maxSendRate, int concurrency) {
        return SendRate.share(maxSendRate, concurrency, now::get, nanos -> {
            waits.add(nanos);
            now.addAndGet(nanos);
        });
    }

    @Test
    void sendsAreSpacedByConcurrencyOverTheMaximumRate() {
        SendRate rate = share(14, 2); // 7 sends/s per environment: one every 142.857 ms.
        rate.acquire();
        rate.acquire();
        rate.acquire();
        assertEquals(List.of(142_857_142L, 142_857_142L), waits, "the first send goes at once, the next ones wait");
    }

    @Test
    void timeSpentSendingCountsTowardsTheSpacingAndIdleTimeIsNotSavedUp() {
        SendRate rate = share(10, 2); // One every 200 ms.
        rate.acquire();
        now.addAndGet(150_000_000L); // The send took 150 ms.
        rate.acquire();
        now.addAndGet(5_000_000_000L); // Idle for 5 s: no burst afterwards.
        rate.acquire();
        rate.acquire();
        assertEquals(List.of(50_000_000L, 200_000_000L), waits);
    }

    @Test
    void aShareTooSmallForABatchWithinTheTimeoutIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> share(1, 4));
        assertTrue(e.getMessage().contains("MAX_SEND_RATE / DELIVER_CONCURRENCY"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> share(0, 2));
        assertThrows(IllegalArgumentException.class, () -> share(10, 0));
    }
}
