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
 * What the changes app/pom.xml makes to picocli's source rely on (the first is
 * NumberLookProperties'): resemblesOption answers "no" at once for a word that does not start with
 * '-', which is the answer picocli's count gives only while every option name starts with '-'; a
 * spec keeps its first hash; an option's value skips the preprocessor's map only when the
 * preprocessor is picocli's no-op one; the negatable-option transformer is made when first asked
 * for; and no option needs a converter picocli would have found by reflection.
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

    /** The types picocli converts without reflection (Interpreter.registerBuiltInConverters' plain entries) that shm uses. */
    private static final Set<Class<?>> PLAIN = Set.of(String.class, Object.class, Integer.class, int.class, Long.class,
            long.class, Byte.class, byte.class, Character.class, char.class, Boolean.class, boolean.class, Short.class,
            short.class, Double.class, double.class, Float.class, float.class);

    @Test
    void every_value_of_every_command_has_a_plain_type_or_a_converter_of_its_own_and_no_option_is_negatable() {
        List<ArgSpec> args = new ArrayList<>();
        collectArgs(Cli.commandLine(Context.direct(quietIo())), args);
        assertTrue(args.size() > 100, () -> "too few options to be every command's: " + args.size());
        for (ArgSpec arg : args) {
            String name = arg.isOption() ? ((OptionSpec) arg).longestName() : arg.paramLabel();
            assertTrue(arg.converters().length > 0 || java.util.Arrays.stream(arg.auxiliaryTypes()).allMatch(PLAIN::contains)
                            && (PLAIN.contains(arg.type()) || arg.isMultiValue()),
                    () -> name + " (" + arg.type().getName() + "): picocli's patched Interpreter registers no converter "
                            + "found by reflection; give it a converter of its own");
            if (arg.isOption()) {
                assertTrue(!((OptionSpec) arg).negatable(), name + " is negatable; app/pom.xml's note 5 says none is");
            }
        }
    }

    @Test
    void a_negatable_option_still_gets_its_negative_form_from_the_transformer_made_on_first_use() {
        CommandSpec spec = CommandSpec.create();
        spec.addOption(OptionSpec.builder("--color").negatable(true).type(boolean.class).build());
        assertEquals(Boolean.FALSE, new CommandLine(spec).parseArgs("--no-color").matchedOptionValue("--color", null));
        assertEquals("--[no-]color", spec.negatableOptionTransformer().makeSynopsis("--color", spec));
    }

    @Test
    void the_converters_picocli_would_find_by_reflection_are_left_out() {
        CommandSpec spec = CommandSpec.create();
        spec.addOption(OptionSpec.builder("--when").arity("1").type(java.time.Duration.class).build());
        assertThrows(CommandLine.ParameterException.class, () -> new CommandLine(spec).parseArgs("--when", "PT1S"));
        CommandSpec own = CommandSpec.create();
        own.addOption(OptionSpec.builder("--when").arity("1").type(java.time.Duration.class)
                .converters(java.time.Duration::parse).build());
        assertEquals(java.time.Duration.ofSeconds(1), new CommandLine(own).parseArgs("--when", "PT1S").matchedOptionValue("--when", null));
    }

    private static Io quietIo() {
        return new Io(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(), Map.of(), false, false, false);
    }

    private static void collectArgs(CommandLine command, List<ArgSpec> args) {
        args.addAll(command.getCommandSpec().args());
        command.getSubcommands().values().forEach(sub -> collectArgs(sub, args));
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
