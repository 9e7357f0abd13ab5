package shmkit.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * shm help [COMMAND]: picocli's HelpCommand, with its texts and behaviour, built through the
 * programmatic model. picocli's own is read from its annotations, and reading annotations makes
 * the JDK spin a proxy class per annotation type: ~0.2 s of every shell's start and every 'shm help'.
 */
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Callable<Integer> {
    final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);
    private final PositionalParamSpec command;
    private CommandLine self;
    private Help.ColorScheme colors;
    private PrintWriter out;

    HelpCommand() {
        spec.name("help").helpCommand(true).interpolateVariables(false);
        spec.usageMessage().headerHeading("").header("Display help information about the specified command.")
                .synopsisHeading("%nUsage: ")
                .description("%nWhen no COMMAND is given, the usage help for the main command is displayed.",
                        "If a COMMAND is specified, the help for that command is shown.%n");
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show usage help for the help command and exit.").build());
        command = PositionalParamSpec.builder().index("0").paramLabel("COMMAND").arity("0..1").type(String.class)
                .description("The COMMAND to display the usage help message for.").build();
        spec.addPositional(command);
    }

    @Override
    public void init(CommandLine helpCommandLine, Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
    }

    @Override
    public Integer call() {
        CommandLine parent = self == null ? null : self.getParent();
        if (parent == null) {
            return CommandLine.ExitCode.OK;
        }
        String name = command.getValue();
        if (name == null) {
            parent.usage(out, colors);
            return parent.getCommandSpec().exitCodeOnUsageHelp();
        }
        CommandLine subcommand = parent.getCommandSpec().subcommands().get(name);
        if (subcommand == null) {
            throw new ParameterException(parent, "Unknown subcommand '" + name + "'.", null, name);
        }
        subcommand.usage(out, colors);
        return subcommand.getCommandSpec().exitCodeOnUsageHelp();
    }
}
