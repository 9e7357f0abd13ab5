package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** create --mode's check by hand says what the pattern it replaced said, for strings near and far from a mode. */
class CreateModeProperties {
    @Property(tries = 3000)
    void the_hand_check_agrees_with_the_pattern(@ForAll("modes") String digits) {
        assertEquals(digits.matches("0?[0-7]{3}"), CreateCommand.isOctalMode(digits), digits);
    }

    @Example
    void modes_with_and_without_their_prefixes() {
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(CreateCommand.parseMode("0o644")));
        assertEquals("rwxrwxrwx", java.nio.file.attribute.PosixFilePermissions.toString(CreateCommand.parseMode("0o0777")));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(CreateCommand.parseMode("0600")));
        for (String bad : new String[] {"00777", "7777", "0o", "", "0o00644", "64", "0x644", "648"}) {
            assertThrows(picocli.CommandLine.TypeConversionException.class, () -> CreateCommand.parseMode(bad), bad);
        }
    }

    @Provide
    Arbitrary<String> modes() {
        return Arbitraries.strings().withChars("0123456789o-x ").ofMinLength(0).ofMaxLength(6);
    }
}
