package shmkit.value;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import shmkit.testing.Shm;
import org.junit.jupiter.api.Test;

/** The docs and help list the value types from the one list (ValueType.Kind): a new type cannot be left out. */
class TypedDocsTest {
    @Test
    void the_docs_list_every_type() throws IOException {
        String docs = Files.readString(Shm.root().resolve("docs/typed-values.md"));
        assertTrue(docs.contains("`" + ValueType.NAMES + "`"), "docs/typed-values.md lists `" + ValueType.NAMES + "`");
        for (ValueType.Kind kind : ValueType.Kind.values()) {
            assertTrue(ValueType.NAMES.contains(kind.lowerName()), kind + " is named");
        }
    }

    @Test
    void the_man_pages_list_every_type() throws IOException {
        for (String page : new String[] {"shm-read.1", "shm-write.1", "shm-add.1"}) {
            String text = Files.readString(Shm.root().resolve("docs/man/" + page)).replace("\\-", "-");
            assertTrue(text.replaceAll("\\s+", " ").contains(ValueType.NAMES), page + " lists " + ValueType.NAMES);
        }
    }
}
