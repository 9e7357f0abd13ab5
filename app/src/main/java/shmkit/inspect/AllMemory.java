package shmkit.inspect;

import java.time.Instant;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import shmkit.segment.ProcessMemory;
import shmkit.segment.ProcessMemory.HeldFd;
import shmkit.segment.ProcessMemory.MapLine;
import shmkit.segment.SegmentName.Kind;
import shmkit.segment.Sysv;
import shmkit.text.Json;
import shmkit.text.SafeText;

/**
 * The shared memory that is not a file in a folder: System V segments (what {@code ipcs -m -p -t}
 * shows, with the processes that attach each), the memfds processes hold open or map, and the
 * anonymous shared blocks ({@code MAP_SHARED|MAP_ANONYMOUS}) processes share across fork. One pass
 * over /proc finds them all; each comes with the name shm reaches it by. For {@code list --kind}.
 */
public final class AllMemory {
    /** A System V segment and the processes whose maps show it attached. */
    public record SysvSegment(Sysv.Entry entry, SortedSet<Long> pids) {}

    /**
     * A memfd: its name, stat facts (size -1 when only mapped and not to be looked at), the
     * descriptors that hold it, and the mappings of it. {@code name} is how shm reaches it.
     */
    public record Memfd(String memfd, String name, long size, int mode, int uid, List<HeldFd> holders,
                        List<MapLine> mappings) {
        public SortedSet<Long> pids() {
            SortedSet<Long> pids = new TreeSet<>();
            for (MapLine line : mappings) {
                pids.add(line.pid());
            }
            return pids;
        }
    }

    /** An anonymous shared block: every mapping of it (one per process that shares it), the owner of the first. */
    public record Block(String name, long size, int uid, List<MapLine> mappings) {
        public SortedSet<Long> pids() {
            SortedSet<Long> pids = new TreeSet<>();
            for (MapLine line : mappings) {
                pids.add(line.pid());
            }
            return pids;
        }
    }

    public record Result(List<SysvSegment> sysv, List<Memfd> memfds, List<Block> blocks, int processes, int hidden) {}

    private AllMemory() {}

    /** Gathers the kinds asked for ({@link Kind#SYSV}, {@link Kind#MEMFD}, {@link Kind#MAPPING}). */
    public static Result gather(Set<Kind> kinds, long selfPid) {
        ProcessMemory.Scan scan = ProcessMemory.scan(kinds.contains(Kind.MEMFD), selfPid);
        List<SysvSegment> sysv = new ArrayList<>();
        if (kinds.contains(Kind.SYSV)) {
            for (Sysv.Entry entry : Sysv.table()) {
                SortedSet<Long> pids = new TreeSet<>();
                for (MapLine line : scan.mappings()) {
                    if (line.kind() == Kind.SYSV && line.inode() == entry.id()) {
                        pids.add(line.pid());
                    }
                }
                sysv.add(new SysvSegment(entry, pids));
            }
            sysv.sort(Comparator.comparingInt((SysvSegment s) -> s.entry().id()));
        }
        List<Memfd> memfds = kinds.contains(Kind.MEMFD) ? memfds(scan) : List.of();
        List<Block> blocks = kinds.contains(Kind.MAPPING) ? blocks(scan) : List.of();
        return new Result(sysv, memfds, blocks, scan.processes(), scan.hidden());
    }

    /** Memfds by identity: those held open (named by their first holder), then those only mapped. */
    private static List<Memfd> memfds(ProcessMemory.Scan scan) {
        Map<String, List<HeldFd>> byObject = new LinkedHashMap<>();
        for (HeldFd fd : scan.fds()) {
            byObject.computeIfAbsent(fd.dev() + ":" + fd.inode(), k -> new ArrayList<>()).add(fd);
        }
        List<Memfd> memfds = new ArrayList<>();
        List<MapLine> claimed = new ArrayList<>();
        for (List<HeldFd> holders : byObject.values()) {
            HeldFd first = holders.get(0);
            List<MapLine> mappings = new ArrayList<>();
            for (MapLine line : scan.mappings()) {
                if (line.kind() == Kind.MEMFD && first.maps(line)) {
                    mappings.add(line);
                }
            }
            claimed.addAll(mappings);
            memfds.add(new Memfd(first.memfd(), first.name(), first.size(), first.mode(), first.uid(), holders, mappings));
        }
        Map<String, List<MapLine>> onlyMapped = new LinkedHashMap<>();
        for (MapLine line : scan.mappings()) {
            if (line.kind() == Kind.MEMFD && !claimed.contains(line)) {
                onlyMapped.computeIfAbsent(line.major() + ":" + line.minor() + ":" + line.inode(), k -> new ArrayList<>()).add(line);
            }
        }
        for (List<MapLine> mappings : onlyMapped.values()) {
            MapLine first = mappings.get(0);
            long extent = 0;
            for (MapLine line : mappings) {
                extent = Math.max(extent, line.offset() + line.length());
            }
            memfds.add(new Memfd(first.memfdName(), first.name(), extent, -1, Processes.uid(first.pid()), List.of(), mappings));
        }
        memfds.sort(Comparator.comparing(Memfd::memfd).thenComparing(Memfd::name));
        return memfds;
    }

