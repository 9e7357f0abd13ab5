package shmkit.cli;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import picocli.CommandLine.Model.OptionSpec;
import shmkit.ShmException;
import shmkit.inspect.Mapping;
import shmkit.inspect.Proc;
import shmkit.inspect.SegmentFacts;
import shmkit.segment.SegmentName;
import shmkit.segment.Segments;

/** shm resize: grows a segment (reserving the space) or shrinks it, never under a process that maps the part cut off. */
final class ResizeCommand extends Subcommand {
    private final SegmentOptions segment = SegmentOptions.nameOnly(this);
    private final OptionSpec size;
    private final OptionSpec force;

    ResizeCommand(Io io) {
        super(io, "resize", "Grow or shrink a segment.",
                "Growing writes zeros into the new part so its memory is reserved now (a full file system is "
                        + "reported here and the segment left as it was). Shrinking cuts the end off: a process that "
                        + "maps that part would die of SIGBUS when it next touches it, so resize refuses, naming "
                        + "the processes, unless --force.");
        size = option(OptionSpec.builder("-s", "--size").paramLabel("SIZE").type(Long.class).required(true)
                .converters(new SizeConverter()).description("The new size in bytes: 100, 0x1000, 4K, 1MiB, 2G."));
        force = flag("Shrink even when other processes map the part cut off (they get SIGBUS if they touch it).",
                "--force");
        examples("shm resize demo --size 1M", "shm resize demo --size 4K --force");
    }

    @Override
    protected int run() {
        SegmentName name = segment.name();
        long target = size.<Long>getValue();
        if (target <= 0) {
            throw ShmException.usage("size " + target + " is not positive; a segment needs at least 1 byte");
        }
        Segments.requireSegment(name);
        SegmentFacts facts = SegmentFacts.statOrNull(name.path());
        if (facts != null && target < facts.size()) {
            Proc proc = Proc.system();
            List<Mapping> cut = proc.scanMaps(List.of(facts.id())).of(facts.id()).stream()
                    .filter(m -> m.fileEnd() > target).toList();
            if (!cut.isEmpty()) {
                SortedSet<Long> pids = new TreeSet<>();
                cut.forEach(m -> pids.add(m.pid()));
                String who = Mappers.describe(pids, proc);
                if (!isSet(force)) {
                    throw ShmException.failure("not shrinking " + name + " from " + facts.size() + " to " + target
                            + " bytes: " + who + " " + (pids.size() == 1 ? "maps" : "map") + " the part that would go "
                            + "and would die of SIGBUS on touching it (--force shrinks anyway)");
                }
                io.err().println(Cli.prefix(spec.commandLine(), io) + "warning: shrinking " + name + " under " + who
                        + ", which " + (pids.size() == 1 ? "maps" : "map") + " the part cut off");
            }
        }
        long grow = facts == null ? 0 : Math.max(0, target - facts.size());
        try (Progress progress = Progress.of(io, "resize", grow)) {
            Segments.resize(name, target, progress);
        }
        return 0;
    }
}
