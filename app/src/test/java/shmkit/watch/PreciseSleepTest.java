package shmkit.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import shmkit.sys.TimerSlack;

/** A watch's thread sleeps precisely while it watches, and gets its default timer slack back afterwards. */
class PreciseSleepTest {
    @Test
    void prctl_sets_and_resets_the_calling_thread_s_timer_slack() {
        assertTrue(TimerSlack.bind(), "glibc has prctl");
        long before = TimerSlack.get();
        assertTrue(before > 0, "slack " + before);
        assertTrue(TimerSlack.set(7_000));
        assertEquals(7_000, TimerSlack.get());
        assertTrue(TimerSlack.set(0));
        assertEquals(before, TimerSlack.get(), "0 gives the thread's default back");
    }

    @Test
    void a_pacer_makes_its_thread_s_parks_precise_and_finish_undoes_it() throws Exception {
        Thread thread = Thread.ofPlatform().unstarted(() -> {
            long before = TimerSlack.get();
            Pacer pacer = Pacer.every(Duration.ofMillis(1));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (TimerSlack.get() != Pacer.PRECISE_SLACK && System.nanoTime() < deadline) {
                pacer.idle(false); // the binding runs on a helper thread; a later park sets the slack
            }
            assertEquals(Pacer.PRECISE_SLACK, TimerSlack.get());
            pacer.finish();
            assertEquals(before, TimerSlack.get());
        });
        Throwable[] failure = new Throwable[1];
        thread.setUncaughtExceptionHandler((t, e) -> failure[0] = e);
        thread.start();
        thread.join();
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
    }

    @Test
    void a_short_watch_never_binds_prctl_and_a_longer_one_does() {
        Pacer pacer = Pacer.every(Duration.ofMillis(1));
        long start = System.nanoTime();
        while (System.nanoTime() - start < Duration.ofMillis(20).toNanos()) {
            pacer.idle(false);
        }
        assertTrue(!pacer.bindingStarted(), "bound within 20 ms of parks");
        while (System.nanoTime() - start < Duration.ofMillis(80).toNanos()) {
            pacer.idle(false);
        }
        assertTrue(pacer.bindingStarted(), "not bound after 80 ms of parks");
        pacer.finish();
    }
}
