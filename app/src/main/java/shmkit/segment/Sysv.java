package shmkit.segment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import shmkit.ShmException;
import shmkit.sys.SysvCalls;
import shmkit.text.Words;

/**
 * System V shared memory segments: what the kernel says of them (/proc/sysvipc/shm, every field
 * ipcs shows, read without binding a native call), and attaching, creating and removing them
 * (shmat, shmget, shmctl through {@link SysvCalls}, bound only when a {@code sysv:} name is used).
 */
public final class Sysv {
    /** Where the kernel lists the segments of this process's IPC namespace. */
    static final Path TABLE = Path.of("/proc/sysvipc/shm");
    /** shm_perm.mode: marked for removal (IPC_RMID while attached), gone at the last detach. */
    public static final int SHM_DEST = 01000;
    /** shm_perm.mode: locked in memory (SHM_LOCK). */
    public static final int SHM_LOCKED = 02000;

    private Sysv() {}

    /**
     * One segment, as /proc/sysvipc/shm gives it: the fields of {@code ipcs -m -p -t}, plus the
     * memory it holds. Times are seconds since the epoch, 0 for never.
     *
     * @param mode the permission bits with SHM_DEST and SHM_LOCKED
     */
    public record Entry(int key, int id, int mode, long size, long cpid, long lpid, long nattch, int uid, int gid,
                        int cuid, int cgid, long atime, long dtime, long ctime, long rss, long swap) {
        public boolean markedForRemoval() {
            return (mode & SHM_DEST) != 0;
        }

        public boolean locked() {
            return (mode & SHM_LOCKED) != 0;
        }

        public int permissions() {
            return mode & 0777;
        }

        /** "0x5d000a1b", as ipcs prints a key. */
        public String keyText() {
            String hex = Integer.toHexString(key);
            return "0x" + "0".repeat(8 - hex.length()) + hex;
        }

        /** The name shm takes for it: by key ("sysv:0x5d000a1b"), or by id when it has none (IPC_PRIVATE, or removed). */
        public String name() {
            return key != 0 ? "sysv:" + keyText() : "sysv:id:" + id;
        }
    }

