package shmkit.inspect;

import static shmkit.inspect.AllMemory.epoch;
import static shmkit.inspect.Report.count;
import static shmkit.inspect.Report.row;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shmkit.ShmException;
import shmkit.segment.ProcessMemory;
import shmkit.segment.ProcessMemory.HeldFd;
import shmkit.segment.ProcessMemory.MapLine;
import shmkit.segment.Residency;
import shmkit.segment.SegmentName;
import shmkit.segment.Sysv;
import shmkit.text.Json;
import shmkit.text.SafeText;
import shmkit.text.Words;

/**
 * What {@code info} tells of shared memory that is not a file in a folder: a System V segment (every
 * field of {@code ipcs -m -p -t}), a memfd, or a process's shared mapping. Like {@link Report}:
 * what it is and how shm reaches it, size, mode and owner where it has them, the processes that
 * map it (and, for a memfd, hold it open), its locks, and whether this user may write it.
 *
 * @param word      the kind as list --kind names it: sysv, memfd, anon, or file (a file a process holds)
 * @param kind      what it is, for people: "System V shared memory segment (shmget)", ...
 * @param reached   how shm opens it: a /proc link, or shmat
 * @param mode      permission bits, or -1 when it has none (an anonymous block)
 * @param sysv      the kernel's entry for a System V segment, else null
 * @param memfd     a memfd's name, else null
 * @param holders   descriptors that hold a memfd open
 * @param writable  whether this user may write it; {@code why} says why (not)
 */
