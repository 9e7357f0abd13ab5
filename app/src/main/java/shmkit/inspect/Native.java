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
 * statx through the FFM Linker ({@link shmkit.sys.Libc}), for a file's allocated blocks (st_blocks;
 * the JDK's attribute views leave it out). Only list and info touch this class.
 */
final class Native {
    private Native() {}

    /** statx(2), present in glibc since 2.28 and musl since 1.2.5; its struct layout is the same on every architecture. */
    static final class Statx implements AutoCloseable {
        private static final Optional<MethodHandle> STATX = shmkit.sys.Libc.bindIfPossible("statx",
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
}
