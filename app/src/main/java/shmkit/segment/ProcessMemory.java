package shmkit.segment;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import shmkit.ShmException;
import shmkit.text.SafeText;

/**
 * Shared memory that lives in running processes: a memfd a process holds open (reached through
 * /proc/PID/fd/N), and any shared mapping, the anonymous block a {@code fork} shares above all
 * (reached through /proc/PID/map_files/START-END). Both links open the very file the process holds,
 * so everything shm does with a file works on them. Also finds them: the memfds held by every
 * process (for {@code memfd:NAME} and {@code list}) and the shared mappings of shmem objects.
 *
 * <p>Who may: a process's descriptors and maps are open to its owner and root (ptrace's "read"
 * check). Following a map_files link takes more: the kernel asks for CAP_SYS_ADMIN (since Linux
 * 5.9, or CAP_CHECKPOINT_RESTORE), whoever owns the process.
 */
public final class ProcessMemory {
    /** The /proc this reads; the kernel's, always (tests give their own text to the parsers). */
    private static final Path PROC = Path.of("/proc");

    private ProcessMemory() {}

    /** One line of /proc/PID/maps: a mapping, with the file it maps as the kernel names it. */
    public record MapLine(long pid, long start, long end, String perms, long offset, int major, int minor, long inode,
                          String path) {
        public boolean shared() {
            return perms.length() >= 4 && perms.charAt(3) == 's';
        }

        public long length() {
            return end - start;
        }

        /** Which kind of shared memory it maps: MEMFD, MAPPING (anonymous), SYSV, or null for anything else. */
        public SegmentName.Kind kind() {
            if (!shared()) {
                return null;
            }
            if (path.startsWith("/memfd:") && path.endsWith(DELETED)) {
                return SegmentName.Kind.MEMFD;
            }
            if (path.equals("/dev/zero" + DELETED) || path.startsWith("[anon_shmem:")) {
                return SegmentName.Kind.MAPPING;
            }
            if (path.startsWith("/SYSV") && path.endsWith(DELETED)) {
                return SegmentName.Kind.SYSV;
            }
            return null;
        }

        /** The memfd's name, for a mapping of one. */
        public String memfdName() {
            return memfdOf(path);
        }

        /** shm's name for what is mapped here: pid:PID@0xSTART. */
        public String name() {
            return "pid:" + pid + "@0x" + Long.toHexString(start);
        }

        /** The entry of /proc/PID/map_files that opens it. */
        public Path mapFile() {
            return PROC.resolve(pid + "/map_files/" + Long.toHexString(start) + "-" + Long.toHexString(end));
        }
    }

    /**
     * A memfd a process holds open as descriptor {@code fd}, with its stat: size, permission bits,
     * owner, and identity (st_dev as the kernel encodes it, and the inode).
     */
    public record HeldFd(long pid, int fd, String memfd, long size, int mode, int uid, int gid, long dev, long inode) {
        /** shm's name for it: pid:PID:fd:N. */
        public String name() {
            return "pid:" + pid + ":fd:" + fd;
        }

        /** Whether {@code line} maps this very memfd (same device and inode; st_dev split as glibc's major/minor do). */
        public boolean maps(MapLine line) {
            long major = (dev >>> 8 & 0xfffL) | (dev >>> 32 & 0xfffff000L);
            long minor = (dev & 0xffL) | (dev >>> 12 & 0xffffff00L);
            return inode == line.inode() && major == line.major() && minor == line.minor();
        }
    }

    /**
     * What one pass over /proc found: the memfds processes hold, the shared mappings of shmem
     * objects (memfd, anonymous, System V), and how many processes could not be read (others').
     */
    public record Scan(List<HeldFd> fds, List<MapLine> mappings, int processes, int hidden) {}

    private static final String DELETED = " (deleted)";

