package shmkit.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;
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
    /**
     * Where errno sits in {@link #ERRNO_STATE}, summed over the members before it. Not a VarHandle of
     * the layout, nor byteOffset(PathElement): either starts LayoutPath, whose class initializer
     * spins lambda forms the AOT cache cannot keep (~10 ms of CPU at every start of a command that
     * binds a call; a System V read: 5 of its 28 classes made at run time).
     */
    private static final int ERRNO_OFFSET = errnoOffset();

    private static int errnoOffset() {
        long offset = 0;
        for (MemoryLayout member : ERRNO_STATE.memberLayouts()) {
            if (member.name().filter("errno"::equals).isPresent()) {
                return Math.toIntExact(offset);
            }
            offset += member.byteSize();
        }
        throw new IllegalStateException("the linker's call state has no errno");
    }

    /** Whether this C library has the call {@code name}: a look-up of the symbol, nothing bound. */
    public static boolean has(String name) {
        return LINKER.defaultLookup().find(name).isPresent();
    }

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
        return state.asByteBuffer().order(ByteOrder.nativeOrder()).getInt(ERRNO_OFFSET);
    }
}
