package shmkit.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Attributes;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * The man pages (docs/man/shm.1, shm-create.1, ...), made from the same command model the program
 * runs: picocli's ManPageGenerator writes AsciiDoc, Asciidoctor's manpage backend turns it into roff.
 * Build tooling, not part of shm.jar (test scope: scripts/man runs it, ManPagesTest checks the
 * committed pages against it). The pages carry no date, so regenerating changes nothing unless a
 * command changed.
 *
 * <p>{@code ManPages DIR} writes the pages into DIR and removes pages there of commands that are gone.
 */
public final class ManPages {
    private ManPages() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ManPages DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Map<String, String> pages = pages();
        try (var old = Files.newDirectoryStream(dir, "shm*.1")) {
            for (Path page : old) {
                if (!pages.containsKey(page.getFileName().toString())) {
                    Files.delete(page);
                }
            }
        }
        for (var page : pages.entrySet()) {
            Path file = dir.resolve(page.getKey());
            if (!Files.exists(file) || !Files.readString(file).equals(page.getValue())) {
                Files.writeString(file, page.getValue());
                System.err.println("wrote " + file);
            }
        }
    }

    /** The whole command line as the man pages see it: no terminal, no colour, 80 columns. */
    static CommandLine commandLine() {
        Io io = new Io(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(), Map.of(), false, false, false);
        CommandLine root = Cli.commandLine(io);
        root.getCommandSpec().removeSubcommand("help"); // 'shm help CMD' is 'man shm-CMD' here
        return root;
    }

    /** File name ("shm-create.1") to roff, the root first, then the visible commands in --help order. */
    public static Map<String, String> pages() {
        Map<String, String> adoc = asciiDoc(commandLine());
        Map<String, String> pages = new LinkedHashMap<>();
        try (Asciidoctor asciidoctor = Asciidoctor.Factory.create()) {
            Options options = Options.builder().backend("manpage").standalone(true).safe(SafeMode.SAFE)
                    .attributes(Attributes.builder().attribute("reproducible", "").build()).build();
            for (var page : adoc.entrySet()) {
                pages.put(page.getKey(), asciidoctor.convert(page.getValue(), options));
            }
        }
        return pages;
    }

    /**
     * File name ("shm-create.1") to the AsciiDoc picocli writes for it, with headings as man pages
     * spell them ("Examples", not --help's "Examples:") and a See also section linking the pages.
     */
    static Map<String, String> asciiDoc(CommandLine root) {
        Map<String, String> pages = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        add(root.getCommandSpec(), pages, names);
        Map<String, String> finished = new LinkedHashMap<>();
        for (var page : pages.entrySet()) {
            String self = page.getKey().replaceFirst("\\.1$", "");
            List<String> others = names.stream().filter(name -> !name.equals(self))
                    .map(name -> "*" + name + "*(1)").toList();
            String text = HEADING_COLON.matcher(page.getValue()).replaceAll("== $1");
            finished.put(page.getKey(), text + "\n== See also\n\n" + String.join(", ", others) + "\n");
        }
        return finished;
    }

    private static final Pattern HEADING_COLON = Pattern.compile("(?m)^==\\s+(.*?):\\s*$");

    private static void add(CommandSpec spec, Map<String, String> pages, List<String> names) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            ManPageGenerator.writeSingleManPage(out, spec);
        }
        names.add(spec.qualifiedName("-"));
        pages.put(spec.qualifiedName("-") + ".1", text.toString());
        for (CommandLine sub : spec.subcommands().values()) {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                add(sub.getCommandSpec(), pages, names);
            }
        }
    }
}
