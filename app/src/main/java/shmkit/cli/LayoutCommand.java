package shmkit.cli;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import shmkit.value.Layout;
import shmkit.value.c.Emitters;

/** shm layout: where a spec puts each field, as C would, before any byte is read or written with it. */
final class LayoutCommand extends Subcommand {
    private final PositionalParamSpec layout;
    private final OptionSpec struct;
    private final OptionSpec json;
    private final OptionSpec c;
    private final OptionSpec python;
    private final OptionSpec ctypes;

    LayoutCommand(Context context) {
        super(context, "layout", "Show where a --layout SPEC puts each field: offset, size, type, holes and total size; "
                        + "or the same struct for C, Python's struct or ctypes.",
                "A SPEC is " + ValueOptions.LAYOUTS + ". Structs are laid out as gcc lays them out on this platform "
                        + "(x86-64 System V): padding, packed, aligned(N), _Alignas, #pragma pack, bit fields; Python's "
                        + "formats as Python's struct module does (no padding at the end). Types of shm's fields: "
                        + ValueOptions.TYPES + ". The output is C with each member's offset and size, like pahole's.");
        layout = positional(PositionalParamSpec.builder().index("0").paramLabel("SPEC").type(String.class)
                .description("The struct: fields, C, a Python struct format, or @FILE."));
        struct = option(OptionSpec.builder("--struct").paramLabel("NAME").type(String.class)
                .description("The struct or union of a C header to show, by tag or typedef name (or @FILE:NAME)."));
        exclusive(flagBuilder("Print the layout as JSON: size, align, packed and each field's name, type, offset, size, "
                        + "count (bit fields: bit_offset, bits).", "--json"),
                flagBuilder("Print a C struct with this layout, to compile into the program on the other side.", "--c"),
                flagBuilder("Print a Python struct format with this layout ('<' with explicit padding: the same on "
                        + "every machine).", "--python-struct"),
                flagBuilder("Print a Python ctypes.Structure class with this layout.", "--ctypes"));
        json = optionNamed("--json");
        c = optionNamed("--c");
        python = optionNamed("--python-struct");
        ctypes = optionNamed("--ctypes");
        examples("shm layout 'bar:i32 baz:i32'", "shm layout 'struct foo { int bar; int baz; }'",
                "shm layout @foo.h:foo --python-struct", "shm layout '<iiq' --c",
                "shm layout 'packed flag:u8 count:u32' --ctypes", "shm layout @sensor.layout --json");
    }

    @Override
    protected int run() {
        Layout struct = ValueOptions.parseLayout(this, layout.getValue(), this.struct.getValue(), "");
        String text = isSet(json) ? struct.describeJson() : isSet(c) ? Emitters.c(struct)
                : isSet(python) ? Emitters.pythonStruct(struct) + "\n" : isSet(ctypes) ? Emitters.ctypes(struct) : struct.describe();
        io.text().print(text);
        return 0;
    }
}
