package shmkit.segment;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import shmkit.ShmException;
import shmkit.text.SafeText;

/**
 * What a segment argument names. As always: a bare name is the tmpfs object {@code DIR/NAME} (the
 * object {@code shm_open("/NAME")} and Python's {@code SharedMemory(name="NAME")} use); an argument
 * with a {@code /} is a path to a regular file. And the kinds that have no name in a folder:
 *
 * <ul>
 * <li>{@code sysv:KEY} (KEY as 0x5d000a1b or in decimal) and {@code sysv:id:ID}: a System V segment;</li>
 * <li>{@code pid:PID:fd:N}: the file a process holds open as descriptor N (a memfd, usually);</li>
 * <li>{@code pid:PID@0xADDR}: what a process maps, shared, at ADDR (the start of the mapping): the
 *     block a {@code mmap(MAP_SHARED|MAP_ANONYMOUS)} shares across fork, or any shared mapping;</li>
 * <li>{@code memfd:NAME}: the memfd of that name ({@code memfd_create}), found in whichever process
 *     holds or maps it.</li>
 * </ul>
 *
 * A prefix means a kind only when what follows it has that kind's form; anything else is a POSIX
 * name as before ({@code sysv:notes} is /dev/shm/sysv:notes). A POSIX name that does have such a
 * form is reached as {@code posix:NAME}, which always means the POSIX name NAME.
 *
 * @param arg    the argument as the user typed it, used in every message
 * @param path   where the segment lives, for a POSIX name, a file or a process's descriptor
 *               (/proc/PID/fd/N); null for the kinds found only when opened
 * @param named  true for a name in the shm folder
 * @param target what a name of another kind points at; null for a POSIX name or a file
 */
public record SegmentName(String arg, Path path, boolean named, Target target) {
    /** The longest name a file system takes for one path component (NAME_MAX), in bytes. */
    public static final int MAX_NAME_BYTES = 255;
    /** Always a POSIX name, whatever follows: the escape for a name that looks like another kind. */
    public static final String POSIX_PREFIX = "posix:";

    /** The kinds of shared memory, as {@code list --kind} names them. */
    public enum Kind {
        POSIX("posix"), FILE("file"), SYSV("sysv"), MEMFD("memfd"), MAPPING("anon");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** posix, file, sysv, memfd, anon. */
        public String word() {
            return word;
        }
    }

    /** Where a name of a kind without a folder points. */
    public sealed interface Target permits SysvKey, SysvId, ProcessFd, ProcessMapping, Memfd {}

    /** {@code sysv:0x5d000a1b}: the segment shmget(key) finds. */
    public record SysvKey(int key) implements Target {}

    /** {@code sysv:id:32769}: the segment with this id, as ipcs shows it. */
    public record SysvId(int id) implements Target {}

    /** {@code pid:1234:fd:7}: what process 1234 holds open as descriptor 7. */
    public record ProcessFd(long pid, int fd) implements Target {}

    /** {@code pid:1234@0x7f3a1c000000}: what process 1234 maps, shared, from that address. */
    public record ProcessMapping(long pid, long address) implements Target {}

    /** {@code memfd:NAME}: the memfd named NAME in whichever process holds or maps it. */
    public record Memfd(String name) implements Target {}

    public static SegmentName parse(String arg, Path shmDir) {
        if (arg.isEmpty()) {
            throw ShmException.usage("segment name is empty");
        }
        if (arg.indexOf('\0') >= 0) {
            throw ShmException.usage("segment name " + SafeText.quote(arg) + " contains a NUL byte");
        }
        if (arg.indexOf('/') >= 0) {
            try {
                return new SegmentName(arg, Path.of(arg), false, null);
            } catch (InvalidPathException e) {
                throw ShmException.usage(SafeText.quote(arg) + " is not a usable path: " + e.getReason());
            }
        }
        String posix = arg;
        if (arg.startsWith(POSIX_PREFIX) && arg.length() > POSIX_PREFIX.length()) {
            posix = arg.substring(POSIX_PREFIX.length());
        } else if (arg.indexOf(':') > 0) {
            Target target = Kinds.parse(arg);
            if (target != null) {
                Path path = target instanceof ProcessFd fd ? Path.of("/proc/" + fd.pid() + "/fd/" + fd.fd()) : null;
                return new SegmentName(arg, path, false, target);
            }
        }
        if (posix.equals(".") || posix.equals("..")) {
            throw ShmException.usage("segment name " + SafeText.quote(arg) + " is not allowed (use a name, or a path such as ./file)");
        }
        int bytes = posix.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            throw ShmException.usage("segment name is " + bytes + " bytes long; the limit is " + MAX_NAME_BYTES
                    + " (name starts " + SafeText.quote(posix.substring(0, 16)) + ")");
        }
        try {
            return new SegmentName(arg, shmDir.resolve(posix), true, null);
        } catch (InvalidPathException e) {
            throw ShmException.usage("segment name " + SafeText.quote(arg) + " cannot be a file name here (" + e.getReason()
                    + "; is a UTF-8 locale set? LANG=C.UTF-8)");
        }
    }

    /** Which kind the name is of (a memfd:NAME is MEMFD, though it is reached through a process). */
    public Kind kind() {
        if (target == null) {
            return named ? Kind.POSIX : Kind.FILE;
        }
        // instanceof rather than a pattern switch: its MatchException and bootstrap would load on every start
        if (target instanceof SysvKey || target instanceof SysvId) {
            return Kind.SYSV;
        }
        return target instanceof ProcessMapping ? Kind.MAPPING : Kind.MEMFD;
    }

    /** Whether the name is a path in a folder (a POSIX name or a file), which create, rm and resize work on as files. */
    public boolean isFile() {
        return target == null;
    }

    /** Whether the name reaches into a running process's memory (pid:..., memfd:...). */
    public boolean inProcess() {
        return target instanceof ProcessFd || target instanceof ProcessMapping || target instanceof Memfd;
    }

    /** How messages refer to the segment: by the name the user gave. */
    @Override
    public String toString() {
        return "'" + arg + "'";
    }
}
