package shmkit.testing;

/** What one shm invocation did; its toString shows both streams, so a failed assertion explains itself. */
public record CommandRun(int exit, String out, String err, byte[] outBytes) {
    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
    }

    /** stderr as its lines. */
    public java.util.List<String> errLines() {
        return err.lines().toList();
    }
}
