package shmkit.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.TypeConversionException;
import shmkit.inspect.AllMemory;
import shmkit.inspect.Listing;
import shmkit.inspect.LocalZone;
import shmkit.inspect.Proc;
import shmkit.segment.SegmentName.Kind;

/** shm list: the segments of a folder, with how many processes map each. */
final class ListCommand extends Subcommand {
    private final PositionalParamSpec dir;
    private final OptionSpec sort;
    private final OptionSpec kind;
    private final OptionSpec all;
    private final OptionSpec json;
    private final OptionSpec noUsed;

    ListCommand(Context context) {
        super(context, "list", "List the segments in /dev/shm (or DIR): size, space used, mode, owner, last change, "
                        + "and how many processes map each (MAPS).",
                "USED is the memory (or disk space) actually allocated: a segment that was never written uses "
                        + "nothing. MAPS counts the processes whose /proc/PID/maps show the segment; processes of "
                        + "other users cannot be read unless you are root, and a note says how many were left unseen. "
                        + "--kind (or --all) adds the shared memory that has no file in a folder: System V segments "
                        + "(with what ipcs -m -p -t shows), memfds and the anonymous blocks processes share across "
                        + "fork, each kind in a table of its own, with the name other shm commands reach it by.");
        dir = positional(PositionalParamSpec.builder().index("0").arity("0..1").paramLabel("DIR").type(String.class)
                .description("Folder to list (default: /dev/shm, or SHM_DIR when set)."));
        sort = option(OptionSpec.builder("--sort").paramLabel("KEY").type(Listing.Sort.class)
                .converters(ListCommand::parseSort).defaultValue("name").completionCandidates(List.of("name", "size", "time"))
                .description("name (default), size (largest first) or time (most recently changed first)."));
        kind = option(OptionSpec.builder("-k", "--kind").paramLabel("KINDS").type(Kinds.class)
                .completionCandidates(List.of("posix", "sysv", "memfd", "anon", "all"))
                .converters(ListCommand::parseKinds)
                .description("Which kinds of shared memory, comma-separated: posix (the folder's segments: the default), "
                        + "sysv (System V, as ipcs -m -p -t), memfd (memfd_create, held or mapped by a process), "
                        + "anon (anonymous shared mappings, shared across fork), or all."));
        all = flag("Everything: every kind (--kind all), and in the folder also the scratch files create fills "
                + "before it publishes a segment (.shm-create.*).", "-a", "--all");
        json = flag("One JSON object: exact sizes in bytes, octal mode, uid/gid, UTC times, the mapping pids.", "--json");
        noUsed = flag("Leave out USED (JSON: allocated null). Measuring it binds statx through the JDK's FFM linker, "
                + "which costs more than the rest of the listing (~0.1 s).", "--no-used");
        examples("shm list", "shm list --sort size", "shm list --json | python3 -m json.tool", "shm list /tmp/segments",
                "shm list --all", "shm list --kind sysv", "shm list --kind anon,memfd --json");
    }

    static Listing.Sort parseSort(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "name" -> Listing.Sort.NAME;
            case "size" -> Listing.Sort.SIZE;
            case "time" -> Listing.Sort.TIME;
            default -> throw new TypeConversionException("'" + value + "' is not a sort key (name, size or time)");
        };
    }

    /** The kinds --kind names: one value (a Set would make picocli take the option as repeatable). */
    record Kinds(Set<Kind> set) {}

    /** "sysv,memfd" as the kinds it names; "all" is every one. */
    static Kinds parseKinds(String value) {
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        for (String word : value.toLowerCase(Locale.ROOT).split(",", -1)) {
            switch (word.strip()) {
                case "posix" -> kinds.add(Kind.POSIX);
                case "sysv" -> kinds.add(Kind.SYSV);
                case "memfd" -> kinds.add(Kind.MEMFD);
                case "anon" -> kinds.add(Kind.MAPPING);
                case "all" -> kinds.addAll(ALL);
                default -> throw new TypeConversionException("'" + word + "' is not a kind (posix, sysv, memfd, anon or all)");
            }
        }
        return new Kinds(kinds);
    }

    private static final Set<Kind> ALL = EnumSet.of(Kind.POSIX, Kind.SYSV, Kind.MEMFD, Kind.MAPPING);

    @Override
    protected int run() {
        String given = dir.getValue();
        Path folder = given == null ? io.shmDir() : Path.of(given);
        Set<Kind> kinds = isSet(all) ? ALL : given(kind) ? kind.<Kinds>getValue().set() : Set.of(Kind.POSIX);
        if (!kinds.equals(Set.of(Kind.POSIX))) {
            return everyKind(folder, kinds);
        }
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

    /** --kind or --all: each kind asked for in a table of its own, under a heading when there are several. */
    private int everyKind(Path folder, Set<Kind> kinds) {
        Proc proc = Proc.system();
        Listing.Result posix = kinds.contains(Kind.POSIX) ? Listing.of(folder, isSet(all), sort.getValue(), !isSet(noUsed), proc) : null;
        AllMemory.Result others = AllMemory.gather(kinds, ProcessHandle.current().pid());
        if (isSet(json)) {
            io.text().print(AllMemory.json(posix, others, kinds));
            return 0;
        }
        boolean headings = kinds.size() > 1;
        StringBuilder out = new StringBuilder();
        if (posix != null) {
            out.append(headings ? "POSIX shared memory (" + posix.dir() + ")" + (posix.entries().isEmpty() ? ": none\n" : "\n") : "");
            out.append(posix.entries().isEmpty() ? "" : Listing.text(posix, LocalZone.rules()));
            if (headings) {
                out.append('\n');
            }
        }
        out.append(AllMemory.text(others, kinds, headings, LocalZone.rules()));
        io.text().print(out);
        int hidden = Math.max(others.hidden(), posix == null ? 0 : posix.hidden());
        String note = Listing.hiddenNote(hidden);
        if (note != null) {
            io.text().flush();
            io.err().println(Cli.prefix(spec.commandLine(), context) + "note: " + note);
        }
        return 0;
    }
}
