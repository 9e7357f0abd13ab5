package shmkit.cli.terminal;

import java.io.IOException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;
import org.jline.utils.InfoCmp;

/**
 * The one place shm builds a jline terminal (the shell's prompt, the watch screen, the width of a
 * progress bar), so that none of them runs a program to set one up. jline's exec provider runs
 * {@code test -t}, {@code tty} and {@code stty} from PATH, and every provider runs {@code infocmp} from
 * PATH for the terminal's capabilities: with shm's own {@code scripts/} on PATH, {@code test} was the
 * project's test script. Here only the FFM provider is loaded (isatty, tcgetattr, ioctl through the
 * FFM linker; the jar's manifest enables native access for it), and the capabilities are jline's own
 * copies, chosen by the family of $TERM, so no process is started and no time is spent on one.
 */
public final class Terminals {
    private static final String PROVIDER = TerminalBuilder.PROP_PROVIDER_FFM;

    private Terminals() {
    }

    /**
     * The terminal on standard input and output.
     *
     * @param dumb whether a dumb terminal will do when they are not a terminal jline can drive (false:
     *             the build fails with an IllegalStateException instead)
     */
    public static Terminal system(boolean dumb) throws IOException {
        String type = type(System.getenv("TERM"));
        return TerminalBuilder.builder().system(true).type(type).provider(PROVIDER)
                .ffm(true).exec(false).jni(false).jna(false).jansi(false).dumb(dumb).build();
    }

    /** The width of the terminal on standard error, or -1 when it is not a terminal. */
    public static int stderrColumns() {
        try {
            TerminalProvider ffm = TerminalProvider.load(PROVIDER);
            return ffm.isSystemStream(SystemStream.Error) ? ffm.systemStreamWidth(SystemStream.Error) : -1;
        } catch (IOException | RuntimeException | LinkageError e) {
            return -1;
        }
    }

    /**
     * The type to give jline for $TERM, with its capabilities loaded: jline's copy for the type when it
     * ships one (xterm, xterm-256color, screen, screen-256color, rxvt-unicode, ansi, dumb, ...),
     * else the copy of the nearest family (tmux-256color takes screen-256color's, as tmux is made to
     * be screen-compatible; an unknown type takes ansi's, jline's own fallback).
     */
    static String type(String term) {
        String type = term == null || term.isBlank() ? "ansi" : term;
        if (InfoCmp.getLoadedInfoCmp(type) == null) {
            String caps = InfoCmp.getDefaultInfoCmp(type);
            InfoCmp.setLoadedInfoCmp(type, caps != null ? caps : InfoCmp.getDefaultInfoCmp(family(type)));
        }
        return type;
    }

    /** The type jline ships that is nearest to {@code type}. */
    static String family(String type) {
        boolean many = type.contains("256color") || type.contains("truecolor") || type.contains("direct");
        if (type.startsWith("dumb")) {
            return "dumb";
        } else if (type.startsWith("screen") || type.startsWith("tmux")) {
            return many ? "screen-256color" : "screen";
        } else if (type.startsWith("rxvt")) {
            return many ? "rxvt-unicode-256color" : "rxvt-unicode";
        } else if (type.startsWith("xterm") || many) {
            return many ? "xterm-256color" : "xterm";
        }
        return "ansi";
    }
}
