package shmkit.testing;

/** What one shm invocation did; its toString shows both streams, so a failed assertion explains itself. */
public record CommandRun(int exit, String out, String err, byte[] outBytes) {
    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
    }

    /** Asserts the run succeeded (showing both streams if not) and returns it. */
    public static CommandRun ok(CommandRun run) {
        org.junit.jupiter.api.Assertions.assertEquals(0, run.exit(), run::toString);
        return run;
    }

    /** stderr as its lines. */
    public java.util.List<String> errLines() {
        return err.lines().toList();
    }
}
