package shmkit.cli;

import picocli.CommandLine.Model.OptionSpec;
import shmkit.ops.Lifecycle;
import shmkit.text.SafeText;


/** shm resize: grows a segment (reserving the space) or shrinks it, never under a process that maps the part cut off. */
final class ResizeCommand extends Subcommand {
    private final SegmentOptions segment = SegmentOptions.nameOnly(this);
    private final OptionSpec size;
    private final OptionSpec force;

    ResizeCommand(Context context) {
        super(context, "resize", "Grow or shrink a segment.",
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
        String warning = new Lifecycle(env()).resize(segment.name(), size.<Long>getValue(), isSet(force));
        if (warning != null) {
            io.err().println(Cli.prefix(spec.commandLine(), context) + "warning: " + SafeText.line(warning));
        }
        return 0;
    }
}
