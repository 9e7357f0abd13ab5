package shmkit.inspect;

import shmkit.text.Json;

import shmkit.text.SafeText;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import shmkit.ShmException;
import shmkit.segment.Segments;

/**
 * The segments of one folder (/dev/shm unless told otherwise) with their facts and how many
 * processes map each: what {@code ls -l /dev/shm} and a grep through every /proc/PID/maps would
 * tell together. /proc is read once for all segments, not once per segment.
 */
public final class Listing {
    public enum Sort {
        /** By name, as ls. */
        NAME,
        /** Largest first, as ls -S. */
        SIZE,
        /** Most recently changed first, as ls -t. */
        TIME
    }

    /** One segment: its name in the folder, its facts and the pids that map it. */
    public record Entry(String name, SegmentFacts facts, SortedSet<Long> pids) {}

    /**
     * @param used      whether the allocated bytes were measured (else they are -1)
     * @param processes how many processes' maps were read
     * @param hidden    how many could not be (other users'), so may map a segment unseen
     */
    public record Result(Path dir, List<Entry> entries, boolean used, int processes, int hidden) {}

    private Listing() {}

    /**
     * Reads the folder; with {@code all}, also the scratch files that create fills before it
     * publishes a segment; with {@code used}, the bytes allocated to each (statx through the FFM
     * linker, whose binding costs more than the rest of the listing: docs/benchmarks.md).
     */
    public static Result of(Path dir, boolean all, Sort sort, boolean used, Proc proc) {
        List<SegmentFacts> files = new ArrayList<>();
        List<String> names = new ArrayList<>();
        SegmentFacts.Stat stat = new SegmentFacts.Stat();
        Native.Statx statx = null;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path path : entries) {
                String name = path.getFileName().toString();
                if (!all && name.startsWith(Segments.SCRATCH_PREFIX)) {
                    continue;
                }
                SegmentFacts facts = stat.ofOrNull(path);
                if (facts == null || !facts.regular()) {
                    continue;
                }
                if (!used) {
                    files.add(facts);
                    names.add(name);
                    continue;
                }
                if (statx == null) {
                    statx = new Native.Statx(); // bound only when there is something to ask about
                }
                files.add(facts.withAllocated(statx.allocated(path, facts.id())));
                names.add(name);
            }
        } catch (NoSuchFileException e) {
            throw ShmException.failure("no folder " + dir);
        } catch (NotDirectoryException e) {
            throw ShmException.failure(dir + " is not a folder");
        } catch (IOException e) {
            throw ShmException.failure("cannot list " + dir + ": " + Segments.reason(e), e);
        } finally {
            if (statx != null) {
                statx.close();
            }
        }
        List<FileId> ids = new ArrayList<>(files.size());
        for (SegmentFacts facts : files) {
            ids.add(facts.id());
        }
        MapScan scan = proc.scanMaps(ids);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            entries.add(new Entry(names.get(i), files.get(i), scan.pids(files.get(i).id())));
        }
        entries.sort(order(sort));
        return new Result(dir, entries, used, scan.processes(), scan.hidden());
    }

    /** A class rather than Comparator.comparing: a lambda the AOT training never met costs a class spun at run time. */
    private static Comparator<Entry> order(Sort sort) {
        return new Order(sort);
    }

    private record Order(Sort sort) implements Comparator<Entry> {
        @Override
        public int compare(Entry a, Entry b) {
            int c = switch (sort) {
                case NAME -> 0;
                case SIZE -> Long.compare(b.facts().size(), a.facts().size());
                case TIME -> b.facts().modified().compareTo(a.facts().modified());
            };
            return c != 0 ? c : a.name().compareTo(b.name());
        }
    }

    /** A table for people: sizes human-readable, names last so a long one does not push the columns; USED when measured. */
    public static String text(Result result, ZoneRules zone) {
        boolean used = result.used();
        List<String[]> rows = new ArrayList<>();
        rows.add(used ? new String[] {"SIZE", "USED", "MODE", "OWNER", "MODIFIED", "MAPS", "NAME"}
                : new String[] {"SIZE", "MODE", "OWNER", "MODIFIED", "MAPS", "NAME"});
        for (Entry entry : result.entries()) {
            SegmentFacts f = entry.facts();
            String size = Sizes.human(f.size());
            String mode = f.permissions();
            String owner = SafeText.line(f.owner());
            String modified = Printable.minute(f.modified(), zone);
            String maps = Integer.toString(entry.pids().size());
            String name = SafeText.line(entry.name());
            rows.add(used ? new String[] {size, Sizes.human(f.allocated()), mode, owner, modified, maps, name}
                    : new String[] {size, mode, owner, modified, maps, name});
        }
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        boolean[] right = used ? new boolean[] {true, true, false, false, false, true, false}
                : new boolean[] {true, false, false, false, true, false};
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                String cell = row[c];
                if (c == columns - 1) {
                    out.append(cell);
                } else {
                    String pad = " ".repeat(widths[c] - cell.length());
                    out.append(right[c] ? pad + cell : cell + pad).append("  ");
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Exact numbers for programs: bytes, octal mode, uid and gid, UTC times, the pids themselves. */
    public static String json(Result result) {
        Json json = new Json(new StringBuilder()).beginObject();
        fields(json, result);
        return json.endObject().toString() + "\n";
    }

    /** The listing's fields in {@code json}'s open object: dir, processes, hiddenProcesses, segments. */
    static void fields(Json json, Result result) {
        json.field("dir", result.dir().toString())
                .field("processes", result.processes())
                .field("hiddenProcesses", result.hidden())
                .name("segments").beginArray();
        for (Entry entry : result.entries()) {
            SegmentFacts f = entry.facts();
            json.beginObject()
                    .field("name", entry.name())
                    .field("path", f.path().toString())
                    .field("size", f.size())
                    .fieldOrNull("allocated", f.allocated())
                    .field("mode", f.octalMode())
                    .field("permissions", f.permissions())
                    .field("owner", f.owner())
                    .field("uid", f.uid())
                    .field("group", f.group())
                    .field("gid", f.gid())
                    .field("modified", Printable.utc(f.modified()))
                    .field("mappers", entry.pids().size())
                    .name("pids").beginArray();
            for (long pid : entry.pids()) {
                json.value(pid);
            }
            json.endArray().endObject();
        }
        json.endArray();
    }

    /** The note for stderr when some processes could not be read, or null. */
    public static String hiddenNote(int hidden) {
        return hidden == 0 ? null : "the maps of " + hidden + (hidden == 1 ? " process are" : " processes are")
                + " not readable (other users' processes, or protected), so MAPS may miss " + (hidden == 1 ? "it" : "them");
    }
}
