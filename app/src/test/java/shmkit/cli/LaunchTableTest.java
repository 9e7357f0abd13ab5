package shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import shmkit.testing.Shm;

/**
 * The launcher's family table is generated from Commands.FAMILIES: the one list of commands and the
 * AOT cache each starts from. Run with -Dshm.update=true to rewrite the table after changing it.
 */
class LaunchTableTest {
    private static final String BEGIN = "  # BEGIN generated families\n";
    private static final String END = "  # END generated families\n";

    @Test
    void the_launcher_s_table_is_the_one_commands_make() throws IOException {
        Path launch = Shm.root().resolve("scripts/lib/launch.sh");
        String text = Files.readString(launch, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "launch.sh has the generated markers");
        String expected = text.substring(0, begin + BEGIN.length()) + Commands.launchTable() + text.substring(end);
        if (Boolean.getBoolean("shm.update")) {
            Files.writeString(launch, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, text, "scripts/lib/launch.sh's table is out of date: run this test with -Dshm.update=true");
    }

    @Test
    void every_command_belongs_to_a_family_the_training_knows() {
        assertEquals(Commands.names().size(), Commands.FAMILIES.size());
        for (String family : Commands.cacheFamilies()) {
            assertTrue(shmkit.aot.AotTraining.FAMILIES.contains(family), family + " has a training");
        }
    }
}
