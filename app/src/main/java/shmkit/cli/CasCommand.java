package shmkit.cli;

import picocli.CommandLine.Model.PositionalParamSpec;
import shmkit.ShmException;
import shmkit.ops.Atomic;
import shmkit.ops.LockSpec;
import shmkit.value.ValueType;

/** shm cas: atomic compare-and-swap on one aligned value; a lost race prints what was there instead. */
final class CasCommand extends Subcommand {
    private final SegmentOptions segment = SegmentOptions.range(this, null);
    private final ValueOptions value = ValueOptions.typeOnly(this);
    private final PositionalParamSpec expected;
    private final PositionalParamSpec replacement;

    CasCommand(Context context) {
        super(context, "cas", "Compare and swap: set a value to NEW only if it is EXPECTED, atomically.",
                "Exit 0 and print nothing when the value was EXPECTED and is now NEW; exit 1 and print the value "
                        + "found (on standard output, so a retry loop can use it) when it was not. The value must be "
                        + "aligned to its size. Floats compare by their bits: -0.0 is not 0.0.");
        expected = positional(PositionalParamSpec.builder().index("1").paramLabel("EXPECTED").type(String.class)
                .description("The value it must hold now."));
        replacement = positional(PositionalParamSpec.builder().index("2").paramLabel("NEW").type(String.class)
                .description("The value to set."));
        examples("shm cas lock --as i32 0 1        # take a lock: exit 1 if someone holds it",
                "v=$(shm read c --as i64); until v=$(shm cas c --as i64 $v $((v * 2))); do :; done");
    }

    @Override
    protected int run() {
        ValueType type = value.type();
        long want = type.parseValue(expected.getValue());
        long set = type.parseValue(replacement.getValue());
        long found = new Atomic(env(), segment.name(), segment.offset(), type, LockSpec.NONE).compareAndSet(want, set);
        if (found == want) {
            return 0;
        }
        io.text().println(type.format(found));
        return ShmException.FAILURE;
    }
}
