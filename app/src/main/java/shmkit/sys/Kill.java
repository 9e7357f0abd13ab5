package shmkit.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * kill(2), to pass a signal on to a child as it is (the JDK sends only SIGTERM and SIGKILL). Bound
 * on first use, which only a signal to 'shm lock' brings about.
 */
public final class Kill {
    private Kill() {}

    private static final class Call {
        static final Optional<MethodHandle> KILL = Libc.bindIfPossible("kill",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    /** Sends {@code signal} to process {@code pid}; falls back to the JDK's SIGTERM when kill cannot be bound. */
    public static void send(long pid, int signal) {
        if (Call.KILL.isPresent()) {
            try {
                int rc = (int) Call.KILL.get().invokeExact((int) pid, signal);
                if (rc == 0) {
                    return;
                }
            } catch (Throwable e) {
                // fall through to the JDK's way
            }
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }
}
