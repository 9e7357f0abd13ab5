package shmkit.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The calling thread's timer slack, prctl(PR_SET_TIMERSLACK): how much later than asked the kernel
 * may end a sleep of this thread (to wake it together with other timers). The default, 50 µs, makes
 * a park of 250 µs last ~300 µs; a watch that answers within a fraction of a millisecond asks for
 * precise sleeps instead. The slack is a thread's own (there is no /proc file for a thread other
 * than a process's first), so the thread that sleeps sets it. Binding prctl costs a cold JVM ~0.1 s:
 * a caller binds it off its critical path ({@link #bind} on another thread, then {@link #set}).
 */
public final class TimerSlack {
    private static final int PR_SET_TIMERSLACK = 29;
    private static final int PR_GET_TIMERSLACK = 30;

    private TimerSlack() {}

    private static final class Call {
        static {
            asked = true; // whatever path binds it
        }
        // int prctl(int option, ...): variadic after the option, unsigned longs as the kernel reads them.
        static final Optional<MethodHandle> PRCTL = Libc.bindIfPossible("prctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
                Linker.Option.firstVariadicArg(1));
    }

    /** Binds prctl (slow the first time, from any thread); whether this C library has it. */
    public static boolean bind() {
        return Call.PRCTL.isPresent();
    }

    private static volatile boolean asked;

    /**
     * Whether this JVM has asked for the binding: the AOT training checks that its watches never do,
     * as the FFM linker's ~250 classes would then be in the watch family's cache, loaded at the start
     * of every watch.
     */
    public static boolean bindingAsked() {
        return asked;
    }

    /**
     * Sets the calling thread's slack to {@code nanos} (0: back to the thread's default); false when
     * prctl is missing or refuses.
     */
    public static boolean set(long nanos) {
        return call(PR_SET_TIMERSLACK, nanos) == 0;
    }

    /** The calling thread's slack in nanoseconds, or -1 when it cannot be asked. */
    public static long get() {
        return call(PR_GET_TIMERSLACK, 0);
    }

    private static long call(int option, long argument) {
        if (Call.PRCTL.isEmpty()) {
            return -1;
        }
        try {
            return (int) Call.PRCTL.get().invokeExact(option, argument, 0L, 0L, 0L);
        } catch (Throwable e) {
            return -1;
        }
    }
}