    /** Anonymous shared blocks by identity: one per object, however many processes share it. */
    private static List<Block> blocks(ProcessMemory.Scan scan) {
        Map<String, List<MapLine>> byObject = new LinkedHashMap<>();
        for (MapLine line : scan.mappings()) {
            if (line.kind() == Kind.MAPPING) {
                byObject.computeIfAbsent(line.major() + ":" + line.minor() + ":" + line.inode(), k -> new ArrayList<>()).add(line);
            }
        }
        List<Block> blocks = new ArrayList<>();
        for (List<MapLine> mappings : byObject.values()) {
            MapLine first = mappings.get(0); // the lowest pid: the scan goes in pid order
            long size = 0;
            for (MapLine line : mappings) {
                size = Math.max(size, line.offset() + line.length());
            }
            blocks.add(new Block(first.name(), size, Processes.uid(first.pid()), mappings));
        }
        return blocks;
    }

    // ---- for people ------------------------------------------------------------------------------

    /** One table a kind, each under its heading when {@code headings}: the columns its users know. */
    public static String text(Result result, Set<Kind> kinds, boolean headings, ZoneRules zone) {
        StringBuilder out = new StringBuilder();
        if (kinds.contains(Kind.SYSV)) {
            section(out, headings, "System V segments (shmget)", result.sysv().isEmpty() ? null : sysvTable(result.sysv(), zone));
        }
        if (kinds.contains(Kind.MEMFD)) {
            section(out, headings, "memfds (memfd_create)", result.memfds().isEmpty() ? null : memfdTable(result.memfds()));
        }
        if (kinds.contains(Kind.MAPPING)) {
            section(out, headings, "anonymous shared mappings (mmap MAP_SHARED|MAP_ANONYMOUS, shared across fork)",
                    result.blocks().isEmpty() ? null : blockTable(result.blocks()));
        }
        return out.toString();
    }

