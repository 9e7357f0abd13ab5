package shmkit.ops;

import java.nio.file.Path;

/**
 * What operations need of their surroundings, as plain values: how to reach segments, standard
 * input and output, progress, interrupts, and where scratch files may go. Built by the CLI from
 * its streams (and, in the shell, the shell's segment); built by tests from whatever they like.
 *
 * @param scratch the folder for temporary files (TMPDIR)
 */
public record Env(Opener opener, Input in, Output out, Meter.Factory meters, Interrupts interrupts, Path scratch) {
}
