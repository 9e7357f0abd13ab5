package shmkit.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * Binding C library calls through the FFM Linker, for what the JDK does not offer. Binding costs a
 * JVM on the order of 100 ms the first time (the stubs are generated at run time, and the AOT
 * cache cannot keep them), so every caller binds lazily, in a holder class of its own, and only
 * the commands that need a call ever pay for it.
 */
public final class Libc {
    private Libc() {}

    private static final Linker LINKER = Linker.nativeLinker();
    /** The layout errno is captured into, for calls bound with {@link #bindCapturingErrno}. */
    public static final StructLayout ERRNO_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = ERRNO_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** The call, or empty when this C library lacks it. */
    public static Optional<MethodHandle> bind(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.defaultLookup().find(name).map(symbol -> LINKER.downcallHandle(symbol, descriptor, options));
    }

    /** The same, for a call shm can do without: any failure to bind means "not available". */
    public static Optional<MethodHandle> bindIfPossible(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        try {
            return bind(name, descriptor, options);
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** Bound so that its first argument is a segment of {@link #ERRNO_STATE} that receives errno. */
    public static Optional<MethodHandle> bindCapturingErrno(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = java.util.Arrays.copyOf(options, options.length + 1);
        all[options.length] = Linker.Option.captureCallState("errno");
        return bindIfPossible(name, descriptor, all);
    }

    /** The errno a call bound with {@link #bindCapturingErrno} left in {@code state}. */
    public static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }
}