    private static void section(StringBuilder out, boolean headings, String title, String table) {
        if (headings) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(title).append(table == null ? ": none\n" : "\n");
        }
        if (table != null) {
            out.append(table);
        }
    }

    private static String sysvTable(List<SysvSegment> segments, ZoneRules zone) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"KEY", "SHMID", "SIZE", "MODE", "OWNER", "NATTCH", "STATUS", "CPID", "LPID", "ATTACHED",
            "DETACHED", "CHANGED", "NAME"});
        for (SysvSegment segment : segments) {
            Sysv.Entry e = segment.entry();
            rows.add(new String[] {e.keyText(), Integer.toString(e.id()), Sizes.human(e.size()), Modes.rwx(e.permissions()),
                SafeText.line(Accounts.user(e.uid())), Long.toString(e.nattch()), status(e), Long.toString(e.cpid()),
                Long.toString(e.lpid()), time(e.atime(), zone), time(e.dtime(), zone), time(e.ctime(), zone), e.name()});
        }
        return table(rows, "lrrllrlrrllll");
    }

    /** ipcs's status column: "dest" when marked for removal, "locked" when SHM_LOCKed. */
    static String status(Sysv.Entry e) {
        String status = e.markedForRemoval() ? "dest" : "";
        if (e.locked()) {
            status = status.isEmpty() ? "locked" : status + ",locked";
        }
        return status.isEmpty() ? "-" : status;
    }

    private static String time(long seconds, ZoneRules zone) {
        return seconds == 0 ? "-" : Printable.minute(Instant.ofEpochSecond(seconds), zone);
    }

    private static String memfdTable(List<Memfd> memfds) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SIZE", "MODE", "OWNER", "MAPS", "HELD AS", "NAME"});
        for (Memfd memfd : memfds) {
            rows.add(new String[] {Sizes.human(memfd.size()), memfd.mode() < 0 ? "-" : Modes.rwx(memfd.mode()),
                SafeText.line(Accounts.user(memfd.uid())), Integer.toString(memfd.pids().size()), memfd.name(),
                "memfd:" + SafeText.line(memfd.memfd())});
        }
        return table(rows, "rllrll");
    }

    private static String blockTable(List<Block> blocks) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SIZE", "OWNER", "MAPS", "PIDS", "NAME"});
        for (Block block : blocks) {
            List<String> pids = new ArrayList<>();
            for (long pid : block.pids()) {
                pids.add(Long.toString(pid));
            }
            String shown = String.join(",", pids.size() > 8 ? pids.subList(0, 8) : pids) + (pids.size() > 8 ? ",..." : "");
            rows.add(new String[] {Sizes.human(block.size()), SafeText.line(Accounts.user(block.uid())),
                Integer.toString(pids.size()), shown, block.name()});
        }
        return table(rows, "rlrll");
    }

    /** Columns as wide as their widest cell, two spaces apart; 'r' aligns a column right; the last is never padded. */
    static String table(List<String[]> rows, String align) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                if (c == columns - 1) {
                    out.append(row[c]);
                } else {
                    String pad = " ".repeat(widths[c] - row[c].length());
                    out.append(align.charAt(c) == 'r' ? pad + row[c] : row[c] + pad).append("  ");
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    // ---- for programs ----------------------------------------------------------------------------

    /**
     * One JSON object: the folder's listing as {@code list --json} gives it (when asked for), then an
     * array a kind: "sysv", "memfds", "anonymous".
     */
    public static String json(Listing.Result posix, Result others, Set<Kind> kinds) {
        Json json = new Json(new StringBuilder()).beginObject();
        if (posix != null) {
            Listing.fields(json, posix);
        } else {
            json.field("processes", others.processes()).field("hiddenProcesses", others.hidden());
        }
        json(json, others, kinds);
        return json.endObject().toString() + "\n";
    }

    private static void json(Json json, Result result, Set<Kind> kinds) {
        if (kinds.contains(Kind.SYSV)) {
            json.name("sysv").beginArray();
            for (SysvSegment segment : result.sysv()) {
                Sysv.Entry e = segment.entry();
                json.beginObject()
                        .field("name", e.name())
                        .field("key", e.keyText())
                        .field("id", e.id())
                        .field("size", e.size())
                        .field("mode", Sysv.octal(e.permissions()))
                        .field("permissions", Modes.rwx(e.permissions()))
                        .field("owner", Accounts.user(e.uid()))
                        .field("uid", e.uid())
                        .field("group", Accounts.group(e.gid()))
                        .field("gid", e.gid())
                        .field("creatorUid", e.cuid())
                        .field("creatorGid", e.cgid())
                        .field("nattch", e.nattch())
                        .field("markedForRemoval", e.markedForRemoval())
                        .field("locked", e.locked())
                        .field("cpid", e.cpid())
                        .field("lpid", e.lpid());
                epoch(json, "attached", e.atime());
                epoch(json, "detached", e.dtime());
                epoch(json, "changed", e.ctime());
                json.fieldOrNull("rss", e.rss()).fieldOrNull("swap", e.swap());
                pids(json, segment.pids());
                json.endObject();
            }
            json.endArray();
        }
        if (kinds.contains(Kind.MEMFD)) {
            json.name("memfds").beginArray();
            for (Memfd memfd : result.memfds()) {
                json.beginObject()
                        .field("name", memfd.name())
                        .field("memfd", memfd.memfd())
                        .field("size", memfd.size())
                        .field("mode", memfd.mode() < 0 ? null : Sysv.octal(memfd.mode()))
                        .field("owner", Accounts.user(memfd.uid()))
                        .field("uid", memfd.uid())
                        .name("heldBy").beginArray();
                for (HeldFd fd : memfd.holders()) {
                    json.beginObject().field("pid", fd.pid()).field("fd", fd.fd()).endObject();
                }
                json.endArray();
                mappings(json, memfd.mappings());
                pids(json, memfd.pids());
                json.endObject();
            }
            json.endArray();
        }
        if (kinds.contains(Kind.MAPPING)) {
            json.name("anonymous").beginArray();
            for (Block block : result.blocks()) {
                json.beginObject()
                        .field("name", block.name())
                        .field("size", block.size())
                        .field("owner", Accounts.user(block.uid()))
                        .field("uid", block.uid());
                mappings(json, block.mappings());
                pids(json, block.pids());
                json.endObject();
            }
            json.endArray();
        }
    }

    static void epoch(Json json, String name, long seconds) {
        if (seconds == 0) {
            json.name(name).nullValue();
        } else {
            json.field(name, Instant.ofEpochSecond(seconds).toString());
        }
    }

    static void mappings(Json json, List<MapLine> lines) {
        json.name("mappings").beginArray();
        for (MapLine line : lines) {
            json.beginObject()
                    .field("pid", line.pid())
                    .field("start", "0x" + Long.toHexString(line.start()))
                    .field("end", "0x" + Long.toHexString(line.end()))
                    .field("permissions", line.perms())
                    .field("offset", line.offset())
                    .field("length", line.length())
                    .endObject();
        }
        json.endArray();
    }

    private static void pids(Json json, SortedSet<Long> pids) {
        json.field("mappers", pids.size()).name("pids").beginArray();
        for (long pid : pids) {
            json.value(pid);
        }
        json.endArray();
    }
}
