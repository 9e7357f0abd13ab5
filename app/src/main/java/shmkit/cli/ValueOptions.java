package shmkit.cli;

import java.util.List;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.TypeConversionException;
import shmkit.ShmException;
import shmkit.value.Layout;
import shmkit.value.Shape;
import shmkit.value.Stores;
import shmkit.value.ValueType;

/**
 * The typed-value options, one meaning in every command that has them: --as TYPE, --count N,
 * --layout SPEC and --json (read, write, watch, and the shell later), or --as alone (add, cas).
 * Like SegmentOptions it keeps no values of its own: it declares the specs on its command and reads
 * them back, so the command stays reusable.
 */
final class ValueOptions {
    static final String TYPES = ValueType.NAMES + "; " + ValueType.ORDERS + "; or C's names: int, 'unsigned short', "
            + "uint64_t, size_t, double and the rest";
    static final String LAYOUTS = "NAME:TYPE fields ('bar:i32 baz:i32', temps:f64[4], name:char[16], 'packed ...'), "
            + "C ('struct foo { int bar; int baz; }'), a Python struct format ('<iiq'), or @FILE (a C header: @foo.h, "
            + "@foo.h:NAME for one of several structs)";

    /** What --as completes to: every type, bare and with each byte order (u32, u32le, u32be). */
    static final List<String> TYPE_NAMES = typeNames();

    /**
     * A loop, not a stream: this runs as read and write start, and a JVM's first stream costs it
     * ~4 ms (its flags are an EnumMap, filled by reflection).
     */
    private static List<String> typeNames() {
        List<String> names = new java.util.ArrayList<>();
        for (String name : ValueType.NAMES.split(" ")) {
            names.add(name);
            if (!name.endsWith("8")) {
                names.add(name + "le");
                names.add(name + "be");
            }
        }
        return List.copyOf(names);
    }

    private final Subcommand command;
    private final OptionSpec as;
    private final OptionSpec count;
    private final OptionSpec layout;
    private final OptionSpec struct;
    private final OptionSpec json;
    private final PositionalParamSpec values;
    private final boolean jsonAlone;

    /** --as, --count, --layout and --json, for commands that print values (read, watch). */
    static ValueOptions forReading(Subcommand command) {
        return new ValueOptions(command, true, true, false, false, true);
    }

    /**
     * --as, --layout and --json for watch, whose --count counts changes (so an array is watched through
     * a layout: --layout 'v:i32[4]').
     */
    static ValueOptions forWatching(Subcommand command) {
        return new ValueOptions(command, true, true, false, false, false, true);
    }

    /** --as, --count and --layout, and the values or FIELD=VALUE pairs after NAME (write). */
    static ValueOptions forWriting(Subcommand command) {
        return new ValueOptions(command, true, false, true, false, true);
    }

    /** --as alone and required, for one atomic value (add, cas). */
    static ValueOptions typeOnly(Subcommand command) {
        return new ValueOptions(command, false, false, false, true, false);
    }

    private ValueOptions(Subcommand command, boolean shapes, boolean printing, boolean writing, boolean required,
                         boolean counting) {
        this(command, shapes, printing, writing, required, counting, false);
    }

