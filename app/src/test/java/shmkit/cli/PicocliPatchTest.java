package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * What the second and third changes app/pom.xml makes to picocli's source rely on (the first is
 * NumberLookProperties'): resemblesOption answers "no" at once for a word that does not start with
 * '-', which is the answer picocli's count gives only while every option name starts with '-'; a
 * spec keeps its first hash; and an option's value skips the preprocessor's map only when the
 * preprocessor is picocli's no-op one.
 */
class PicocliPatchTest {

    @Test
    void every_option_name_of_every_command_starts_with_a_dash() {
        Io io = new Io(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(), Map.of(), false, false, false);
        List<String> names = new ArrayList<>();
        collect(Cli.commandLine(io), names);
        assertTrue(names.size() > 100, () -> "too few option names to be every command's: " + names);
        for (String name : names) {
            assertTrue(name.startsWith("-"), name + ": picocli's patched resemblesOption takes every option name to start with '-'");
        }
    }

    private static void collect(CommandLine command, List<String> names) {
        for (OptionSpec option : command.getCommandSpec().options()) {
            names.addAll(List.of(option.names()));
        }
        command.getSubcommands().values().forEach(sub -> collect(sub, names));
    }

    @Test
    void words_are_values_unknown_options_are_refused_and_negative_numbers_are_values() {
        CommandLine.ParseResult result = new CommandLine(spec()).parseArgs("--value", "i64", "name");
        assertEquals("i64", result.matchedOptionValue("--value", null));
        assertEquals("name", result.matchedPositionalValue(0, null));
        assertEquals("-5", new CommandLine(spec()).parseArgs("--value", "-5").matchedOptionValue("--value", null));
        assertEquals("", new CommandLine(spec()).parseArgs("--value", "").matchedOptionValue("--value", null));
        for (String word : new String[] {"--nope", "-q", "--valu"}) {
            assertThrows(CommandLine.UnmatchedArgumentException.class, () -> new CommandLine(spec()).parseArgs(word), word);
        }
    }

    @Test
    void a_spec_keeps_its_first_hash_and_is_found_in_sets_after_it_joined_a_command_and_after_parses() {
        OptionSpec option = OptionSpec.builder("--value").arity("1").type(String.class).build();
        PositionalParamSpec positional = PositionalParamSpec.builder().arity("0..1").type(String.class).build();
        Set<ArgSpec> before = new HashSet<>(List.of(option, positional));
        int optionHash = option.hashCode();
        int positionalHash = positional.hashCode();
        CommandSpec spec = CommandSpec.create();
        spec.addOption(option);
        spec.addPositional(positional);
        CommandLine command = new CommandLine(spec);
        for (String value : new String[] {"a", "b"}) {
            CommandLine.ParseResult result = command.parseArgs("--value", value, "p" + value);
            assertEquals(value, result.matchedOptionValue("--value", null));
            assertTrue(result.hasMatchedOption(option));
            assertTrue(result.hasMatchedPositional(0));
        }
        assertEquals(optionHash, option.hashCode());
        assertEquals(positionalHash, positional.hashCode());
        assertTrue(before.contains(option) && before.contains(positional));
        assertEquals(Set.copyOf(spec.args()), new HashSet<>(spec.args()));
        assertNotEquals(option.hashCode(), OptionSpec.builder("--other").arity("1").type(String.class).build().hashCode());
    }

    @Test
    void values_attached_with_the_separator_or_not_and_a_preprocessor_of_its_own_still_work() {
        assertEquals("x", new CommandLine(spec()).parseArgs("--value=x").matchedOptionValue("--value", null));
        assertEquals("y", new CommandLine(spec()).parseArgs("--value", "y").matchedOptionValue("--value", null));
        List<String> seen = new ArrayList<>();
        CommandSpec spec = CommandSpec.create();
        spec.addOption(OptionSpec.builder("--taken").arity("1").type(String.class)
                .preprocessor((args, command, arg, info) -> {
                    seen.add(args.pop() + info.get("separator"));
                    return true; // consumed: picocli must not assign a value
                }).build());
        CommandLine.ParseResult result = new CommandLine(spec).parseArgs("--taken", "z");
        assertEquals(List.of("z "), seen);
        assertEquals(null, result.matchedOptionValue("--taken", (String) null));
    }

    private static CommandSpec spec() {
        return NumberLookProperties.spec();
    }
}
