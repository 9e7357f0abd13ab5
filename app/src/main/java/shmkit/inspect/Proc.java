package shmkit.inspect;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import shmkit.text.Words;

/**
 * Reads what the kernel tells about processes and files under a /proc root: who maps which file
 * (/proc/PID/maps), who locks it (/proc/locks), a process's command line, and the mounts. The root
 * is a parameter so tests can hand it a made-up tree. Our own process is never reported as a mapper:
 * shm maps a segment only for the duration of a command, and saying so would only confuse.
 */
public final class Proc {
    private static final long AT_PAGESZ = 6;
    private final Path root;
    private final long selfPid;
    private byte[] buffer = new byte[1 << 16];

    public Proc(Path root, long selfPid) {
        this.root = root;
        this.selfPid = selfPid;
    }

    public static Proc system() {
        Path root = Path.of("/proc");
        return new Proc(root, selfPid(root));
    }

    /** Our pid, from the /proc/self link: ProcessHandle.current() sets up the JDK's process support, ~2 ms cold. */
    private static long selfPid(Path root) {
        try {
            long pid = parsePid(Files.readSymbolicLink(root.resolve("self")).toString());
            if (pid > 0) {
                return pid;
            }
        } catch (IOException | UnsupportedOperationException e) {
            // a /proc without self (hidepid, an odd mount): ask the JDK
        }
        return ProcessHandle.current().pid();
    }

    /**
     * One pass over every process's maps, keeping the lines that map one of {@code files}: each maps
     * file is read once whatever the number of files asked about. A process whose maps we may not
     * read (another user's, when we are not root) is counted as hidden; one that exits during the
     * scan is simply gone.
     *
     * <p>A run of list or info is short and mostly interpreted, so this path sticks to what costs
     * little cold: one JNI call for the names under /proc, no Path per process, no stream, no
     * lambda (a lambda or a string concatenation the AOT training never met spins a class at run
     * time, milliseconds each, and floods the one JIT thread that would compile the parser).
     */
    public MapScan scanMaps(Collection<FileId> files) {
        Set<FileId> wanted = new HashSet<>(files);
        InodeSet inodes = new InodeSet(wanted);
        Map<FileId, List<Mapping>> found = new HashMap<>();
        int processes = 0;
        int hidden = 0;
        StringBuilder maps = new StringBuilder(root.toString()).append('/');
        int prefix = maps.length();
        for (String entry : processNames()) {
            long pid = parsePid(entry);
            if (pid <= 0 || pid == selfPid) {
                continue;
            }
            maps.setLength(prefix);
            String path = maps.append(entry).append("/maps").toString();
            int length;
            try {
                // With nothing to look for, opening says whether the maps are readable: the kernel
                // writes a maps file's text only when it is read.
                length = inodes.isEmpty() ? openOnly(path) : readAll(path);
            } catch (IOException e) {
                // Still there but not to be opened: another user's process (or one protected even from
                // root). Gone: it exited during the scan, and maps nothing any more.
                if (new File(path).exists()) {
                    hidden++;
                }
                continue;
            }
            processes++;
            if (!inodes.isEmpty()) {
                parseMaps(pid, buffer, length, wanted, inodes, found);
            }
        }
        return new MapScan(found, processes, hidden);
    }

    /** The pids under the root, in no particular order. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        for (String entry : processNames()) {
            long pid = parsePid(entry);
            if (pid > 0) {
                pids.add(pid);
            }
        }
        return pids;
    }

    /** The names in the root, in one call (pids among them). */
    private String[] processNames() {
        String[] names = root.toFile().list();
        if (names == null) {
            throw shmkit.ShmException.failure("cannot list processes in " + root);
        }
        return names;
    }

