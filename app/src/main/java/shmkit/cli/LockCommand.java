package shmkit.cli;

import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import shmkit.ops.LockedRun;


/** shm lock: runs a command while holding a POSIX record lock on a region, as flock(1) does for files. */
final class LockCommand extends Subcommand {
    private final SegmentOptions segment = SegmentOptions.range(this, "Bytes to lock (default: to the end of the segment).");
    private final OptionSpec shared;
    private final OptionSpec timeout;
    private final PositionalParamSpec command;

    LockCommand(Context context) {
        super(context, "lock", "Run a command while holding a lock on a region.",
                "The lock is a POSIX record lock (fcntl) on exactly the bytes given, exclusive unless --shared; "
                        + "C programs using fcntl and Python using fcntl.lockf wait for it, and it for them. "
                        + "The command's exit status is shm's.");
        shared = flag("Take a shared (read) lock: other shared locks may be held at the same time.", "--shared");
        timeout = option(OptionSpec.builder("--lock-timeout", "--timeout").paramLabel("DURATION").type(Duration.class)
                .converters(new DurationConverter()).description("Give up waiting after this long (500ms, 10s), exit 124."));
        command = positional(PositionalParamSpec.builder().index("1..*").arity("1..*").required(true)
                .paramLabel("COMMAND").type(String[].class).description("The command to run, after '--'."));
        examples("shm lock demo --offset 0 --length 64 -- shm write demo --offset 0 --fill 0 --length 64",
                "shm lock demo --shared --lock-timeout 2s -- sh -c 'shm read demo -l 64 | xxd'");
    }

    @Override
    protected int run() throws Exception {
        return new LockedRun(env()).run(segment.name(), segment.offset(), segment.lengthOrNull(), isSet(shared),
                timeout.getValue(), List.of(command.<String[]>getValue()), io::flush);
    }
}
