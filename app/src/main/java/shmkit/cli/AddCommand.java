package shmkit.cli;

import picocli.CommandLine.Model.PositionalParamSpec;
import shmkit.ops.Atomic;
import shmkit.value.ValueType;

/** shm add: atomic fetch-and-add on one aligned value, the same instruction a C peer's __atomic_fetch_add uses. */
final class AddCommand extends Subcommand {
    private final SegmentOptions segment = SegmentOptions.range(this, null);
    private final ValueOptions value = ValueOptions.typeOnly(this);
    private final PositionalParamSpec delta;
    private final LockOptions lock = new LockOptions(this, true);

    AddCommand(Context context) {
        super(context, "add", "Add to a value atomically and print the new value.",
                "Processes that add to the same value at once (shm, or C with __atomic_fetch_add) lose no update. "
                        + "The value must be aligned to its size (offset a multiple of it); integers wrap around "
                        + "as in C. A float or a non-native byte order is updated with a compare-and-swap loop.");
        delta = positional(PositionalParamSpec.builder().index("1").paramLabel("DELTA").type(String.class)
                .description("The amount to add; negative to subtract (-1)."));
        examples("shm add counter --as i64 1", "shm add stats --offset 8 --as u32 -1",
                "for i in $(seq 100); do shm add counter --as i64 1 >/dev/null & done; wait");
    }

    @Override
    protected int run() {
        ValueType type = value.type();
        long amount = type.parseDelta(delta.getValue());
        long updated = new Atomic(env(), segment.name(), segment.offset(), type, lock.spec()).add(amount);
        io.text().println(type.format(updated));
        return 0;
    }
}
