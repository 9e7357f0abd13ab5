package shmkit.cli;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;
import shmkit.ops.Lifecycle;

/** shm create: a new zero-filled segment, never replacing one that exists. */
final class CreateCommand extends Subcommand {
    private final SegmentOptions segment = SegmentOptions.nameOnly(this);
    private final OptionSpec size;
    private final OptionSpec mode;

    CreateCommand(Context context) {
        super(context, "create", "Create a new segment, zero-filled, with its space reserved now.",
                "Never truncates or replaces an existing segment, never follows a symbolic link; "
                        + "when two creates race, exactly one wins. sysv:KEY makes a System V segment (shmget with "
                        + "IPC_CREAT|IPC_EXCL): zero-filled by the kernel, its pages given on first touch.");
        size = option(OptionSpec.builder("-s", "--size").paramLabel("SIZE").type(Long.class).required(true)
                .converters(new SizeConverter()).description("Size in bytes: 100, 0x1000, 4K, 1MiB, 2G."));
        mode = option(OptionSpec.builder("-m", "--mode").paramLabel("MODE").type(Set.class).auxiliaryTypes(PosixFilePermission.class)
                .converters(CreateCommand::parseMode).defaultValue("600")
                .description("Permissions in octal, exactly as given (the umask does not narrow them). Default: 600."));
        examples("shm create demo --size 100", "shm create ring --size 1MiB --mode 660", "shm create ./data.bin --size 4K",
                "shm create sysv:0x5d000a1b --size 4K");
    }

    @Override
    protected int run() {
        Set<PosixFilePermission> permissions = mode.getValue();
        long bytes = size.<Long>getValue();
        new Lifecycle(env()).create(segment.name(), bytes, permissions);
        return 0;
    }

    static Set<PosixFilePermission> parseMode(String value) {
        String digits = value.startsWith("0o") ? value.substring(2) : value;
        if (!isOctalMode(digits)) {
            throw new TypeConversionException("'" + value + "' is not a mode (three octal digits such as 600 or 0644)");
        }
        int bits = Integer.parseInt(digits, 8);
        StringBuilder rwx = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int part = bits >> shift & 7;
            rwx.append((part & 4) != 0 ? 'r' : '-').append((part & 2) != 0 ? 'w' : '-').append((part & 1) != 0 ? 'x' : '-');
        }
        return PosixFilePermissions.fromString(rwx.toString());
    }

    /** Three octal digits, optionally after a 0 (as 0?[0-7]{3} says): by hand, as a pattern here loaded java.util.regex into every family's start. */
    static boolean isOctalMode(String digits) {
        int from = digits.length() == 4 && digits.charAt(0) == '0' ? 1 : 0;
        if (digits.length() - from != 3) {
            return false;
        }
        for (int i = from; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
