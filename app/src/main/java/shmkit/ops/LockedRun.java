package shmkit.ops;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import shmkit.ShmException;
import shmkit.segment.Segment;
import shmkit.segment.SegmentName;
import shmkit.segment.WritableSegment;
import shmkit.sys.Kill;

/**
 * shm lock's work: runs a command while holding a POSIX record lock (fcntl) on a range, as flock(1)
 * does for files. The lock is held until the command has ended, whatever happens to shm: a SIGINT
 * or SIGTERM is passed on to the command, and shm waits for it before the lock goes (with the
 * process). The exit status is the command's (128 + N when a signal N ended it).
 */
public final class LockedRun {
    private final Env env;

    public LockedRun(Env env) {
        this.env = env;
    }

    /**
     * @param length  null: to the end of the segment
     * @param timeout how long to wait for the lock; null for as long as it takes
     * @param before  runs once the lock is held, before the command starts (flushes our output)
     */
    public int run(SegmentName name, long offset, Long length, boolean shared, Duration timeout, List<String> command,
                   Runnable before) throws InterruptedException {
        try (Segment segment = shared ? env.opener().open(name) : env.opener().openWritable(name)) {
            long n = length != null ? length : Math.max(0, segment.size() - offset);
            try (Segment.Held held = shared ? segment.lockShared(offset, n, timeout)
                    : ((WritableSegment) segment).lockExclusive(offset, n, timeout)) {
                // The stop is in place before the command starts: a signal that comes while it starts is
                // passed on as soon as it runs, and the lock stays until it has ended either way.
                Forward forward = new Forward();
                try (Interrupts.Registration registered = env.interrupts().during(forward)) {
                    before.run();
                    return forward.started(start(command)).waitFor();
                }
            }
        }
    }

    /** Passes signals on to the command, holding back one that comes before it runs. */
    private static final class Forward implements Interrupts.Patient {
        private Process process;
        private int pending;

        @Override
        public synchronized void stop(int signal) {
            if (process != null) {
                Kill.send(process.pid(), signal);
            } else {
                pending = signal;
            }
        }

        synchronized Process started(Process process) {
            this.process = process;
            if (pending != 0) {
                Kill.send(process.pid(), pending);
            }
            return process;
        }
    }

    private static Process start(List<String> command) {
        try {
            return new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            String why = String.valueOf(e.getMessage());
            // The JDK names no reason but errno in its text: error=2 is ENOENT, error=13 EACCES.
            throw new ShmException(ShmException.Reason.NOT_FOUND, "cannot run '" + command.get(0) + "': "
                    + (why.contains("error=2,") ? "no such command" : why.contains("error=13,") ? "permission denied" : why));
        }
    }
}
