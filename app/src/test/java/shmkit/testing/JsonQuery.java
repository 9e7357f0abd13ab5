package shmkit.testing;

import java.util.List;
import java.util.Map;

/**
 * Reads shm's --json output with a parser shm did not write (Python's json module): the document
 * is {@code d}, and each expression's value is printed with repr() on its own line.
 */
public final class JsonQuery {
    private JsonQuery() {}

    public static List<String> query(String json, String... expressions) {
        StringBuilder script = new StringBuilder("import json, sys\nd = json.loads(sys.stdin.read())\n");
        for (String expression : expressions) {
            script.append("print(repr(").append(expression).append("))\n");
        }
        CommandRun run = Shm.exec(List.of("python3", "-c", script.toString()),
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
        if (run.exit() != 0) {
            throw new AssertionError("not valid JSON, or the query failed:\n" + json + "\n" + run);
        }
        return run.out().lines().toList();
    }

    public static String one(String json, String expression) {
        return query(json, expression).get(0);
    }
}
