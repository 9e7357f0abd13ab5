package shmkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.classfile.BootstrapMethodEntry;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a cold start must not meet in shm's own classes (docs/architecture.md, "What costs a cold
 * start"), read from the compiled classes themselves: a switch of patterns bootstraps through
 * SwitchBootstraps, which spins a class at run time in every JVM that runs it (the AOT cache cannot
 * keep it: milliseconds on each typed, layout or other-kind command). Written as instanceof instead.
 */
class ColdStartTest {
    @Test
    void no_class_of_shm_switches_on_patterns() throws IOException, URISyntaxException {
        Path classes = Path.of(ShmException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> found = new ArrayList<>();
        int read = 0;
        try (Stream<Path> files = Files.walk(classes.resolve("shmkit"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                ClassModel model = ClassFile.of().parse(Files.readAllBytes(file));
                read++;
                for (BootstrapMethodEntry entry : bootstrapMethods(model)) {
                    String owner = entry.bootstrapMethod().reference().owner().asInternalName();
                    if (owner.equals("java/lang/runtime/SwitchBootstraps")) {
                        found.add(model.thisClass().asInternalName() + " (" + entry.bootstrapMethod().reference().name() + ")");
                    }
                }
            }
        }
        assertTrue(read > 100, "read " + read + " classes of shm from " + classes);
        assertEquals(List.of(), found, "switches of patterns (SwitchBootstraps): use instanceof");
    }

    private static List<BootstrapMethodEntry> bootstrapMethods(ClassModel model) {
        List<BootstrapMethodEntry> entries = new ArrayList<>();
        for (int i = 0; i < model.constantPool().bootstrapMethodCount(); i++) {
            entries.add(model.constantPool().bootstrapMethodEntry(i));
        }
        return entries;
    }
}
