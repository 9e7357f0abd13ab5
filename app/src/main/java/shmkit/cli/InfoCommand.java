package shmkit.cli;

import picocli.CommandLine.Model.OptionSpec;
import shmkit.inspect.KindReport;
import shmkit.inspect.LocalZone;
import shmkit.inspect.PagePicture;
import shmkit.inspect.Proc;
import shmkit.inspect.Report;
import shmkit.segment.Segment;
import shmkit.segment.SegmentName;

/** shm info: one segment in full: facts, file system, who maps and locks it, and, on request, its pages. */
final class InfoCommand extends Subcommand {
    private final SegmentOptions segment = SegmentOptions.nameOnly(this);
    private final OptionSpec pages;
    private final OptionSpec json;
    private final OptionSpec noUsed;

    InfoCommand(Context context) {
        super(context, "info", "Show a segment: path, kind, size, allocated bytes, mode, owner, inode, every process "
                        + "that maps it and every lock on it, and warnings when others can reach it.",
                "Processes are found in /proc/PID/maps by device and inode, so a mapping made through another path "
                        + "counts too; processes of other users cannot be read unless you are root, and are "
                        + "counted as not checked. --pages draws which pages are in memory, counted as fincore "
                        + "does (mincore: no page is touched).");
        pages = flag("Draw the pages: one cell per page (or per group of pages for a big segment), resident or not, "
                + "with totals. Width from COLUMNS (default 80).", "-p", "--pages");
        json = flag("The same facts as one JSON object (with --pages: the counts per cell).", "--json");
        noUsed = flag("Leave out the allocated bytes (JSON: allocated null). Measuring them binds statx through the "
                + "JDK's FFM linker, which costs more than the rest of info (~0.1 s).", "--no-used");
        examples("shm info demo", "shm info demo --pages", "shm info ./data.bin --json", "shm info sysv:0x5d000a1b",
                "shm info pid:4242@0x7f3a1c000000");
    }

    @Override
    protected int run() {
        Proc proc = Proc.system();
        SegmentName name = segment.name();
        if (!name.isFile()) {
            return other(name, proc);
        }
        Report report = Report.gather(name, !isSet(noUsed), proc);
        int width = Math.max(24, terminalWidth(io));
        if (isSet(pages)) {
            // Mapped read-only and never touched: mincore only reads the page tables.
            try (Segment opened = context.opener().open(segment.name())) {
                report = report.withPages(opened.residency(proc.pageSize(), PagePicture.maxCells(width, opened.size())));
            }
        }
        io.text().print(isSet(json) ? report.json() : report.text(LocalZone.rules(), width, io.colorAllowed()));
        return 0;
    }

    /** A System V segment or a process's memory: what it is, who maps it, whether you may write it. */
    private int other(SegmentName name, Proc proc) {
        KindReport report = KindReport.gather(name, proc);
        int width = Math.max(24, terminalWidth(io));
        if (isSet(pages)) {
            try (Segment opened = context.opener().open(name)) {
                report = report.withPages(opened.residency(proc.pageSize(), PagePicture.maxCells(width, opened.size())));
            }
        }
        io.text().print(isSet(json) ? report.json() : report.text(LocalZone.rules(), width, io.colorAllowed()));
        return 0;
    }
}
