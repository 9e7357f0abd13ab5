package shmkit.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import shmkit.ShmException;
import shmkit.ops.Lifecycle;
import shmkit.segment.SegmentName;
import shmkit.text.SafeText;


/** shm rm: unlinks segments, only regular files, and says who still maps one. */
final class RmCommand extends Subcommand {
    private final PositionalParamSpec names;
    private final OptionSpec force;

    RmCommand(Context context) {
        super(context, "rm", "Remove segments (shm_unlink).",
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
        // Every name is checked before anything is removed, so a typo in one removes nothing.
        List<SegmentName> segments = new ArrayList<>();
        for (String arg : names.<List<String>>getValue()) {
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
