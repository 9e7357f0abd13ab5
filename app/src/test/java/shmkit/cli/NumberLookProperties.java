package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import picocli.CommandLine;

/**
 * The one change app/pom.xml makes to picocli's source: resemblesOption asks Long.decode and
 * Double.parseDouble only when {@link NumberLook#mayBeNumber} says either could accept the text.
 * That look must never say no to a text either parser accepts, or picocli would take a negative
 * number for an unknown option; these properties hold it to both parsers, on any text and on
 * texts built to look like numbers.
 */
class NumberLookProperties {

    private static boolean parsesAsNumber(String text) {
        try {
            Long.decode(text);
            return true;
        } catch (NumberFormatException notLong) {
            try {
                Double.parseDouble(text);
                return true;
            } catch (NumberFormatException notDouble) {
                return false;
            }
        }
    }

    @Property(tries = 3000)
    void anyTextEitherParserAcceptsPassesTheLook(@ForAll String text) {
        if (parsesAsNumber(text)) {
            assertTrue(NumberLook.mayBeNumber(text), text);
        }
    }

    @Property(tries = 3000)
    void numberLikeTextsEitherParserAcceptsPassTheLook(@ForAll("numberLike") String text) {
        if (parsesAsNumber(text)) {
            assertTrue(NumberLook.mayBeNumber(text), text);
        }
    }

    @Provide
    Arbitrary<String> numberLike() {
        Arbitrary<String> blanks = Arbitraries.of("", " ", "\t", "\n ", "\u0001");
        Arbitrary<String> sign = Arbitraries.of("", "-", "+", "--", "+-");
        Arbitrary<String> body = Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789abcdefxX#.eEpP+-NaIifdFDLl_").ofMaxLength(12),
                // other scripts' digits, which Long.decode takes (Arabic-Indic, Devanagari, full-width)
                Arbitraries.strings().withChars("\u0660\u0663\u0669\u0966\u096f\uff10\uff11\uff19").ofMinLength(1).ofMaxLength(4),
                Arbitraries.of("NaN", "Infinity", "0x1p3", "0x10", "#ff", "010", ".5", "5.", "1e10", "1d", "2f",
                        "Inf", "nan", "0X1P-2", "1_000"));
        return net.jqwik.api.Combinators.combine(blanks, sign, body, blanks).as((a, s, b, c) -> a + s + b + c);
    }

    @Example
    void numbersOfEveryKindPassTheLook() {
        for (String number : new String[] {"5", "-5", "+5", " 7", "0x1f", "-0X1F", "#ff", "-#ff", "017", ".5", "-.5e3",
            "NaN", "-Infinity", "0x1p3", "1d", "\u0663", "-\uff11\uff12", "\u0966"}) {
            assertTrue(parsesAsNumber(number), "a number to Long.decode or Double.parseDouble: " + number);
            assertTrue(NumberLook.mayBeNumber(number), number);
        }
    }

    @Example
    void theLookSaysNoToWhatShmTypesMostOften() {
        for (String word : new String[] {"i64", "u32", "f64", "counter", "--offset", "--as", "-x", "hello", "", "-"}) {
            assertFalse(NumberLook.mayBeNumber(word), word);
        }
    }

    @Example
    void negativeNumbersAreStillValuesNotOptions() {
        for (String number : new String[] {"-5", "-0x10", "-1.5", "-Infinity", "-NaN", " -7", "-1e3", "-#ff"}) {
            CommandLine.ParseResult result = new CommandLine(spec()).parseArgs("--value", number, number);
            assertEquals(number, result.matchedOptionValue("--value", null), number);
            assertEquals(number, result.matchedPositionalValue(0, null), number);
        }
    }

    @Example
    void unknownOptionsAreStillRefused() {
        for (String word : new String[] {"-q", "--quiet", "-x5"}) {
            CommandLine.UnmatchedArgumentException refused = assertThrows(CommandLine.UnmatchedArgumentException.class,
                    () -> new CommandLine(spec()).parseArgs(word));
            assertTrue(refused.getMessage().contains("Unknown option"), refused.getMessage());
        }
    }

    /** An option with a value, a flag and one positional: what both picocli patch tests parse into. */
    static CommandLine.Model.CommandSpec spec() {
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();
        spec.addOption(CommandLine.Model.OptionSpec.builder("--value").arity("1").type(String.class).build());
        spec.addOption(CommandLine.Model.OptionSpec.builder("-v").arity("0").build());
        spec.addPositional(CommandLine.Model.PositionalParamSpec.builder().arity("0..1").type(String.class).build());
        return spec;
    }
}
