package shmkit.cli.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.jline.utils.InfoCmp;
import org.junit.jupiter.api.Test;

/** The capabilities a terminal gets without infocmp: jline's own copy for the type, or its family's. */
class TerminalsTest {
    @Test
    void a_type_jline_ships_keeps_its_own_capabilities() {
        assertEquals("xterm-256color", Terminals.type("xterm-256color"));
        assertEquals(InfoCmp.getDefaultInfoCmp("xterm-256color"), InfoCmp.getLoadedInfoCmp("xterm-256color"));
    }

    @Test
    void other_types_take_the_nearest_family_jline_ships() {
        assertEquals("screen-256color", Terminals.family("tmux-256color"));
        assertEquals("screen", Terminals.family("tmux"));
        assertEquals("xterm-256color", Terminals.family("xterm-kitty-256color"));
        assertEquals("xterm-256color", Terminals.family("alacritty-direct"));
        assertEquals("rxvt-unicode-256color", Terminals.family("rxvt-unicode-256color-x"));
        assertEquals("ansi", Terminals.family("linux"));
        assertEquals("dumb", Terminals.family("dumb-emacs"));
        String type = Terminals.type("tmux-256color-test-" + System.nanoTime());
        assertEquals(InfoCmp.getDefaultInfoCmp("screen-256color"), InfoCmp.getLoadedInfoCmp(type));
    }

    @Test
    void no_term_at_all_is_ansi() {
        assertEquals("ansi", Terminals.type(null));
        assertNotNull(InfoCmp.getLoadedInfoCmp("ansi"));
    }
}
