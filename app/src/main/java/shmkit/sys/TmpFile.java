package shmkit.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An unnamed file in a folder (open(2) with O_TMPFILE), given a name only once it is complete
 * (linkat(2) through /proc/self/fd, as open(2)'s manual shows): a process killed while filling it
 * leaves nothing behind, the kernel frees it. Linux only, and only on file systems that support it
 * (tmpfs, ext4, xfs, btrfs); {@link #open} says when not, and the caller falls back.
 */
public final class TmpFile implements AutoCloseable {
    private static final int O_RDWR = 02;
    private static final int O_TMPFILE = 020000000 | 0200000; // __O_TMPFILE | O_DIRECTORY
    private static final int O_CLOEXEC = 02000000;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_FOLLOW = 0x400;
    /** EEXIST: the name was taken meanwhile. */
    public static final int EEXIST = 17;

    private static final class Calls {
        static final Optional<MethodHandle> OPEN = Libc.bindCapturingErrno("open",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
        static final Optional<MethodHandle> LINKAT = Libc.bindCapturingErrno("linkat",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
        static final Optional<MethodHandle> CLOSE = Libc.bindIfPossible("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    /** File names go to the kernel in the encoding the JDK itself uses for them. */
    private static final Charset NAMES = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"), StandardCharsets.UTF_8);

    private final int fd;
    private boolean closed;

    private TmpFile(int fd) {
        this.fd = fd;
    }

    /** An unnamed file in {@code folder}, mode 0600, or empty when this system or file system has none. */
    public static Optional<TmpFile> open(Path folder) {
        if (Calls.OPEN.isEmpty() || Calls.LINKAT.isEmpty() || Calls.CLOSE.isEmpty()) {
            return Optional.empty();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.ERRNO_STATE);
            int fd = (int) Calls.OPEN.get().invokeExact(state, arena.allocateFrom(folder.toString(), NAMES),
                    O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
            return fd < 0 ? Optional.empty() : Optional.of(new TmpFile(fd));
        } catch (Throwable e) {
            return Optional.empty();
        }
    }

    /** A path that opens this file (the JDK opens it like any other): /proc/self/fd/N. */
    public Path path() {
        return Path.of("/proc/self/fd/" + fd);
    }

    /** Names the file {@code target}; returns 0, or the errno (EEXIST when the name is taken: nothing is replaced). */
    public int publish(Path target) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.ERRNO_STATE);
            int rc = (int) Calls.LINKAT.get().invokeExact(state, AT_FDCWD, arena.allocateFrom(path().toString(), NAMES),
                    AT_FDCWD, arena.allocateFrom(target.toString(), NAMES), AT_SYMLINK_FOLLOW);
            return rc == 0 ? 0 : Libc.errno(state);
        } catch (Throwable e) {
            throw new IllegalStateException("linkat failed", e);
        }
    }

    /** Closes the descriptor; an unpublished file is gone with it. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                int rc = (int) Calls.CLOSE.get().invokeExact(fd);
            } catch (Throwable ignored) {
                // nothing to do: the descriptor goes with the process at the latest
            }
        }
    }
}