    private static long parsePid(String name) {
        if (name.isEmpty() || name.length() > 18) {
            return -1;
        }
        long pid = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            pid = pid * 10 + (c - '0');
        }
        return pid;
    }

    /**
     * Parses maps lines of the form {@code 7f..-7f.. rw-s 00000000 00:1b 37   /dev/shm/demo (deleted)}:
     * only a line whose inode is wanted is decoded. A shm run is short, so this runs mostly
     * interpreted, where a loop over every byte costs ~10 bytecodes a byte (a second and more for
     * the megabytes of maps a busy machine has). The bytes are stepped over by String.indexOf on a
     * Latin-1 copy instead: the JDK method is compiled early in every run, so the interpreter sees
     * a few calls a line.
     *
     * @param inodes the inodes of {@code wanted}
     */
    static void parseMaps(long pid, byte[] b, int length, Set<FileId> wanted, InodeSet inodes,
                          Map<FileId, List<Mapping>> found) {
        String text = new String(b, 0, length, StandardCharsets.ISO_8859_1);
        int i = 0;
        while (i < length) {
            int lineEnd = text.indexOf('\n', i);
            if (lineEnd < 0) {
                lineEnd = length;
            }
            // Four fields before the inode: range, perms, offset, device.
            int at = i;
            for (int field = 0; field < 4 && at >= 0; field++) {
                at = text.indexOf(' ', at);
                at = at < 0 || at >= lineEnd ? -1 : at + 1;
            }
            if (at > 0) {
                long inode = 0;
                int digits = 0;
                for (char c; at < lineEnd && (c = text.charAt(at)) >= '0' && c <= '9' && digits < 19; at++, digits++) {
                    inode = inode * 10 + (c - '0');
                }
                if (inode > 0 && inodes.contains(inode)) {
                    Mapping mapping = parseLine(pid, b, i, lineEnd);
                    if (mapping != null && wanted.contains(mapping.file())) {
                        List<Mapping> list = found.get(mapping.file());
                        if (list == null) {
                            list = new ArrayList<>();
                            found.put(mapping.file(), list);
                        }
                        list.add(mapping);
                    }
                }
            }
            i = lineEnd + 1;
        }
    }

    /** One whole line, decoded; null when it is not in the expected form. */
    private static Mapping parseLine(long pid, byte[] b, int from, int to) {
        int[] at = {from};
        long start = hex(b, at, to, '-');
        long end = hex(b, at, to, ' ');
        int permsAt = at[0];
        skipField(b, at, to);
        long offset = hex(b, at, to, ' ');
        long major = hex(b, at, to, ':');
        long minor = hex(b, at, to, ' ');
        long inode = decimal(b, at, to);
        if (inode <= 0 || start < 0 || end < 0 || offset < 0 || major < 0 || minor < 0) {
            return null;
        }
        int pathAt = at[0];
        while (pathAt < to && b[pathAt] == ' ') {
            pathAt++;
        }
        String path = new String(b, pathAt, to - pathAt, StandardCharsets.UTF_8);
        boolean deleted = path.endsWith(" (deleted)");
        if (deleted) {
            path = path.substring(0, path.length() - " (deleted)".length());
        }
        String perms = new String(b, permsAt, Math.min(4, to - permsAt), StandardCharsets.US_ASCII);
        return new Mapping(pid, start, end, perms, offset, new FileId(major, minor, inode), path, deleted);
    }

    /** A hex number ending at {@code stop}; advances past the stop byte. -1 when the field is not hex. */
    private static long hex(byte[] b, int[] at, int to, char stop) {
        long value = 0;
        int i = at[0];
        int digits = 0;
        for (; i < to && b[i] != stop; i++, digits++) {
            int c = b[i];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0 || digits >= 16) {
                return -1;
            }
            value = value << 4 | d;
        }
        at[0] = i + 1;
        return digits == 0 ? -1 : value;
    }

    private static long decimal(byte[] b, int[] at, int to) {
        long value = 0;
        int i = at[0];
        int digits = 0;
        for (; i < to && b[i] >= '0' && b[i] <= '9'; i++, digits++) {
            if (digits >= 19) {
                return -1;
            }
            value = value * 10 + (b[i] - '0');
        }
        at[0] = i;
        return digits == 0 ? -1 : value;
    }

    private static void skipField(byte[] b, int[] at, int to) {
        int i = at[0];
        while (i < to && b[i] != ' ') {
            i++;
        }
        at[0] = i + 1;
    }

    /**
     * Locks on {@code files} from /proc/locks, lines such as {@code 1: POSIX  ADVISORY  WRITE 1234
     * 00:1b:37 0 EOF}, or {@code 1: -> POSIX ...} for a process waiting for that lock.
     */
    public List<HeldLock> locks(Collection<FileId> files) {
        Set<FileId> wanted = new HashSet<>(files);
        List<HeldLock> locks = new ArrayList<>();
        String text;
        try {
            text = new String(Files.readAllBytes(root.resolve("locks")), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return locks;
        }
        for (String line : text.split("\n")) {
            HeldLock lock = parseLock(line);
            if (lock != null && wanted.contains(lock.file())) {
                locks.add(lock);
            }
        }
        return locks;
    }

    static HeldLock parseLock(String line) {
        String[] f = Words.of(line);
        int i = 1;
        boolean waiting = f.length > 1 && f[1].equals("->");
        if (waiting) {
            i++;
        }
        if (f.length < i + 7) {
            return null;
        }
        String[] id = f[i + 4].split(":");
        if (id.length != 3) {
            return null;
        }
        try {
            long pid = Long.parseLong(f[i + 3]);
            FileId file = new FileId(Long.parseLong(id[0], 16), Long.parseLong(id[1], 16), Long.parseLong(id[2]));
            long start = Long.parseLong(f[i + 5]);
            long end = f[i + 6].equals("EOF") ? -1 : Long.parseLong(f[i + 6]);
            return new HeldLock(f[i], f[i + 2], pid, file, start, end, waiting);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The command line of a process as ps shows it: arguments joined by spaces; for a process without
     * one (a kernel thread, a zombie) its name in brackets; null when the process is gone.
     */
    public String commandLine(long pid) {
        Path dir = root.resolve(Long.toString(pid));
        try {
            int length = readAll(dir.resolve("cmdline"));
            while (length > 0 && buffer[length - 1] == 0) {
                length--;
            }
            if (length > 0) {
                byte[] copy = java.util.Arrays.copyOf(buffer, length);
                for (int i = 0; i < copy.length; i++) {
                    if (copy[i] == 0) {
                        copy[i] = ' ';
                    }
                }
                return new String(copy, StandardCharsets.UTF_8);
            }
            return "[" + Files.readString(dir.resolve("comm"), StandardCharsets.UTF_8).strip() + "]";
        } catch (IOException e) {
            return null;
        }
    }

    /** The effective uid of this process (the second field of Uid: in /proc/self/status), or -1. */
    public int effectiveUid() {
        try {
            for (String line : Files.readAllLines(root.resolve("self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(Words.of(line.substring(4))[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown; the caller then skips the ownership warning rather than guess
        }
        return -1;
    }

    /**
     * The page size, from the AT_PAGESZ entry of /proc/self/auxv (pairs of native longs: type,
     * value), so no native call is bound just to ask; 4096 when it cannot be read.
     */
    public long pageSize() {
        try {
            java.nio.ByteBuffer auxv = java.nio.ByteBuffer.wrap(Files.readAllBytes(root.resolve("self/auxv")))
                    .order(java.nio.ByteOrder.nativeOrder());
            while (auxv.remaining() >= 16) {
                long type = auxv.getLong();
                long value = auxv.getLong();
                if (type == AT_PAGESZ && value > 0 && Long.bitCount(value) == 1) {
                    return value;
                }
            }
        } catch (IOException e) {
            // fall through to the common size
        }
        return 4096;
    }

    /** The mounts this process sees, from /proc/self/mountinfo (empty when it cannot be read). */
    public List<Mounts.Mount> mounts() {
        try {
            return Mounts.parse(Files.readString(root.resolve("self/mountinfo"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Reads a whole /proc file into the reusable buffer (their size is 0 to stat, so it cannot be
     * asked first) and returns its length.
     */
    private int readAll(Path path) throws IOException {
        return readAll(path.toString());
    }

    private static int openOnly(String path) throws IOException {
        new FileInputStream(path).close();
        return 0;
    }

    private int readAll(String path) throws IOException {
        // FileInputStream rather than Files.newInputStream: for hundreds of small files it costs half.
        try (InputStream in = new FileInputStream(path)) {
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    return length;
                }
                length += n;
            }
        }
    }
}
