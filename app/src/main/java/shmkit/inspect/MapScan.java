package shmkit.inspect;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What one pass over /proc/*&#47;maps found: the mappings of the files asked about, by file; how
 * many processes were read; and how many could not be (other users' processes, when we are not
 * root), which may map the files too and are reported as hidden rather than left out silently.
 */
public record MapScan(Map<FileId, List<Mapping>> mappings, int processes, int hidden) {
    public List<Mapping> of(FileId file) {
        return mappings.getOrDefault(file, List.of());
    }

    /** The processes that map {@code file}, in pid order. */
    public SortedSet<Long> pids(FileId file) {
        SortedSet<Long> pids = new TreeSet<>();
        for (Mapping mapping : of(file)) {
            pids.add(mapping.pid());
        }
        return pids;
    }
}
