package shmkit.cli;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.TypeConversionException;
import shmkit.ShmException;
import shmkit.value.Layout;

/** shm layout: where a spec puts each field, as C would, before any byte is read or written with it. */
final class LayoutCommand extends Subcommand {
    private final PositionalParamSpec layout;
    private final OptionSpec json;

    LayoutCommand(Context context) {
        super(context, "layout", "Show where a --layout SPEC puts each field: offset, size, type, holes and total size.",
                "Fields are NAME:TYPE (" + ValueOptions.TYPES + "), NAME:TYPE[N] for an array and NAME:char[N] "
                        + "for text, laid out as gcc lays out the same C struct on this platform: each field at a "
                        + "multiple of its element's size, the size rounded up to the largest. 'packed' first: no padding. "
                        + "@FILE reads the spec from FILE, one field a line, # for comments. The output is C, like pahole's.");
        layout = positional(PositionalParamSpec.builder().index("0").paramLabel("SPEC").type(Layout.class)
                .converters(LayoutCommand::parse).description("The fields, or @FILE."));
        json = flag("Print the layout as JSON: size, align, packed and each field's name, type, offset, size, count.",
                "--json");
        examples("shm layout 'bar:i32 baz:i32'", "shm layout 'flag:u8 temps:f64[4] name:char[16]'",
                "shm layout 'packed flag:u8 count:u32'", "shm layout @sensor.layout --json");
    }

    private static Layout parse(String text) {
        try {
            return Layout.parse(text);
        } catch (ShmException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    @Override
    protected int run() {
        Layout struct = layout.getValue();
        io.text().print(isSet(json) ? struct.describeJson() : struct.describe());
        return 0;
    }
}
