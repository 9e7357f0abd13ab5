package shmkit.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.TypeConversionException;
import shmkit.inspect.Listing;
import shmkit.inspect.LocalZone;
import shmkit.inspect.Proc;

/** shm list: the segments of a folder, with how many processes map each. */
final class ListCommand extends Subcommand {
    private final PositionalParamSpec dir;
    private final OptionSpec sort;
    private final OptionSpec all;
    private final OptionSpec json;
    private final OptionSpec noUsed;

    ListCommand(Context context) {
        super(context, "list", "List the segments in /dev/shm (or DIR): size, space used, mode, owner, last change, "
                        + "and how many processes map each (MAPS).",
                "USED is the memory (or disk space) actually allocated: a segment that was never written uses "
                        + "nothing. MAPS counts the processes whose /proc/PID/maps show the segment; processes of "
                        + "other users cannot be read unless you are root, and a note says how many were left unseen.");
        dir = positional(PositionalParamSpec.builder().index("0").arity("0..1").paramLabel("DIR").type(String.class)
                .description("Folder to list (default: /dev/shm, or SHM_DIR when set)."));
        sort = option(OptionSpec.builder("--sort").paramLabel("KEY").type(Listing.Sort.class)
                .converters(ListCommand::parseSort).defaultValue("name").completionCandidates(List.of("name", "size", "time"))
                .description("name (default), size (largest first) or time (most recently changed first)."));
        all = flag("Also show the scratch files create fills before it publishes a segment (.shm-create.*).",
                "-a", "--all");
        json = flag("One JSON object: exact sizes in bytes, octal mode, uid/gid, UTC times, the mapping pids.", "--json");
        noUsed = flag("Leave out USED (JSON: allocated null). Measuring it binds statx through the JDK's FFM linker, "
                + "which costs more than the rest of the listing (~0.1 s).", "--no-used");
        examples("shm list", "shm list --sort size", "shm list --json | python3 -m json.tool", "shm list /tmp/segments");
    }

    static Listing.Sort parseSort(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "name" -> Listing.Sort.NAME;
            case "size" -> Listing.Sort.SIZE;
            case "time" -> Listing.Sort.TIME;
            default -> throw new TypeConversionException("'" + value + "' is not a sort key (name, size or time)");
        };
    }

    @Override
    protected int run() {
        String given = dir.getValue();
        Path folder = given == null ? io.shmDir() : Path.of(given);
        Listing.Result result = Listing.of(folder, isSet(all), sort.getValue(), !isSet(noUsed), Proc.system());
        if (isSet(json)) {
            io.text().print(Listing.json(result));
            return 0;
        }
        int stale = isSet(all) ? 0 : shmkit.segment.Segments.staleScratch(folder).size();
        if (stale > 0) {
            io.err().println(Cli.prefix(spec.commandLine(), context) + "note: " + stale + " scratch file"
                    + (stale == 1 ? "" : "s") + " of creates killed while filling (.shm-create.*) hold memory; "
                    + "'shm rm --stale' removes them, 'shm list --all' shows them");
        }
        if (!result.entries().isEmpty()) {
            io.text().print(Listing.text(result, LocalZone.rules()));
            String note = Listing.hiddenNote(result.hidden());
            if (note != null) {
                io.text().flush();
                io.err().println(Cli.prefix(spec.commandLine(), context) + "note: " + note);
            }
        }
        return 0;
    }
}
