package shmkit.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import shmkit.ShmException;
import shmkit.inspect.FileId;
import shmkit.inspect.MapScan;
import shmkit.inspect.Proc;
import shmkit.inspect.SegmentFacts;
import shmkit.segment.SegmentName;
import shmkit.segment.Segments;

/** shm rm: unlinks segments, only regular files, and says who still maps one. */
final class RmCommand extends Subcommand {
    private final PositionalParamSpec names;
    private final OptionSpec force;

    RmCommand(Io io) {
        super(io, "rm", "Remove segments (shm_unlink).",
                "Removes only regular files: a symbolic link is refused, never followed and never removed in a "
                        + "segment's place; so are folders and devices. Every name is tried; the exit status is 1 "
                        + "if any failed. A process that still maps a removed segment keeps its memory until it "
                        + "unmaps it, and rm names it in a warning.");
        names = positional(PositionalParamSpec.builder().index("0..*").arity("1..*").paramLabel("NAME")
                .type(List.class).auxiliaryTypes(String.class)
                .description("Segments: a bare name is /dev/shm/NAME, a path with '/' is a file."));
        force = flag("Names with nothing behind them are not an error.", "-f", "--force");
        examples("shm rm demo", "shm rm -f a b c", "shm rm ./data.bin");
    }

    @Override
    protected int run() {
        List<String> args = names.getValue();
        // Every name is checked before anything is removed, so a typo in one removes nothing.
        List<SegmentName> segments = new ArrayList<>();
        for (String arg : args) {
            segments.add(SegmentName.parse(arg, io.shmDir()));
        }
        Map<SegmentName, FileId> ids = new LinkedHashMap<>();
        for (SegmentName name : segments) {
            SegmentFacts facts = statQuietly(name);
            if (facts != null && facts.regular()) {
                ids.put(name, facts.id());
            }
        }
        Proc proc = Proc.system();
        MapScan scan = ids.isEmpty() ? null : proc.scanMaps(ids.values());
        String prefix = Cli.prefix(spec.commandLine(), io);
        int failed = 0;
        for (SegmentName name : segments) {
            try {
                if (Segments.remove(name, isSet(force)) && ids.containsKey(name)) {
                    SortedSet<Long> pids = scan.pids(ids.get(name));
                    if (!pids.isEmpty()) {
                        io.err().println(prefix + "warning: removed " + name + ", but " + Mappers.describe(pids, proc)
                                + " still " + (pids.size() == 1 ? "maps" : "map") + " it; its memory stays in use until "
                                + (pids.size() == 1 ? "that process unmaps" : "they unmap") + " it");
                    }
                }
            } catch (ShmException e) {
                io.err().println(prefix + e.getMessage());
                failed++;
            }
        }
        return failed > 0 ? ShmException.FAILURE : 0;
    }

    private static SegmentFacts statQuietly(SegmentName name) {
        try {
            return SegmentFacts.statOrNull(name.path());
        } catch (ShmException e) {
            return null; // remove() will say what is wrong with it
        }
    }
}
