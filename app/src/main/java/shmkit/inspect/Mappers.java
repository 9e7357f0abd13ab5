package shmkit.inspect;

import shmkit.text.SafeText;

import java.util.Collection;

/** How rm and resize name the processes that map a segment in one line: "pid 1234 (python3 -c ...)". */
public final class Mappers {
    private static final int COMMAND_WIDTH = 60;

    private Mappers() {}

    public static String describe(Collection<Long> pids, Proc proc) {
        StringBuilder out = new StringBuilder(pids.size() == 1 ? "pid " : "pids ");
        String separator = "";
        for (long pid : pids) {
            out.append(separator).append(pid);
            String command = proc.commandLine(pid);
            if (command != null) {
                String shown = SafeText.line(command);
                out.append(" (").append(shown.length() > COMMAND_WIDTH ? shown.substring(0, COMMAND_WIDTH - 3) + "..." : shown)
                        .append(')');
            }
            separator = ", ";
        }
        return out.toString();
    }
}
