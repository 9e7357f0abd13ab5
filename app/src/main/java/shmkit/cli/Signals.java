package shmkit.cli;

import shmkit.ops.Interrupts;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM as stop requests to the running operation. The handlers are installed when an
 * operation first registers (so short commands never pay for them) and stay: with nothing
 * registered, a signal ends the process as the JVM would (shutdown hooks, then 128 + N).
 * sun.misc.Signal is the JDK's supported signal API (module jdk.unsupported, exported, and what
 * jline itself uses); there is no other way to tell SIGINT from SIGTERM.
 */
final class Signals extends Interrupts {
    /** How long an operation has to stop after a signal before the process ends anyway. */
    static final long DEADLINE_MILLIS = 5_000;

    private boolean installed;

    @Override
    public Registration during(Stop stop) {
        if (!installed) {
            installed = true;
            handle("INT", SIGINT);
            handle("TERM", SIGTERM);
        }
        return super.during(stop);
    }

    private void handle(String name, int number) {
        try {
            Signal.handle(new Signal(name), signal -> {
                if (!interrupt(number)) {
                    System.exit(128 + number);
                }
                if (patient()) {
                    return;
                }
                // The operation stops at its next chunk and says how far it got. One that cannot (a
                // bug, a call that does not return) must not keep the process alive against the signal.
                Thread.ofPlatform().daemon().name("shm-signal-deadline").start(() -> {
                    try {
                        Thread.sleep(DEADLINE_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    System.err.println("shm: interrupted (signal " + number + "); stopped without finishing");
                    Runtime.getRuntime().halt(128 + number);
                });
            });
        } catch (IllegalArgumentException unavailable) {
            // the JVM reserves it (-Xrs): the JVM's own handling stays
        }
    }
}
