package shmkit.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import shmkit.ShmException;
import shmkit.ops.Lifecycle;
import shmkit.segment.SegmentName;
import shmkit.text.SafeText;


/** shm rm: unlinks segments, only regular files, or removes System V segments, and says who still maps one. */
final class RmCommand extends Subcommand {
    private final PositionalParamSpec names;
    private final OptionSpec force;
    private final OptionSpec stale;

    RmCommand(Context context) {
        super(context, "rm", "Remove segments (shm_unlink; for System V, shmctl IPC_RMID).",
                "Removes only regular files: a symbolic link is refused, never followed and never removed in a "
                        + "segment's place; so are folders and devices. Every name is tried; the exit status is 1 "
                        + "if any failed. A process that still maps a removed segment keeps its memory until it "
                        + "unmaps it, and rm names it in a warning. --stale removes what creates killed while "
                        + "filling left behind (hidden .shm-create.PID.* files whose process is gone).");
        names = positional(PositionalParamSpec.builder().index("0..*").arity("0..*").paramLabel("NAME")
                .type(List.class).auxiliaryTypes(String.class)
                .description("Segments: a bare name is /dev/shm/NAME, a path with '/' is a file, sysv:KEY or "
                        + "sysv:id:ID a System V segment (IPC_RMID)."));
        force = flag("Names with nothing behind them are not an error, and a System V segment that processes still "
                + "attach is marked for removal (it goes when the last detaches).", "-f", "--force");
        stale = flag("Also remove the scratch files of creates that were killed while filling (in /dev/shm, "
                + "or SHM_DIR): their process is gone, and they hold memory nobody can reach.", "--stale");
        examples("shm rm demo", "shm rm -f a b c", "shm rm ./data.bin", "shm rm --stale", "shm rm sysv:0x5d000a1b");
    }

    @Override
    protected int run() {
        List<String> given = names.getValue();
        if ((given == null || given.isEmpty()) && !isSet(stale)) {
            throw usageError("give the NAME of a segment to remove (or --stale)");
        }
        if (isSet(stale)) {
            for (String removed : new Lifecycle(env()).removeStale(io.shmDir())) {
                io.text().println("removed " + SafeText.line(removed));
            }
        }
        // Every name is checked before anything is removed, so a typo in one removes nothing.
        List<SegmentName> segments = new ArrayList<>();
        for (String arg : given == null ? List.<String>of() : given) {
            segments.add(SegmentName.parse(arg, io.shmDir()));
        }
        String prefix = Cli.prefix(spec.commandLine(), context);
        int failed = 0;
        for (Lifecycle.Removal removal : new Lifecycle(env()).remove(segments, isSet(force))) {
            if (removal.failure() != null) {
                io.err().println(prefix + SafeText.line(removal.failure().getMessage()));
                failed++;
            } else if (removal.warning() != null) {
                io.err().println(prefix + "warning: " + SafeText.line(removal.warning()));
            }
        }
        return failed > 0 ? ShmException.FAILURE : 0;
    }
}
