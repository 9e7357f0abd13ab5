package shmkit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * Base of every command. Commands declare their options through picocli's programmatic model,
 * not annotations: building a model from annotations costs tens of milliseconds of reflection at
 * every start (docs/benchmarks.md), which is most of what a small shm invocation costs. Values are
 * read from the OptionSpecs, which picocli resets on every parse, so one instance can serve many
 * parses (the shell) and a command keeps no state of its own between runs.
 */
public abstract class Subcommand implements Callable<Integer> {
    protected final Context context;
    protected final Io io;
    protected final CommandSpec spec;

    protected Subcommand(Context context, String name, String... description) {
        this.context = context;
        this.io = context.io();
        this.spec = CommandSpec.wrapWithoutInspection(this);
        spec.name(name).version("shm " + Cli.VERSION);
        // No ${...} in shm's texts: picocli would otherwise interpolate every option's strings at every
        // parse, which the shell pays per line.
        spec.interpolateVariables(false);
        spec.usageMessage().description(description).sortOptions(false)
                .abbreviateSynopsis(false).width(Math.max(80, Math.min(120, terminalWidth(io))));
        addStandardHelp(spec);
    }

    /** -h/--help and -V/--version, declared by hand: picocli's mixin for them is built by reflection. */
    static void addStandardHelp(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print the version and exit.").build());
    }

    static int terminalWidth(Io io) {
        String columns = io.env("COLUMNS");
        try {
            return columns == null ? 80 : Integer.parseInt(columns.strip());
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /** Lines shown under "Examples:" at the end of --help, each a command a user can paste. */
    protected final void examples(String... commands) {
        String[] lines = new String[commands.length];
        for (int i = 0; i < commands.length; i++) {
            lines[i] = "  " + commands[i].replace("%", "%%");
        }
        spec.usageMessage().footerHeading("%nExamples:%n").footer(lines);
    }

    protected final OptionSpec option(OptionSpec.Builder builder) {
        OptionSpec option = builder.build();
        spec.addOption(option);
        return option;
    }

    protected final OptionSpec flag(String description, String... names) {
        return option(flagBuilder(description, names));
    }

    protected static OptionSpec.Builder flagBuilder(String description, String... names) {
        return OptionSpec.builder(names).arity("0").type(boolean.class).description(description);
    }

    /**
     * Options of which at most one may be given. Checked by hand rather than with a picocli ArgGroup:
     * a reused command line (the shell) keeps a group's values from one parse to the next.
     */
    protected final void exclusive(OptionSpec.Builder... builders) {
        java.util.List<OptionSpec> options = new java.util.ArrayList<>();
        for (OptionSpec.Builder builder : builders) {
            options.add(option(builder));
        }
        exclusiveSets.add(options);
    }

    private final java.util.List<java.util.List<OptionSpec>> exclusiveSets = new java.util.ArrayList<>();

    private void checkExclusive() {
        for (java.util.List<OptionSpec> set : exclusiveSets) {
            // A loop, not a stream: the first stream of a run costs milliseconds of JDK set-up.
            java.util.List<String> given = new java.util.ArrayList<>();
            for (OptionSpec option : set) {
                if (given(option)) {
                    given.add(option.longestName());
                }
            }
            if (given.size() > 1) {
                throw usageError(String.join(" and ", given) + " cannot be used together");
            }
        }
    }

    /** The option called {@code name} (for options declared inside a group). */
    protected final OptionSpec optionNamed(String name) {
        return spec.findOption(name);
    }

    protected final OptionSpec sizeOption(String label, String description, String... names) {
        return option(OptionSpec.builder(names).paramLabel(label).type(Long.class)
                .converters(new SizeConverter()).description(description));
    }

    protected final OptionSpec stringOption(String label, String description, String... names) {
        return option(OptionSpec.builder(names).paramLabel(label).type(String.class).description(description));
    }

    /**
     * Adds a positional parameter. One that takes at least one value is made required here: picocli's
     * programmatic model, unlike its annotations, does not infer that from the arity.
     */
    protected final PositionalParamSpec positional(PositionalParamSpec.Builder builder) {
        if (builder.arity() == null || builder.arity().min() > 0) {
            builder.required(true);
        }
        PositionalParamSpec positional = builder.build();
        spec.addPositional(positional);
        return positional;
    }

    /**
     * The options this parse matched, fetched once per run: picocli's getParseResult() builds a new
     * result (sets of every matched argument) at each call, and a command asks a dozen times.
     */
    private java.util.List<OptionSpec> matched;

    /** Whether the option was given on this command line (not just defaulted). */
    protected final boolean given(OptionSpec option) {
        // By identity: picocli's hasMatchedOption hashes the whole option spec, which the shell pays per line.
        java.util.List<OptionSpec> options = matched != null ? matched : spec.commandLine().getParseResult().matchedOptions();
        for (OptionSpec matched : options) {
            if (matched == option) {
                return true;
            }
        }
        return false;
    }

    /** A flag given on this command line (matched in this parse, not left over from an earlier one). */
    protected final boolean isSet(OptionSpec flag) {
        Boolean value = flag.getValue();
        return given(flag) && value != null && value;
    }

    /** A check that spans options: picocli's usage path (one line, Try --help, exit 2). */
    protected final ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * Gives the command that is about to run the options its parse matched (the execution strategy
     * has the parse result in hand; asking picocli again would build it a second time).
     */
    static void handOver(picocli.CommandLine.ParseResult parsed) {
        picocli.CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        if (last.commandSpec().userObject() instanceof Subcommand command) {
            command.matched = last.matchedOptions();
        }
    }

    @Override
    public final Integer call() throws Exception {
        if (matched == null) {
            matched = spec.commandLine().getParseResult().matchedOptions();
        }
        try {
            checkExclusive();
            return run();
        } finally {
            matched = null; // the shell runs this command again: nothing of this run may stay
        }
    }

    protected abstract int run() throws Exception;

    /**
     * The core's view of this command's surroundings, for the one call into ops/: built once, as the
     * context it comes from never changes (a shell batch would otherwise build it at every line).
     */
    protected final shmkit.ops.Env env() {
        if (env == null) {
            env = context.env();
        }
        return env;
    }

    private shmkit.ops.Env env;
}