    /** Every segment of this IPC namespace; empty when the kernel has no System V IPC. */
    public static List<Entry> table() {
        try {
            return parse(Files.readString(TABLE, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Parses /proc/sysvipc/shm by its header, so a kernel that adds or moves a column is still read right. */
    static List<Entry> parse(String text) {
        String[] lines = text.split("\n");
        List<Entry> entries = new ArrayList<>();
        if (lines.length == 0) {
            return entries;
        }
        List<String> header = List.of(Words.of(lines[0]));
        int[] at = new int[16];
        String[] names = {"key", "shmid", "perms", "size", "cpid", "lpid", "nattch", "uid", "gid", "cuid", "cgid",
            "atime", "dtime", "ctime", "rss", "swap"};
        for (int i = 0; i < names.length; i++) {
            at[i] = header.indexOf(names[i]);
            if (at[i] < 0 && i < 14) {
                return entries; // not the table we know
            }
        }
        for (int l = 1; l < lines.length; l++) {
            String[] f = Words.of(lines[l]);
            if (f.length < header.size() - 2) {
                continue;
            }
            try {
                entries.add(new Entry((int) Long.parseLong(f[at[0]]), Integer.parseInt(f[at[1]]), Integer.parseInt(f[at[2]], 8),
                        Long.parseLong(f[at[3]]), Long.parseLong(f[at[4]]), Long.parseLong(f[at[5]]), Long.parseLong(f[at[6]]),
                        Integer.parseInt(f[at[7]]), Integer.parseInt(f[at[8]]), Integer.parseInt(f[at[9]]),
                        Integer.parseInt(f[at[10]]), Long.parseLong(f[at[11]]), Long.parseLong(f[at[12]]),
                        Long.parseLong(f[at[13]]), field(f, at[14]), field(f, at[15])));
            } catch (RuntimeException e) {
                // a line in a form we do not know is left out rather than guessed at
            }
        }
        return entries;
    }

    private static long field(String[] f, int at) {
        return at < 0 || at >= f.length ? -1 : Long.parseLong(f[at]);
    }

    /** The segment a {@code sysv:} name points at now. */
    public static Entry find(SegmentName name) {
        for (Entry entry : table()) {
            if (name.target() instanceof SegmentName.SysvKey(int key) ? entry.key() == key && !entry.markedForRemoval()
                    : name.target() instanceof SegmentName.SysvId(int id) && entry.id() == id) {
                return entry;
            }
        }
        String what = name.target() instanceof SegmentName.SysvKey ? "with that key" : "with that id";
        throw new ShmException(ShmException.Reason.NOT_FOUND, "no System V segment " + name + " (none " + what
                + " in /proc/sysvipc/shm; 'shm list --kind sysv' shows them)");
    }

    /**
     * Attaches the segment: read-only (SHM_RDONLY) unless {@code write}. Typed as a Backing, so that
     * the class that calls it (Segments, on every start) does not load SysvBacking to check the type.
     */
    static Backing open(SegmentName name, boolean write) {
        Entry entry = find(name);
        requireCalls();
        long address = SysvCalls.attach(entry.id(), !write);
        if (address < 0) {
            int errno = (int) -address;
            throw switch (errno) {
                case SysvCalls.EACCES -> new ShmException(ShmException.Reason.PERMISSION_DENIED, "permission denied attaching "
                        + name + " for " + (write ? "writing" : "reading") + " (mode " + octal(entry.permissions())
                        + ", owner uid " + entry.uid() + ", group gid " + entry.gid() + ")");
                case SysvCalls.EINVAL, SysvCalls.EIDRM -> new ShmException(ShmException.Reason.REMOVED, name
                        + " was removed just now (IPC_RMID)");
                case SysvCalls.ENOMEM -> new ShmException(ShmException.Reason.NO_SPACE, "cannot attach " + name
                        + " (" + entry.size() + " bytes): no room in this process's address space");
                default -> new ShmException(ShmException.Reason.IO_ERROR, "cannot attach " + name + ": shmat failed (errno " + errno + ")");
            };
        }
        return new SysvBacking(entry.id(), address, entry.size(), write, entry.markedForRemoval());
    }

    /**
     * Creates a zero-filled segment with key {@code key} and exactly {@code mode} (shmget does not
     * apply the umask). IPC_EXCL: it never opens or replaces one that exists, and of racing creates
     * exactly one wins. The kernel counts its memory now (no SHM_NORESERVE) and gives pages on first touch.
     */
    public static Entry create(SegmentName name, long size, int mode) {
        if (!(name.target() instanceof SegmentName.SysvKey(int key))) {
            throw ShmException.usage("cannot create " + name + ": the kernel gives a System V segment its id; "
                    + "create it by key (sysv:0x1234abcd) and reach it by either");
        }
        if (size <= 0) {
            throw ShmException.usage("size " + size + " is not positive; a segment needs at least 1 byte");
        }
        requireCalls();
        int id = SysvCalls.get(key, size, SysvCalls.IPC_CREAT | SysvCalls.IPC_EXCL | mode);
        if (id < 0) {
            throw switch (-id) {
                case SysvCalls.EEXIST -> new ShmException(ShmException.Reason.ALREADY_EXISTS, name + " already exists"
                        + existing(key) + "; shm create never replaces a segment (remove it first: shm rm " + name.arg() + ")");
                case SysvCalls.EINVAL -> new ShmException(ShmException.Reason.BAD_VALUE, "cannot create " + name + ": "
                        + size + " bytes is more than a System V segment may hold here (kernel.shmmax = " + limit("shmmax") + ")");
                case SysvCalls.ENOSPC -> new ShmException(ShmException.Reason.NO_SPACE, "cannot create " + name + " ("
                        + size + " bytes): the system's limits are reached (kernel.shmmni = " + limit("shmmni")
                        + " segments, kernel.shmall = " + limit("shmall") + " pages in all)");
                case SysvCalls.ENOMEM -> new ShmException(ShmException.Reason.NO_SPACE, "cannot create " + name + " ("
                        + size + " bytes): not enough memory");
                case SysvCalls.EACCES, SysvCalls.EPERM -> new ShmException(ShmException.Reason.PERMISSION_DENIED,
                        "permission denied creating " + name);
                default -> new ShmException(ShmException.Reason.IO_ERROR, "cannot create " + name + ": shmget failed (errno " + -id + ")");
            };
        }
        for (Entry entry : table()) {
            if (entry.id() == id) {
                return entry;
            }
        }
        throw new ShmException(ShmException.Reason.REMOVED, name + " was created (id " + id + ") and removed at once by another process");
    }

    /**
     * Marks the segment for removal (shmctl IPC_RMID): it goes at once when no process attaches it,
     * else when the last one detaches; its key is free from now on. Callers decide whether attached
     * processes allow it.
     */
    public static void remove(SegmentName name, Entry entry) {
        requireCalls();
        int rc = SysvCalls.remove(entry.id());
        if (rc < 0) {
            throw switch (-rc) {
                case SysvCalls.EPERM, SysvCalls.EACCES -> new ShmException(ShmException.Reason.PERMISSION_DENIED,
                        "permission denied removing " + name + ": only its owner (uid " + entry.uid() + "), its creator (uid "
                                + entry.cuid() + ") or root may");
                case SysvCalls.EINVAL, SysvCalls.EIDRM -> new ShmException(ShmException.Reason.NOT_FOUND, "no System V segment "
                        + name + " (removed just now)");
                default -> new ShmException(ShmException.Reason.IO_ERROR, "cannot remove " + name + ": shmctl failed (errno " + -rc + ")");
            };
        }
    }

    private static String existing(int key) {
        for (Entry entry : table()) {
            if (entry.key() == key) {
                return " (id " + entry.id() + ", " + entry.size() + " bytes)";
            }
        }
        return "";
    }

    private static String limit(String name) {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/" + name)).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void requireCalls() {
        if (!SysvCalls.available()) {
            throw ShmException.failure("this system's C library has no System V shared memory calls (shmget, shmat)");
        }
    }

    /** "0600". */
    public static String octal(int bits) {
        String digits = Integer.toOctalString(bits);
        return "0".repeat(Math.max(0, 4 - digits.length())) + digits;
    }
}