public record KindReport(SegmentName name, String word, String kind, String reached, long size, int mode, int uid, int gid,
                         Sysv.Entry sysv, String memfd, List<HeldFd> holders, List<Report.Mapper> mappers, int hidden,
                         List<HeldLock> locks, boolean writable, String why, Residency pages) {

    /** Looks at what the name points to and at every process; nothing is opened or attached. */
    public static KindReport gather(SegmentName name, Proc proc) {
        SegmentName.Target target = ProcessMemory.resolve(name);
        // instanceof, not a switch of patterns, which spins a class at every start (docs/architecture.md)
        if (target instanceof SegmentName.SysvKey || target instanceof SegmentName.SysvId) {
            return sysv(name, proc);
        }
        if (target instanceof SegmentName.ProcessFd(long pid, int fd)) {
            return descriptor(name, pid, fd, proc);
        }
        if (target instanceof SegmentName.ProcessMapping(long pid, long address)) {
            return mapping(name, ProcessMemory.mappingAt(name, pid, address), proc);
        }
        throw new IllegalStateException("resolved above: " + target);
    }

    public KindReport withPages(Residency residency) {
        return new KindReport(name, word, kind, reached, size, mode, uid, gid, sysv, memfd, holders, mappers, hidden, locks,
                writable, why, residency);
    }

    private static KindReport sysv(SegmentName name, Proc proc) {
        Sysv.Entry e = Sysv.find(name);
        ProcessMemory.Scan scan = ProcessMemory.scan(false, ProcessHandle.current().pid());
        Map<Long, List<Mapping>> byPid = new LinkedHashMap<>();
        for (MapLine line : scan.mappings()) {
            if (line.kind() == SegmentName.Kind.SYSV && line.inode() == e.id()) {
                byPid.computeIfAbsent(line.pid(), k -> new ArrayList<>()).add(mapping(line));
            }
        }
        Ids me = Ids.self();
        String why;
        boolean writable;
        if (me.uid() == 0) {
            writable = true;
            why = "you are root (CAP_IPC_OWNER)";
        } else {
            int bits = me.uid() == e.uid() || me.uid() == e.cuid() ? e.permissions() >> 6
                    : me.inGroup(e.gid()) || me.inGroup(e.cgid()) ? e.permissions() >> 3 : e.permissions();
            writable = (bits & 2) != 0;
            why = "mode " + Sysv.octal(e.permissions()) + (writable ? " lets you" : " does not let you");
        }
        return new KindReport(name, "sysv", "System V shared memory segment (shmget): key " + e.keyText() + ", id " + e.id(),
                "attached with shmat (it has no file)", e.size(), e.permissions(), e.uid(), e.gid(), e, null, List.of(),
                mappers(byPid, proc), scan.hidden(), List.of(), writable, why, null);
    }

    private static KindReport descriptor(SegmentName name, long pid, int fd, Proc proc) {
        Path link = Path.of("/proc/" + pid + "/fd/" + fd);
        Map<String, Object> unix;
        String target;
        try {
            target = Files.readSymbolicLink(link).toString();
            unix = Files.readAttributes(link, "unix:size,mode,uid,gid,dev,ino,isRegularFile");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ShmException(ShmException.Reason.NOT_FOUND, Files.isDirectory(link.getParent().getParent())
                    ? "process " + pid + " has no fd " + fd + " (" + name + ")" : "no process " + pid + " (" + name + ")");
        } catch (IOException e) {
            throw new ShmException(ShmException.Reason.PERMISSION_DENIED, "cannot look at the open files of process " + pid
                    + ": only its owner or root may");
        }
        if (!(Boolean) unix.get("isRegularFile")) {
            throw new ShmException(ShmException.Reason.NOT_A_SEGMENT, "fd " + fd + " of process " + pid + " is "
                    + SafeText.quote(target) + ", not memory or a file");
        }
        FileId id = FileId.ofDev((Long) unix.get("dev"), (Long) unix.get("ino"));
        String memfd = target.startsWith("/memfd:") && target.endsWith(" (deleted)")
                ? target.substring(7, target.length() - 10) : null;
        List<HeldFd> holders = new ArrayList<>();
        if (memfd != null) {
            for (HeldFd held : ProcessMemory.scan(true, ProcessHandle.current().pid()).fds()) {
                if (held.inode() == id.inode() && FileId.ofDev(held.dev(), held.inode()).equals(id)) {
                    holders.add(held);
                }
            }
        }
        String kind = memfd != null ? "memfd " + SafeText.quote(memfd) + " (memfd_create), open in process " + pid + " as fd " + fd
                : "file " + SafeText.quote(target) + ", open in process " + pid + " as fd " + fd;
        return file(name, memfd != null ? "memfd" : "file", kind, "through " + link, (Long) unix.get("size"), (Integer) unix.get("mode") & 07777,
                (Integer) unix.get("uid"), (Integer) unix.get("gid"), memfd, holders, id, link, proc);
    }

    private static KindReport mapping(SegmentName name, MapLine line, Proc proc) {
        FileId id = new FileId(line.major(), line.minor(), line.inode());
        Path link = line.mapFile();
        long size = line.offset() + line.length();
        int mode = -1;
        int uid = Processes.uid(line.pid());
        int gid = -1;
        boolean reachable = true;
        try {
            Map<String, Object> unix = Files.readAttributes(link, "unix:size,mode,uid,gid");
            size = (Long) unix.get("size");
            uid = (Integer) unix.get("uid");
            gid = (Integer) unix.get("gid");
            if (line.kind() != SegmentName.Kind.MAPPING) {
                mode = (Integer) unix.get("mode") & 07777;
            }
        } catch (IOException | RuntimeException e) {
            reachable = false; // map_files is for CAP_SYS_ADMIN only: the facts come from maps alone
        }
        String memfd = line.memfdName();
        // Compared, not switched on: a null kind is a file's mapping, and 'case null' makes a switch
        // bootstrap a class at run time (SwitchBootstraps, ColdStartTest).
        SegmentName.Kind of = line.kind();
        String kind = of == SegmentName.Kind.MAPPING
                ? "anonymous shared mapping (mmap MAP_SHARED|MAP_ANONYMOUS): no name and no file; the "
                        + "processes that inherited it across fork share it"
                : of == SegmentName.Kind.MEMFD ? "memfd " + SafeText.quote(memfd) + " (memfd_create), mapped by process " + line.pid()
                : of == SegmentName.Kind.SYSV ? "System V segment attached by process " + line.pid() + " (its name: sysv:id:" + line.inode() + ")"
                : "shared mapping of " + SafeText.quote(line.path()) + " in process " + line.pid();
        List<HeldFd> holders = new ArrayList<>();
        if (memfd != null) {
            for (HeldFd held : ProcessMemory.scan(true, ProcessHandle.current().pid()).fds()) {
                if (held.maps(line)) {
                    holders.add(held);
                }
            }
        }
        String word = line.kind() == null ? "file" : line.kind().word();
        KindReport report = file(name, word, kind, "through " + link + (line.offset() == 0 ? ""
                : " (the mapping starts at byte " + line.offset() + " of it)"), size, mode, uid, gid, memfd, holders, id, link, proc);
        if (!reachable) {
            return new KindReport(name, word, kind, report.reached(), size, mode, uid, gid, null, memfd, holders, report.mappers(),
                    report.hidden(), report.locks(), false, "only CAP_SYS_ADMIN (or CAP_CHECKPOINT_RESTORE) may open "
                    + link.getParent() + ", even the process's owner: run shm as root", null);
        }
        return report;
    }

    /** The facts of a file reached through a /proc link: mappers and locks found by its identity. */
    private static KindReport file(SegmentName name, String word, String kind, String reached, long size, int mode, int uid, int gid,
                                   String memfd, List<HeldFd> holders, FileId id, Path link, Proc proc) {
        MapScan scan = proc.scanMaps(List.of(id));
        Map<Long, List<Mapping>> byPid = new LinkedHashMap<>();
        for (Mapping mapping : scan.of(id)) {
            byPid.computeIfAbsent(mapping.pid(), k -> new ArrayList<>()).add(mapping);
        }
        boolean writable = Files.isWritable(link);
        String why = writable ? "its file opens for writing" : "its file does not open for writing (mode "
                + (mode < 0 ? "unknown" : Sysv.octal(mode)) + ")";
        return new KindReport(name, word, kind, reached, size, mode, uid, gid, null, memfd, holders, mappers(byPid, proc),
                scan.hidden(), proc.locks(List.of(id)), writable, why, null);
    }

    private static Mapping mapping(MapLine line) {
        return new Mapping(line.pid(), line.start(), line.end(), line.perms(), line.offset(),
                new FileId(line.major(), line.minor(), line.inode()), line.path(), line.path().endsWith(" (deleted)"));
    }

    private static List<Report.Mapper> mappers(Map<Long, List<Mapping>> byPid, Proc proc) {
        List<Report.Mapper> mappers = new ArrayList<>();
        byPid.keySet().stream().sorted().forEach(pid -> {
            String command = proc.commandLine(pid);
            mappers.add(new Report.Mapper(pid, command == null ? "(exited)" : command, byPid.get(pid)));
        });
        return mappers;
    }

    // ---- for people ------------------------------------------------------------------------------

    public String text(ZoneRules zone, int width, boolean color) {
        StringBuilder out = new StringBuilder();
        row(out, "name", SafeText.line(name.arg()));
        row(out, "kind", kind);
        row(out, "reached", reached);
        row(out, "size", Sizes.both(size));
        if (mode >= 0) {
            row(out, "mode", Sysv.octal(mode) + " " + Modes.rwx(mode));
        }
        String owner = SafeText.line(Accounts.user(uid)) + " (uid " + uid + ")"
                + (gid < 0 ? "" : ", group " + SafeText.line(Accounts.group(gid)) + " (gid " + gid + ")");
        if (sysv != null) {
            owner += "; created by " + SafeText.line(Accounts.user(sysv.cuid())) + " (uid " + sysv.cuid() + "), group "
                    + SafeText.line(Accounts.group(sysv.cgid())) + " (gid " + sysv.cgid() + ")";
        }
        row(out, "owner", owner);
        if (sysv != null) {
            row(out, "status", sysv.markedForRemoval() ? "marked for removal (dest): it goes when the last process detaches"
                    : sysv.locked() ? "locked in memory (SHM_LOCK)" : "in use");
            row(out, "attached", count(sysv.nattch(), "process", "processes") + " (nattch); created by pid " + sysv.cpid()
                    + ", last shmat/shmdt by pid " + sysv.lpid());
            row(out, "times", "attached " + when(sysv.atime(), zone) + ", detached " + when(sysv.dtime(), zone)
                    + ", changed " + when(sysv.ctime(), zone));
            if (sysv.rss() >= 0) {
                row(out, "memory", Sizes.human(sysv.rss()) + " resident, " + Sizes.human(Math.max(0, sysv.swap())) + " in swap");
            }
        }
        if (!holders.isEmpty()) {
            List<String> held = new ArrayList<>();
            for (HeldFd fd : holders) {
                held.add("pid " + fd.pid() + " fd " + fd.fd());
            }
            row(out, "held by", String.join(", ", held));
        }
        row(out, "writable", (writable ? "yes: " : "no: ") + why + (writable
                ? "; shm write changes what every process that maps it sees (read, dump, watch and info never write)" : ""));
        Report.mappedBy(out, mappers, hidden, "bytes");
        if (sysv == null) {
            Report.locks(out, locks);
        }
        if (pages != null) {
            out.append(PagePicture.render(pages, width, color));
        }
        return out.toString();
    }

    private static String when(long seconds, ZoneRules zone) {
        return seconds == 0 ? "never" : Printable.second(Instant.ofEpochSecond(seconds), zone);
    }

    // ---- for programs ----------------------------------------------------------------------------

    public String json() {
        Json json = new Json(new StringBuilder());
        json.beginObject()
                .field("name", name.arg())
                .field("kind", word)
                .field("description", kind)
                .field("reached", reached)
                .field("size", size)
                .field("mode", mode < 0 ? null : Sysv.octal(mode))
                .field("permissions", mode < 0 ? null : Modes.rwx(mode))
                .field("owner", Accounts.user(uid))
                .field("uid", uid);
        if (gid >= 0) {
            json.field("group", Accounts.group(gid)).field("gid", gid);
        }
        if (memfd != null) {
            json.field("memfd", memfd);
        }
        if (sysv != null) {
            json.field("key", sysv.keyText()).field("id", sysv.id()).field("creatorUid", sysv.cuid())
                    .field("creatorGid", sysv.cgid()).field("nattch", sysv.nattch())
                    .field("markedForRemoval", sysv.markedForRemoval()).field("locked", sysv.locked())
                    .field("cpid", sysv.cpid()).field("lpid", sysv.lpid());
            epoch(json, "attached", sysv.atime());
            epoch(json, "detached", sysv.dtime());
            epoch(json, "changed", sysv.ctime());
            json.fieldOrNull("rss", sysv.rss()).fieldOrNull("swap", sysv.swap());
        }
        json.name("heldBy").beginArray();
        for (HeldFd fd : holders) {
            json.beginObject().field("pid", fd.pid()).field("fd", fd.fd()).endObject();
        }
        json.endArray().field("writable", writable).field("writableWhy", why).field("hiddenProcesses", hidden);
        Report.writeUse(json, mappers, locks, pages);
        return json.endObject().toString() + "\n";
    }

    /** Our effective uid and groups, from /proc/self/status, for "may I write it". */
    private record Ids(int uid, List<Integer> groups) {
        static Ids self() {
            int uid = -1;
            List<Integer> groups = new ArrayList<>();
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                    String[] f = Words.of(line);
                    if (line.startsWith("Uid:") && f.length > 2) {
                        uid = Integer.parseInt(f[2]);
                    } else if (line.startsWith("Gid:") && f.length > 2) {
                        groups.add(Integer.parseInt(f[2]));
                    } else if (line.startsWith("Groups:")) {
                        for (int i = 1; i < f.length; i++) {
                            groups.add(Integer.parseInt(f[i]));
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // unknown: nobody's groups
            }
            return new Ids(uid, groups);
        }

        boolean inGroup(int gid) {
            return groups.contains(gid);
        }
    }
}
