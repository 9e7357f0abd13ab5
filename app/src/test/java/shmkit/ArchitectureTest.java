package shmkit;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture of docs/architecture.md as a test (ArchUnit): the core never imports picocli or
 * jline, mapped memory never leaves segment/, the layers depend downwards only, and no two
 * packages depend on each other.
 */
class ArchitectureTest {
    /** Everything but the command line: what a plain Java program (or test) drives. */
    private static final String[] CORE = {"shmkit.ops..", "shmkit.segment..", "shmkit.value..", "shmkit.hex..",
        "shmkit.watch..", "shmkit.inspect..", "shmkit.text..", "shmkit.sys.."};

    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("shmkit");
    }

    @Test
    void the_core_never_imports_picocli_or_jline() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("picocli..", "org.jline..", "me.tongfei..")
                .check(classes);
    }

    @Test
    void the_core_never_reaches_up_into_the_command_line() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat().resideInAPackage("shmkit.cli..")
                .check(classes);
        noClasses().that().resideInAnyPackage("shmkit.segment..", "shmkit.value..", "shmkit.hex..", "shmkit.watch..",
                        "shmkit.inspect..", "shmkit.text..", "shmkit.sys..")
                .should().dependOnClassesThat().resideInAPackage("shmkit.ops..")
                .check(classes);
    }

    @Test
    void the_segment_package_stands_on_nothing_of_ours_but_text_and_native_calls() {
        noClasses().that().resideInAPackage("shmkit.segment..")
                .should().dependOnClassesThat().resideInAnyPackage("shmkit.value..", "shmkit.hex..", "shmkit.watch..",
                        "shmkit.inspect..", "shmkit.ops..", "shmkit.cli..", "shmkit.aot..")
                .check(classes);
    }

    @Test
    void only_the_segment_package_maps_files() {
        noClasses().that().resideOutsideOfPackage("shmkit.segment..")
                .should().callMethodWhere(describe("FileChannel.map",
                        (JavaMethodCall call) -> call.getTarget().getName().equals("map")
                                && call.getTarget().getOwner().isAssignableTo(FileChannel.class)))
                .check(classes);
    }

    @Test
    void mapped_memory_never_leaves_the_segment_package() {
        methods().that().areDeclaredInClassesThat().resideInAPackage("shmkit.segment..").and().arePublic()
                .should().notHaveRawReturnType(MemorySegment.class)
                .because("other packages reach mapped bytes through Memory, whose every access is guarded")
                .check(classes);
        methods().that().areDeclaredInClassesThat().resideInAPackage("shmkit.segment..").and().arePublic()
                .should().notHaveRawReturnType(Arena.class)
                .check(classes);
    }

    @Test
    void no_package_cycles() {
        slices().matching("shmkit.(*)..").should().beFreeOfCycles().check(classes);
    }
}
