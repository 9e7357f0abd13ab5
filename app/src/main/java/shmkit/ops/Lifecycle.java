package shmkit.ops;

import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import shmkit.ShmException;
import shmkit.inspect.FileId;
import shmkit.inspect.MapScan;
import shmkit.inspect.Mappers;
import shmkit.inspect.Mapping;
import shmkit.inspect.Proc;
import shmkit.inspect.SegmentFacts;
import shmkit.segment.ProcessMemory;
import shmkit.segment.SegmentName;
import shmkit.segment.Segments;
import shmkit.segment.Sysv;

/**
 * shm create, rm and resize: segments made, removed and resized, with the policy around them:
 * who still maps a removed segment, and which processes a shrink would kill with SIGBUS.
 */
public final class Lifecycle {
    private final Env env;

    public Lifecycle(Env env) {
        this.env = env;
    }

    /** A new zero-filled segment with its space reserved; an interrupt stops it with nothing left behind. */
    public void create(SegmentName name, long size, Set<PosixFilePermission> mode) {
        if (!name.isFile()) {
            createElsewhere(name, size, mode);
            return;
        }
        Interrupts.Flag flag = new Interrupts.Flag();
        try (Meter meter = env.meters().start("create", size);
             Interrupts.Registration stop = env.interrupts().during(flag)) {
            Segments.create(name, size, mode, done -> {
                meter.accept(done);
                if (flag.raised()) {
                    throw ShmException.interrupted(flag.signal(), "interrupted after reserving " + done + " of "
                            + size + " bytes; " + name + " was not created and nothing was left behind");
                }
            });
        }
    }

    /** A System V segment by key (zero-filled by the kernel); a process's memory is its own to make. */
    private static void createElsewhere(SegmentName name, long size, Set<PosixFilePermission> mode) {
        if (name.inProcess()) {
            throw new ShmException(ShmException.Reason.BAD_USAGE, "cannot create " + name + ": a memfd or a shared "
                    + "mapping is made by the process that owns it; shm creates POSIX segments, files and System V segments");
        }
        int bits = 0;
        for (PosixFilePermission permission : mode) {
            bits |= 0400 >> permission.ordinal();
        }
        Sysv.create(name, size, bits);
    }

    /** What became of one name given to rm. */
    public record Removal(SegmentName name, boolean removed, String warning, ShmException failure) {}

    /**
     * Removes every name, each on its own: one that fails does not stop the others. Every name is
     * checked before anything is removed, so a typo in one removes nothing. A removed segment that
     * processes still map gets a warning naming them: their memory stays in use until they unmap it.
     *
     * @param force a name with nothing behind it is fine, and a System V segment that processes
     *              still attach is marked for removal (rm --force)
     */
    public List<Removal> remove(List<SegmentName> names, boolean force) {
        Map<SegmentName, FileId> ids = new LinkedHashMap<>();
        for (SegmentName name : names) {
            if (!name.isFile()) {
                continue;
            }
            SegmentFacts facts = statQuietly(name);
            if (facts != null && facts.regular()) {
                ids.put(name, facts.id());
            }
        }
        Proc proc = Proc.system();
        MapScan scan = ids.isEmpty() ? null : proc.scanMaps(ids.values());
        List<Removal> results = new ArrayList<>();
        for (SegmentName name : names) {
            if (!name.isFile()) {
                results.add(removeElsewhere(name, force, proc));
                continue;
            }
            try {
                boolean removed = Segments.remove(name, force);
                String warning = null;
                if (removed && ids.containsKey(name)) {
                    SortedSet<Long> pids = scan.pids(ids.get(name));
                    if (!pids.isEmpty()) {
                        warning = "removed " + name + ", but " + Mappers.describe(pids, proc) + " still "
                                + (pids.size() == 1 ? "maps" : "map") + " it; its memory stays in use until "
                                + (pids.size() == 1 ? "that process unmaps" : "they unmap") + " it";
                    }
                }
                results.add(new Removal(name, removed, warning, null));
            } catch (ShmException e) {
                results.add(new Removal(name, false, null, e));
            }
        }
        return results;
    }

