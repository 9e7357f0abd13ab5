package shmkit.inspect;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Optional;
import shmkit.ShmException;

/**
 * The C library calls shm makes through the FFM Linker, each for something the JDK does not offer:
 * statx for a file's allocated blocks (st_blocks; the JDK's attribute views leave it out) and
 * mincore for which pages of a mapping are resident. Starting the Linker and binding a call costs
 * on the order of 100 ms, so only list and info touch this class, each handle is bound on first use,
 * and every other command never loads it.
 *
 * <p>mincore is the one call ever given a mapped address: it reads the kernel's page tables for
 * the range and never touches the pages themselves, so it cannot fault however the file changes.
 */
final class Native {
    private Native() {}

    private static final Linker LINKER = Linker.nativeLinker();

    private static Optional<MethodHandle> bind(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.defaultLookup().find(name).map(symbol -> LINKER.downcallHandle(symbol, descriptor, options));
    }

    /** The same, for a call shm can do without: any failure to bind means "not available". */
    private static Optional<MethodHandle> bindIfPossible(String name, FunctionDescriptor descriptor) {
        try {
            return bind(name, descriptor);
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** statx(2), present in glibc since 2.28 and musl since 1.2.5; its struct layout is the same on every architecture. */
    static final class Statx implements AutoCloseable {
        private static final Optional<MethodHandle> STATX = bindIfPossible("statx",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
        private static final int AT_FDCWD = -100;
        private static final int AT_SYMLINK_NOFOLLOW = 0x100;
        private static final int STATX_INO = 0x100;
        private static final int STATX_BLOCKS = 0x400;
        /** Offsets in struct statx (linux/stat.h). */
        private static final long MASK = 0;
        private static final long INO = 0x20;
        private static final long BLOCKS = 0x30;
        private static final long DEV_MAJOR = 0x88;
        private static final long DEV_MINOR = 0x8c;
        private static final long SIZE = 0x100;

        private final Arena arena = Arena.ofConfined();
        private final MemorySegment buffer = arena.allocate(SIZE, 8);
        /** File names go to the kernel in the encoding the JDK itself uses for them. */
        private final Charset encoding = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"),
                java.nio.charset.StandardCharsets.UTF_8);

        /**
         * The bytes allocated to the file at {@code path} (st_blocks * 512), never following a link;
         * -1 when statx is missing or fails, or when the path no longer names {@code expected}.
         */
        long allocated(Path path, FileId expected) {
            if (STATX.isEmpty()) {
                return -1;
            }
            try (Arena call = Arena.ofConfined()) {
                MemorySegment name = call.allocateFrom(path.toString(), encoding);
                int rc = (int) STATX.get().invokeExact(AT_FDCWD, name, AT_SYMLINK_NOFOLLOW, STATX_INO | STATX_BLOCKS, buffer);
                int mask = buffer.get(JAVA_INT, MASK);
                if (rc != 0 || (mask & STATX_BLOCKS) == 0) {
                    return -1;
                }
                FileId seen = new FileId(Integer.toUnsignedLong(buffer.get(JAVA_INT, DEV_MAJOR)),
                        Integer.toUnsignedLong(buffer.get(JAVA_INT, DEV_MINOR)), buffer.get(JAVA_LONG, INO));
                return seen.equals(expected) ? buffer.get(JAVA_LONG, BLOCKS) * 512 : -1;
            } catch (Throwable e) {
                return -1;
            }
        }

        @Override
        public void close() {
            arena.close();
        }
    }

    /** mincore(2). */
    static final class Mincore {
        private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
        private static final VarHandle ERRNO = CAPTURE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
        private static final MethodHandle MINCORE = bind("mincore",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS), Linker.Option.captureCallState("errno"))
                .orElseThrow(() -> ShmException.failure("this C library has no mincore; cannot show pages"));
        /**
         * Fills {@code vector} (one byte per page, bit 0 set when resident) for {@code mapped}, which
         * must start on a page boundary. The pages are not touched.
         */
        static void residency(MemorySegment mapped, MemorySegment vector, Arena arena) {
            MemorySegment state = arena.allocate(CAPTURE);
            int rc;
            try {
                rc = (int) MINCORE.invokeExact(state, mapped, mapped.byteSize(), vector);
            } catch (Throwable e) {
                throw new IllegalStateException("mincore failed", e);
            }
            if (rc != 0) {
                int errno = (int) ERRNO.get(state, 0L);
                throw ShmException.failure("mincore failed (errno " + errno + ") for " + mapped.byteSize()
                        + " bytes at 0x" + Long.toHexString(mapped.address()));
            }
        }

        static byte resident(MemorySegment vector, long page) {
            return (byte) (vector.get(JAVA_BYTE, page) & 1);
        }
    }
}