    /**
     * Reads every process's maps (and, with {@code fds}, its descriptors) once, keeping the shared
     * mappings of memfds, anonymous blocks and System V segments, and the memfds held open. Our own
     * process is left out, as everywhere in shm.
     */
    public static Scan scan(boolean fds, long selfPid) {
        List<HeldFd> held = new ArrayList<>();
        List<MapLine> mappings = new ArrayList<>();
        int processes = 0;
        int hidden = 0;
        for (long pid : pids()) {
            if (pid == selfPid) {
                continue;
            }
            String maps;
            try {
                maps = Files.readString(PROC.resolve(pid + "/maps"), StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                if (Files.exists(PROC.resolve(Long.toString(pid)))) {
                    hidden++;
                }
                continue;
            }
            processes++;
            for (MapLine line : parseMaps(pid, maps)) {
                if (line.kind() != null) {
                    mappings.add(line);
                }
            }
            if (fds) {
                held.addAll(memfds(pid));
            }
        }
        return new Scan(held, mappings, processes, hidden);
    }

    /** The processes under /proc, in pid order. */
    static List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.isEmpty() && name.length() < 19 && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    pids.add(Long.parseLong(name));
                }
            }
        } catch (IOException e) {
            throw Segments.failure("cannot list the processes in " + PROC, e);
        }
        pids.sort(null);
        return pids;
    }

    /** The memfds process {@code pid} holds open, in descriptor order; none when its descriptors cannot be read. */
    static List<HeldFd> memfds(long pid) {
        List<HeldFd> found = new ArrayList<>();
        Path dir = PROC.resolve(pid + "/fd");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String memfd;
                try {
                    memfd = memfdOf(Files.readSymbolicLink(entry).toString());
                } catch (IOException e) {
                    continue; // closed meanwhile
                }
                if (memfd == null) {
                    continue;
                }
                try {
                    Map<String, Object> unix = Files.readAttributes(entry, "unix:size,mode,uid,gid,dev,ino");
                    found.add(new HeldFd(pid, Integer.parseInt(entry.getFileName().toString()), memfd,
                            (Long) unix.get("size"), (Integer) unix.get("mode") & 07777, (Integer) unix.get("uid"),
                            (Integer) unix.get("gid"), (Long) unix.get("dev"), (Long) unix.get("ino")));
                } catch (IOException | RuntimeException e) {
                    // closed meanwhile, or not a number: not ours to show
                }
            }
        } catch (IOException e) {
            return found;
        }
        found.sort(Comparator.comparingInt(HeldFd::fd));
        return found;
    }

    /** "NAME" for a link or maps path "/memfd:NAME (deleted)", else null. */
    static String memfdOf(String target) {
        return target.startsWith("/memfd:") && target.endsWith(DELETED)
                ? target.substring("/memfd:".length(), target.length() - DELETED.length()) : null;
    }

    /** The lines of one maps file; lines not in the kernel's form are left out. */
    public static List<MapLine> parseMaps(long pid, String text) {
        List<MapLine> lines = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int to = text.indexOf('\n', from);
            if (to < 0) {
                to = text.length();
            }
            MapLine line = parseLine(pid, text, from, to);
            if (line != null) {
                lines.add(line);
            }
            from = to + 1;
        }
        return lines;
    }

    /** {@code 7f2162410000-7f2162411000 rw-s 00000000 00:01 3      /dev/zero (deleted)}, or null. */
    static MapLine parseLine(long pid, String text, int from, int to) {
        try {
            int dash = text.indexOf('-', from);
            int s1 = text.indexOf(' ', from);
            int s2 = text.indexOf(' ', s1 + 1);
            int s3 = text.indexOf(' ', s2 + 1);
            int s4 = text.indexOf(' ', s3 + 1);
            if (dash < 0 || s4 < 0 || s4 > to || dash > s1) {
                return null;
            }
            int colon = text.indexOf(':', s3);
            int s5 = text.indexOf(' ', s4 + 1);
            int inodeEnd = s5 < 0 || s5 > to ? to : s5;
            int pathAt = inodeEnd;
            while (pathAt < to && text.charAt(pathAt) == ' ') {
                pathAt++;
            }
            return new MapLine(pid, Long.parseUnsignedLong(text, from, dash, 16),
                    Long.parseUnsignedLong(text, dash + 1, s1, 16), text.substring(s1 + 1, s2),
                    Long.parseUnsignedLong(text, s2 + 1, s3, 16), Integer.parseInt(text, s3 + 1, colon, 16),
                    Integer.parseInt(text, colon + 1, s4, 16), Long.parseLong(text, s4 + 1, inodeEnd, 10),
                    new String(text.substring(pathAt, to).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---- opening ---------------------------------------------------------------------------------

    /** Opens what a {@code pid:} or {@code memfd:} name points at, for reading or also for writing. */
    static FileBacking open(SegmentName name, boolean write) {
        // instanceof, not a switch of patterns: each such switch spins a class at run time (SwitchBootstraps),
        // milliseconds of a cold start that the AOT cache cannot keep.
        SegmentName.Target target = name.target();
        if (target instanceof SegmentName.ProcessFd(long pid, int fd)) {
            return openFd(name, pid, fd, write, "");
        }
        if (target instanceof SegmentName.ProcessMapping(long pid, long address)) {
            return openMapping(name, mappingAt(name, pid, address), write, "");
        }
        if (target instanceof SegmentName.Memfd) {
            return openMemfd(name, write);
        }
        throw new IllegalArgumentException(name + " is not a process's memory");
    }

    private static FileBacking openFd(SegmentName name, long pid, int fd, boolean write, String shown) {
        requireProcess(name, pid);
        Path link = PROC.resolve(pid + "/fd/" + fd);
        PosixFileAttributes attrs;
        try {
            attrs = Files.readAttributes(link, PosixFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new ShmException(ShmException.Reason.NOT_FOUND, (FileBacking.exited(pid) ? "process " + pid + " exited"
                    : "process " + pid + " has no fd " + fd) + " (" + name + ")");
        } catch (IOException e) {
            throw refused(name, pid, "its open files", e);
        }
        if (!attrs.isRegularFile()) {
            throw new ShmException(ShmException.Reason.NOT_A_SEGMENT, "fd " + fd + " of process " + pid + " is "
                    + SafeText.quote(linkText(link)) + ", not memory or a file");
        }
        FileChannel channel = openLink(name, link, write, attrs);
        return new FileBacking(channel, link, true, attrs.fileKey(), new FileBacking.Holder(pid, fd, 0, shown));
    }

    private static FileBacking openMapping(SegmentName name, MapLine line, boolean write, String shown) {
        Path link = line.mapFile();
        PosixFileAttributes attrs;
        try {
            attrs = Files.readAttributes(link, PosixFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new ShmException(ShmException.Reason.NOT_FOUND, "process " + line.pid() + " no longer maps 0x"
                    + Long.toHexString(line.start()) + " (" + name + ")");
        } catch (IOException e) {
            throw mapFilesRefused(name, line, e);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(link, write ? Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : Set.of(StandardOpenOption.READ));
        } catch (AccessDeniedException e) {
            throw denied(name, link, write, attrs);
        } catch (IOException e) {
            throw mapFilesRefused(name, line, e);
        }
        return new FileBacking(channel, link, true, attrs.fileKey(),
                new FileBacking.Holder(line.pid(), -1, line.start(), shown));
    }

    /**
     * Where a {@code memfd:NAME} points now: a descriptor that holds it ({@link SegmentName.ProcessFd},
     * the lowest pid and fd), else a mapping of it ({@link SegmentName.ProcessMapping}) when every
     * descriptor was closed. Found among the processes we may look at. Two different memfds of the
     * same name (two Wayland clients' "wl_shm") are refused, naming each: a name must reach one thing.
     */
    public static SegmentName.Target resolve(SegmentName name) {
        if (!(name.target() instanceof SegmentName.Memfd(String memfd))) {
            return name.target();
        }
        Scan scan = scan(true, ProcessHandle.current().pid());
        Set<String> objects = new LinkedHashSet<>();
        HeldFd first = null;
        List<String> holders = new ArrayList<>();
        for (HeldFd fd : scan.fds()) {
            if (fd.memfd().equals(memfd)) {
                if (objects.add(fd.dev() + ":" + fd.inode())) {
                    holders.add(fd.name());
                }
                first = first == null ? fd : first;
            }
        }
        MapLine mapped = null;
        if (first == null) {
            for (MapLine line : scan.mappings()) {
                if (memfd.equals(line.memfdName())) {
                    if (objects.add(line.major() + ":" + line.minor() + ":" + line.inode())) {
                        holders.add(line.name());
                    }
                    mapped = mapped == null ? line : mapped;
                }
            }
        }
        if (objects.size() > 1) {
            throw new ShmException(ShmException.Reason.BAD_VALUE, objects.size() + " memfds are named "
                    + SafeText.quote(memfd) + "; name one by its process: " + String.join(", ", holders.subList(0, Math.min(6, holders.size())))
                    + (holders.size() > 6 ? ", ..." : ""));
        }
        if (first != null) {
            return new SegmentName.ProcessFd(first.pid(), first.fd());
        }
        if (mapped != null) {
            return new SegmentName.ProcessMapping(mapped.pid(), mapped.start());
        }
        throw new ShmException(ShmException.Reason.NOT_FOUND, "no memfd named " + SafeText.quote(memfd) + " in any process"
                + (scan.hidden() > 0 ? " shm may look at (" + scan.hidden() + " processes of other users could not be read)" : "")
                + "; 'shm list --kind memfd' shows them");
    }

    private static FileBacking openMemfd(SegmentName name, boolean write) {
        SegmentName.Target target = resolve(name);
        if (target instanceof SegmentName.ProcessFd(long pid, int fd)) {
            return openFd(name, pid, fd, write, " (pid " + pid + " fd " + fd + ")");
        }
        if (target instanceof SegmentName.ProcessMapping(long pid, long address)) {
            return openMapping(name, mappingAt(name, pid, address), write, " (pid " + pid + " at 0x" + Long.toHexString(address) + ")");
        }
        throw new IllegalStateException("a memfd resolves to a descriptor or a mapping");
    }

    /** The shared mapping process {@code pid} has at {@code address}, which must be where it starts. */
    public static MapLine mappingAt(SegmentName name, long pid, long address) {
        requireProcess(name, pid);
        String maps;
        try {
            maps = Files.readString(PROC.resolve(pid + "/maps"), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new ShmException(ShmException.Reason.NOT_FOUND, "no process " + pid + " (" + name + ")");
        } catch (IOException e) {
            throw refused(name, pid, "its mappings", e);
        }
        for (MapLine line : parseMaps(pid, maps)) {
            if (address >= line.start() && address < line.end()) {
                if (address != line.start()) {
                    throw new ShmException(ShmException.Reason.BAD_VALUE, "0x" + Long.toHexString(address)
                            + " lies inside a mapping of process " + pid + "; name the mapping by its start: "
                            + line.name() + " (and reach the byte with --offset 0x" + Long.toHexString(address - line.start()) + ")");
                }
                if (!line.shared()) {
                    throw new ShmException(ShmException.Reason.NOT_A_SEGMENT, name + " is a private mapping ("
                            + line.perms() + (line.path().isEmpty() ? "" : " " + SafeText.quote(line.path()))
                            + "): its pages are process " + pid + "'s own copy, not shared memory");
                }
                if (line.inode() == 0 && line.major() == 0 && line.minor() == 0 && line.path().startsWith("[")) {
                    throw new ShmException(ShmException.Reason.NOT_A_SEGMENT, name + " maps " + SafeText.quote(line.path())
                            + ", which has no file to open");
                }
                return line;
            }
        }
        throw new ShmException(ShmException.Reason.NOT_FOUND, "process " + pid + " maps nothing at 0x"
                + Long.toHexString(address) + "; 'shm list --kind anon' shows the shared blocks of every process");
    }

    private static void requireProcess(SegmentName name, long pid) {
        if (!Files.isDirectory(PROC.resolve(Long.toString(pid)))) {
            throw new ShmException(ShmException.Reason.NOT_FOUND, "no process " + pid + " (" + name + ")");
        }
    }

    /** Opens a /proc link (which the kernel resolves to the file itself; followed on purpose). */
    private static FileChannel openLink(SegmentName name, Path link, boolean write, PosixFileAttributes attrs) {
        try {
            return FileChannel.open(link, write ? Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : Set.of(StandardOpenOption.READ));
        } catch (AccessDeniedException e) {
            throw denied(name, link, write, attrs);
        } catch (IOException e) {
            throw Segments.failure("cannot open " + name, e);
        }
    }

    private static ShmException denied(SegmentName name, Path link, boolean write, PosixFileAttributes attrs) {
        return new ShmException(ShmException.Reason.PERMISSION_DENIED, "permission denied opening " + name + " for "
                + (write ? "writing" : "reading") + " (" + link + ": mode " + PosixFilePermissions.toString(attrs.permissions())
                + ", owner " + attrs.owner().getName() + ")");
    }

    /** Looking at another user's process: its owner and root may (ptrace's read check); say so. */
    private static ShmException refused(SegmentName name, long pid, String what, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new ShmException(ShmException.Reason.NOT_FOUND, "no process " + pid + " (" + name + ")");
        }
        return new ShmException(ShmException.Reason.PERMISSION_DENIED, "cannot look at " + what + " of process " + pid
                + " (" + Segments.reason(e) + "): only its owner or root may");
    }

    /**
     * The kernel follows a map_files link only for CAP_SYS_ADMIN (or CAP_CHECKPOINT_RESTORE), even for
     * the owner of the process. Said plainly, with the way round it when the mapping is of a memfd
     * the process also holds open.
     */
    private static ShmException mapFilesRefused(SegmentName name, MapLine line, IOException e) {
        if (!(e instanceof AccessDeniedException || e instanceof FileSystemException fse && "Operation not permitted".equals(fse.getReason()))) {
            return Segments.failure("cannot open " + name + " (" + line.mapFile() + ")", e);
        }
        StringBuilder message = new StringBuilder("cannot open " + name + ": the kernel lets only CAP_SYS_ADMIN (or "
                + "CAP_CHECKPOINT_RESTORE) open a process's mappings through " + line.mapFile().getParent()
                + ", even its owner; run shm as root (sudo)");
        for (HeldFd fd : memfds(line.pid())) {
            if (fd.maps(line)) {
                message.append(", or reach its memfd through the descriptor, which needs no capability: ").append(fd.name());
                break;
            }
        }
        return new ShmException(ShmException.Reason.PERMISSION_DENIED, message.toString());
    }

    private static String linkText(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "not a regular file";
        }
    }
}
