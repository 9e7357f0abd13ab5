package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** create --mode's check by hand says what the pattern it replaced said, for strings near and far from a mode. */
class CreateModeProperties {
    @Property(tries = 3000)
    void the_hand_check_agrees_with_the_pattern(@ForAll("modes") String digits) {
        assertEquals(digits.matches("0?[0-7]{3}"), CreateCommand.isOctalMode(digits), digits);
    }

    @Provide
    Arbitrary<String> modes() {
        return Arbitraries.strings().withChars("0123456789o-x ").ofMinLength(0).ofMaxLength(6);
    }
}
