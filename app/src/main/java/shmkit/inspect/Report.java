package shmkit.inspect;

import shmkit.text.Json;

import shmkit.text.SafeText;

import java.io.IOException;
import java.nio.file.Path;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shmkit.ShmException;
import shmkit.segment.Residency;
import shmkit.segment.SegmentName;

/**
 * Everything shm can tell about one segment: its stat facts, the file system it lives on, every
 * process that maps it (with the ranges and permissions), the locks on it, and what looks risky.
 * Gathered first, then shown as text for people or JSON for programs from the same values.
 *
 * @param used     whether the allocated bytes were measured (--no-used leaves them out)
 * @param mount    the file system holding it, or null when /proc/self/mountinfo does not say
 * @param devShm   whether it is a POSIX shared memory object (a bare name in /dev/shm), which C
 *                 and Python open by name
 * @param hidden   processes whose maps could not be read (other users'), which may map it too
 * @param pages    residency, when asked for (--pages), else null
 */
public record Report(SegmentName name, SegmentFacts facts, boolean used, Mounts.Mount mount, boolean devShm, List<Mapper> mappers,
                     int hidden, List<HeldLock> locks, List<String> warnings, Residency pages) {
    /** One process that maps the segment, with each of its mappings of it. */
    public record Mapper(long pid, String command, List<Mapping> mappings) {}

    /**
     * Looks at the segment and at every process; the segment itself is not opened. With {@code used},
     * also the bytes allocated to it (statx through the FFM linker: most of the run's time).
     */
    public static Report gather(SegmentName name, boolean used, Proc proc) {
        shmkit.segment.Segments.requireSegment(name);
        SegmentFacts facts = SegmentFacts.statOrNull(name.path());
        if (facts == null || !facts.regular()) {
            throw ShmException.failure(name + " changed while being looked at; try again");
        }
        if (used) {
            try (Native.Statx statx = new Native.Statx()) {
                facts = facts.withAllocated(statx.allocated(name.path(), facts.id()));
            }
        }
        Path real = realPath(name.path());
        Mounts.Mount mount = Mounts.find(proc.mounts(), real);
        // Whether C's shm_open("/NAME") reaches it: only in the POSIX folder, wherever SHM_DIR points.
        boolean devShm = name.named() && shmkit.segment.ShmDir.POSIX.equals(real.getParent());

        MapScan scan = proc.scanMaps(List.of(facts.id()));
        Map<Long, List<Mapping>> byPid = new LinkedHashMap<>();
        for (Mapping mapping : scan.of(facts.id())) {
            List<Mapping> mine = byPid.get(mapping.pid());
            if (mine == null) {
                mine = new ArrayList<>();
                byPid.put(mapping.pid(), mine);
            }
            mine.add(mapping);
        }
        List<Mapper> mappers = new ArrayList<>();
        for (long pid : scan.pids(facts.id())) {
            String command = proc.commandLine(pid);
            mappers.add(new Mapper(pid, command == null ? "(exited)" : command, byPid.get(pid)));
        }
        List<HeldLock> locks = proc.locks(List.of(facts.id()));
        return new Report(name, facts, used, mount, devShm, mappers, scan.hidden(), locks,
                warnings(name, facts, proc.effectiveUid()), null);
    }

    public Report withPages(Residency residency) {
        return new Report(name, facts, used, mount, devShm, mappers, hidden, locks, warnings, residency);
    }

    /** The folders resolved (so /dev/shm seen through a link is still /dev/shm); the file itself never followed. */
    private static Path realPath(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        try {
            return parent == null ? absolute : parent.toRealPath().resolve(absolute.getFileName());
        } catch (IOException e) {
            return absolute;
        }
    }

    private static List<String> warnings(SegmentName name, SegmentFacts facts, int myUid) {
        List<String> warnings = new ArrayList<>();
        if (facts.othersCanRead() || facts.othersCanWrite()) {
            String what = facts.othersCanRead() && facts.othersCanWrite() ? "read and change"
                    : facts.othersCanRead() ? "read" : "change";
            warnings.add("every user on this machine can " + what + " " + name + " (mode " + facts.octalMode()
                    + "); 'chmod o-rw " + facts.path() + "' closes it");
        }
        if (myUid >= 0 && facts.uid() != myUid) {
            warnings.add(name + " is owned by another user: " + facts.owner() + " (uid " + facts.uid() + ")");
        }
        return warnings;
    }

    /** "tmpfs", "ext4", ... or null when not known. */
    public String fileSystem() {
        return mount == null ? null : mount.type();
    }

    /** Whether the data lives on a disk (a file system that is not in memory). */
    public boolean fileBacked() {
        return mount != null && !mount.inMemory();
    }

    private String kindLine() {
        if (mount == null) {
            return "a regular file (its file system is not known)";
        }
        String where = "mounted at " + mount.mountPoint();
        if (mount.inMemory()) {
            return (devShm ? "POSIX shared memory object on " : "a file on ") + mount.type() + " (" + where
                    + "): held in memory, gone at reboot";
        }
        return "a regular file on " + mount.type() + " (" + SafeText.line(mount.source()) + ", " + where
                + "): file-backed, its pages are written back to the disk";
    }

    /** The report for people. */
    public String text(ZoneRules zone, int width, boolean color) {
        StringBuilder out = new StringBuilder();
        row(out, "path", SafeText.line(facts.path().toString()));
        row(out, "kind", kindLine());
        if (devShm) {
            row(out, "open as", "shm_open(\"/" + SafeText.line(name.arg()) + "\") in C, SharedMemory(name=\""
                    + SafeText.line(name.arg()) + "\") in Python");
        }
        row(out, "size", Sizes.both(facts.size()));
        if (used) {
            row(out, "allocated", facts.allocated() < 0 ? "not known (statx is not available)" : Sizes.both(facts.allocated()));
        }
        row(out, "mode", facts.octalMode() + " " + facts.permissions());
        row(out, "owner", SafeText.line(facts.owner()) + " (uid " + facts.uid() + "), group "
                + SafeText.line(facts.group()) + " (gid " + facts.gid() + ")");
        row(out, "inode", facts.id().inode() + " on device " + facts.id().device());
        row(out, "modified", Printable.second(facts.modified(), zone));
        mappedBy(out, mappers, hidden, "file bytes");
        locks(out, locks);
        if (pages != null) {
            out.append(PagePicture.render(pages, width, color));
        }
        for (String warning : warnings) {
            out.append("warning: ").append(SafeText.line(warning)).append('\n');
        }
        return out.toString();
    }

    static void row(StringBuilder out, String label, String value) {
        out.append(Printable.left(label, 10)).append(' ').append(value).append('\n');
    }

    static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** "mapped by" and a line per mapping under each process; {@code bytes} names what the offsets count. */
    static void mappedBy(StringBuilder out, List<Mapper> mappers, int hidden, String bytes) {
        String mapped = mappers.isEmpty() ? "no process" : count(mappers.size(), "process", "processes");
        if (hidden > 0) {
            mapped += "; " + count(hidden, "process", "processes") + " could not be checked (maps not readable)";
        }
        row(out, "mapped by", mapped);
        for (Mapper mapper : mappers) {
            out.append("  pid ").append(Printable.left(Long.toString(mapper.pid()), 7)).append(' ')
                    .append(SafeText.line(mapper.command())).append('\n');
            for (Mapping m : mapper.mappings()) {
                out.append("              ").append(m.perms()).append(" 0x").append(Long.toHexString(m.start()))
                        .append("-0x").append(Long.toHexString(m.end())).append("  ").append(bytes).append(' ')
                        .append(m.offset()).append('-').append(m.fileEnd() - 1).append(" (").append(Sizes.human(m.length()))
                        .append(")\n");
            }
        }
    }

    /** "locks" and a line per record lock. */
    static void locks(StringBuilder out, List<HeldLock> locks) {
        row(out, "locks", locks.isEmpty() ? "none" : count(locks.size(), "lock", "locks"));
        for (HeldLock lock : locks) {
            out.append("  ").append(lock.pid() < 0 ? "(open file description)" : "pid " + lock.pid()).append(' ')
                    .append(lock.type()).append(' ').append(lock.access()).append(' ').append(lock.range())
                    .append(lock.waiting() ? " (waiting for it)" : "").append('\n');
        }
    }

    /** The same facts for programs: exact numbers, addresses as hex strings (beyond what a double holds). */
    public String json() {
        Json json = new Json(new StringBuilder());
        json.beginObject()
                .field("name", name.arg())
                .field("path", facts.path().toString())
                .field("kind", mount == null ? "unknown" : mount.inMemory() ? "memory" : "file")
                .field("fileSystem", fileSystem())
                .field("mountPoint", mount == null ? null : mount.mountPoint().toString())
                .field("fileBacked", fileBacked());
        if (devShm) {
            json.field("shmOpenName", "/" + name.arg()).field("pythonName", name.arg());
        }
        json.field("size", facts.size())
                .fieldOrNull("allocated", facts.allocated())
                .field("mode", facts.octalMode())
                .field("permissions", facts.permissions())
                .field("owner", facts.owner())
                .field("uid", facts.uid())
                .field("group", facts.group())
                .field("gid", facts.gid())
                .field("inode", facts.id().inode())
                .field("device", facts.id().device())
                .field("modified", Printable.utc(facts.modified()))
                .field("hiddenProcesses", hidden);
        writeUse(json, mappers, locks, pages);
        json.name("warnings").beginArray();
        for (String warning : warnings) {
            json.value(warning);
        }
        return json.endArray().endObject().toString() + "\n";
    }

    /** What both reports' JSON says of a segment's use: "mappers", "locks" and (with --pages) "pages". */
    static void writeUse(Json json, List<Mapper> mappers, List<HeldLock> locks, Residency pages) {
        json.name("mappers").beginArray();
        for (Mapper mapper : mappers) {
            json.beginObject().field("pid", mapper.pid()).field("command", mapper.command()).name("mappings").beginArray();
            for (Mapping m : mapper.mappings()) {
                json.beginObject()
                        .field("start", "0x" + Long.toHexString(m.start()))
                        .field("end", "0x" + Long.toHexString(m.end()))
                        .field("permissions", m.perms())
                        .field("offset", m.offset())
                        .field("length", m.length())
                        .endObject();
            }
            json.endArray().endObject();
        }
        json.endArray().name("locks").beginArray();
        for (HeldLock lock : locks) {
            json.beginObject().name("pid");
            if (lock.pid() < 0) {
                json.nullValue();
            } else {
                json.value(lock.pid());
            }
            json.field("type", lock.type()).field("access", lock.access()).field("start", lock.start())
                    .fieldOrNull("end", lock.end()).field("waiting", lock.waiting()).endObject();
        }
        json.endArray();
        if (pages != null) {
            json.name("pages").beginObject()
                    .field("pageSize", pages.pageSize())
                    .field("total", pages.pages())
                    .field("resident", pages.resident())
                    .field("pagesPerCell", pages.pagesPerCell())
                    .name("cells").beginArray();
            for (int cell : pages.cells()) {
                json.value(cell);
            }
            json.endArray().endObject();
        }
    }
}