    /**
     * A System V segment: IPC_RMID. While processes attach it, it is refused, naming them, unless
     * {@code force}: then it is marked for removal (its key is free at once) and goes when the last
     * one detaches, which the warning says. A process's memory is never removed by shm.
     */
    private static Removal removeElsewhere(SegmentName name, boolean force, Proc proc) {
        try {
            if (name.inProcess()) {
                throw new ShmException(ShmException.Reason.BAD_USAGE, "not removed: " + name + " is a process's memory, "
                        + "which goes when the process closes and unmaps it (or exits); shm never takes it away");
            }
            Sysv.Entry entry;
            try {
                entry = Sysv.find(name);
            } catch (ShmException e) {
                if (force && e.reason() == ShmException.Reason.NOT_FOUND) {
                    return new Removal(name, false, null, null);
                }
                throw e;
            }
            if (entry.markedForRemoval()) {
                if (force) {
                    return new Removal(name, false, null, null);
                }
                throw new ShmException(ShmException.Reason.NOT_FOUND, name + " was removed already (IPC_RMID): it is marked "
                        + "for removal and goes when the " + entry.nattch() + (entry.nattch() == 1 ? " process" : " processes")
                        + " attaching it detach");
            }
            SortedSet<Long> pids = new TreeSet<>();
            for (ProcessMemory.MapLine line : ProcessMemory.scan(false, ProcessHandle.current().pid()).mappings()) {
                if (line.kind() == SegmentName.Kind.SYSV && line.inode() == entry.id()) {
                    pids.add(line.pid());
                }
            }
            String who = pids.isEmpty() ? entry.nattch() + (entry.nattch() == 1 ? " process" : " processes")
                    : Mappers.describe(pids, proc);
            String verb = pids.size() == 1 || pids.isEmpty() && entry.nattch() == 1 ? "attaches" : "attach";
            if (entry.nattch() > 0 && !force) {
                throw new ShmException(ShmException.Reason.BUSY, "not removing " + name + ": " + who + " still " + verb
                        + " it (nattch " + entry.nattch() + "); --force marks it for removal, and it goes when the last one detaches");
            }
            Sysv.remove(name, entry);
            String warning = entry.nattch() == 0 ? null : "marked " + name + " for removal; " + who + " still " + verb
                    + " it, and it goes when the last one detaches (its key is free now)";
            return new Removal(name, true, warning, null);
        } catch (ShmException e) {
            return new Removal(name, false, null, e);
        }
    }

    /** Removes the scratch files killed creates left in {@code folder}; says what went, with the bytes each held. */
    public List<String> removeStale(java.nio.file.Path folder) {
        List<String> removed = new ArrayList<>();
        for (java.nio.file.Path scratch : Segments.staleScratch(folder)) {
            try {
                long size = java.nio.file.Files.size(scratch);
                java.nio.file.Files.deleteIfExists(scratch);
                removed.add(scratch + " (" + size + " bytes)");
            } catch (java.io.IOException e) {
                throw Segments.failure("cannot remove " + scratch, e);
            }
        }
        return removed;
    }

    private static SegmentFacts statQuietly(SegmentName name) {
        try {
            return SegmentFacts.statOrNull(name.path());
        } catch (ShmException e) {
            return null; // remove() will say what is wrong with it
        }
    }

    /**
     * Grows a segment (reserving the space) or shrinks it. A shrink under processes that map the part
     * cut off (they would die of SIGBUS on touching it) is refused, naming them, unless {@code force};
     * forced, it returns the warning to print, else null.
     */
    public String resize(SegmentName name, long target, boolean force) {
        if (target <= 0) {
            throw ShmException.usage("size " + target + " is not positive; a segment needs at least 1 byte");
        }
        if (!name.isFile()) {
            throw new ShmException(ShmException.Reason.BAD_USAGE, "cannot resize " + name + (name.inProcess()
                    ? ": it is a process's memory, which only that process may resize"
                    : ": a System V segment keeps the size shmget gave it (make a new one and copy: shm read | shm write)"));
        }
        Segments.requireSegment(name);
        SegmentFacts facts = SegmentFacts.statOrNull(name.path());
        String warning = null;
        if (facts != null && target < facts.size()) {
            Proc proc = Proc.system();
            List<Mapping> cut = new ArrayList<>();
            for (Mapping mapping : proc.scanMaps(List.of(facts.id())).of(facts.id())) {
                if (mapping.fileEnd() > target) {
                    cut.add(mapping);
                }
            }
            if (!cut.isEmpty()) {
                SortedSet<Long> pids = new TreeSet<>();
                cut.forEach(m -> pids.add(m.pid()));
                String who = Mappers.describe(pids, proc);
                String verb = pids.size() == 1 ? "maps" : "map";
                if (!force) {
                    throw new ShmException(ShmException.Reason.BUSY, "not shrinking " + name + " from " + facts.size()
                            + " to " + target + " bytes: " + who + " " + verb + " the part that would go "
                            + "and would die of SIGBUS on touching it (--force shrinks anyway)");
                }
                warning = "shrinking " + name + " under " + who + ", which " + verb + " the part cut off";
            }
        }
        long grow = facts == null ? 0 : Math.max(0, target - facts.size());
        try (Meter meter = env.meters().start("resize", grow)) {
            Segments.resize(name, target, meter);
        }
        return warning;
    }
}