    /** @param jsonAlone whether --json also prints bytes (watch: lines of JSON strings and events) */
    private ValueOptions(Subcommand command, boolean shapes, boolean printing, boolean writing, boolean required,
                         boolean counting, boolean jsonAlone) {
        this.command = command;
        this.jsonAlone = jsonAlone;
        this.as = command.option(OptionSpec.builder("--as").paramLabel("TYPE").type(ValueType.class)
                .converters(ValueOptions::parseType).required(required).completionCandidates(TYPE_NAMES)
                .description((required ? "The value's type: " : writing ? "Write the VALUEs as TYPE: " : "Print the bytes as values of TYPE: ")
                        + TYPES + "."));
        this.count = !shapes || !counting ? null : command.option(OptionSpec.builder("--count").paramLabel("N").type(Long.class)
                .converters(new SizeConverter())
                .description(writing ? "With --as: write N values (one VALUE is repeated N times)."
                        : "With --as: N consecutive values (an array), one a line."));
        this.layout = !shapes ? null : command.option(OptionSpec.builder("--layout").paramLabel("SPEC").type(String.class)
                .description("A struct at --offset, laid out as gcc lays it out: " + LAYOUTS + ". See 'shm layout'."));
        this.struct = !shapes ? null : command.option(OptionSpec.builder("--struct").paramLabel("NAME").type(String.class)
                .description("With --layout: the struct or union of a C header to use, by tag or typedef name."));
        this.json = !printing ? null : command.flag(jsonAlone
                ? "Print JSON lines: the value (a number with --as, an object of the fields that changed with "
                + "--layout, else a string of what the line shows; --text's as UTF-8); with --timestamps or "
                + "events, an object a line: {\"time\":...,\"value\":...} and {\"event\":\"grew\",\"from\":...,\"to\":...}."
                : "With --as or --layout: print JSON (a number, an array for --count, "
                + "an object for --layout).", "--json");
        this.values = !writing ? null : command.positional(PositionalParamSpec.builder().index("1..*").arity("0..*")
                .paramLabel("VALUE").type(List.class).auxiliaryTypes(String.class)
                .description("With --as: values for consecutive elements (1 2 3); with --layout: FIELD=VALUE "
                        + "(bar=31337, temps=1,2,3,4, temps[2]=5, name=text)."));
    }

    private static ValueType parseType(String text) {
        try {
            return ValueType.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** --layout SPEC with --struct NAME; refused as picocli refuses a value it cannot convert (exit 2). */
    static Layout parseLayout(Subcommand command, String text, String struct) {
        return parseLayout(command, text, struct, "invalid value for option '--layout' (SPEC): ");
    }

    static Layout parseLayout(Subcommand command, String text, String struct, String prefix) {
        try {
            return Layout.parse(text, struct);
        } catch (ShmException e) {
            throw command.usageError(prefix + e.getMessage());
        }
    }

    /**
     * Whether any of these options was given: the command works on typed values rather than bytes
     * ({@link #shape()} then refuses --count or --json without --as or --layout).
     */
    boolean given() {
        return command.given(as) || layout != null && command.given(layout) || struct != null && command.given(struct)
                || count != null && command.given(count)
                || json != null && command.given(json) && !jsonAlone;
    }

    ValueType type() {
        return as.getValue();
    }

    boolean json() {
        return json != null && command.isSet(json);
    }

    /** The positionals after NAME (write): values, FIELD=VALUE pairs, or without --as the TEXT. */
    List<String> values() {
        List<String> list = values == null ? null : values.getValue();
        return list == null ? List.of() : list;
    }

    /** What --as/--count or --layout lays over the bytes; checks the options against each other. */
    Shape shape() {
        Long n = count == null ? null : count.getValue();
        boolean typed = command.given(as);
        boolean laidOut = layout != null && command.given(layout);
        if (typed && laidOut) {
            throw command.usageError("give --as or --layout, not both (a layout names each field's type)");
        }
        if (n != null && !typed) {
            throw command.usageError("--count needs --as TYPE (the type of the values it counts)");
        }
        if (n != null && n < 1) {
            throw command.usageError("--count " + n + " is not a count; give 1 or more");
        }
        if (struct != null && command.given(struct) && !laidOut) {
            throw command.usageError("--struct needs --layout @FILE or --layout 'C declarations' (it picks one of their structs)");
        }
        if (json() && !typed && !laidOut && !jsonAlone) {
            throw command.usageError("--json needs --as TYPE or --layout SPEC (it prints typed values)");
        }
        if (laidOut) {
            return parseLayout(command, layout.getValue(), struct.getValue());
        }
        if (!typed) {
            return null;
        }
        ValueType type = type();
        long elements = n == null ? 1 : n;
        if (elements > Long.MAX_VALUE / type.size()) {
            throw command.usageError("--count " + n + " of " + type + " is more bytes than a segment can hold");
        }
        return new Shape.Values(type, elements, n != null);
    }

    /**
     * write --as/--layout: the values after NAME, parsed and checked in full. Call it before the
     * segment is opened, so a refused write changes nothing.
     */
    Stores stores() {
        Shape shape = shape();
        return shape instanceof Layout struct ? Stores.fields(struct, values())
                : Stores.values(type(), count.getValue(), values());
    }
}
