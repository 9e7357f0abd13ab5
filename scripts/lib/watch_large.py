#!/usr/bin/env python3
"""What a watch of a large region costs, and how soon it sees a change where it was not looking.

The region (a file in /dev/shm, written so every page is real memory) holds a long text: LINE bytes
of 'a', then NULs. The reader under test prints it as a line (watch --text) and again at each change.
A Python writer (mmap, knowing nothing of shm) stamps CLOCK_MONOTONIC ('t=<ns>') into the text, the
reader prints the line with the stamp, and this process times the line's arrival; then the writer
puts the 'a's back. The first stamp goes into the text's first page; the others each into a page of
the text never written before, well past its first 64 KiB: a cold page, one nothing has drawn
attention to. Peak RSS is the reader's VmHWM (the launcher execs java: the PID is the JVM), idle CPU
its utime+stime while nothing is written.

  watch_large.py --size 1G --line 4M --cold 5 --idle 5 [--goal-rss MIB] LABEL 'command; {file} is the region' ...

Prints a markdown table, one row per reader. With --goal-rss, a line saying whether the first reader's
peak RSS stayed under MIB, also appended as a summary row to the file $BENCH_SUMMARY names, if any
(scripts/bench's table of the issues' goals).
"""
import argparse, mmap, os, random, select, statistics, subprocess, sys, tempfile, time

from bench import record_goal

PAGE = 4096


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


class Lines:
    """A reader's stdout, a line at a time, each with its arrival time."""

    def __init__(self, stream):
        self.fd = stream.fileno()
        self.pending = b""
        self.ready = []

    def next(self, timeout):
        end = time.monotonic() + timeout
        while not self.ready:
            left = end - time.monotonic()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                return None, None
            chunk = os.read(self.fd, 1 << 20)
            arrived = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
            if not chunk:
                return None, None
            *complete, self.pending = (self.pending + chunk).split(b"\n")
            self.ready += [(line, arrived) for line in complete]
        return self.ready.pop(0)

    def until(self, wanted, timeout, what):
        end = time.monotonic() + timeout
        while True:
            line, arrived = self.next(max(0.0, end - time.monotonic()))
            if line is None:
                sys.exit(f"watch_large: no line with {what} within {timeout:g} s")
            if wanted(line):
                return arrived


def stamp_and_restore(m, lines, at, timeout):
    stamp = b"t=%d" % time.clock_gettime_ns(time.CLOCK_MONOTONIC)
    written = int(stamp[2:])
    m[at:at + len(stamp)] = stamp
    arrived = lines.until(lambda line: stamp in line, timeout, f"the stamp at offset {at}")
    m[at:at + len(stamp)] = b"a" * len(stamp)
    lines.until(lambda line: b"t=" not in line, timeout, "the stamp removed")
    return arrived - written


def run(command, path, size, line, colds, idle, timeout):
    with open(path, "r+b") as f:
        m = mmap.mmap(f.fileno(), 0)
    m[0:line] = b"a" * line
    started = time.monotonic()
    reader = subprocess.Popen(["bash", "-c", f"exec {command}"], stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        lines = Lines(reader.stdout)
        lines.until(lambda l: len(l) == line, timeout, "the first value")
        start = time.monotonic() - started
        time.sleep(random.uniform(1, 2))
        first = stamp_and_restore(m, lines, 0, timeout)
        pages = random.sample(range(16, line // PAGE - 1), colds) if colds else []
        cold = []
        for page in pages:
            time.sleep(random.uniform(0.2, 0.6))
            cold.append(stamp_and_restore(m, lines, page * PAGE + 100, timeout))
        time.sleep(1)
        before = cpu_seconds(reader.pid)
        t0 = time.monotonic()
        time.sleep(idle)
        cpu = 100 * (cpu_seconds(reader.pid) - before) / (time.monotonic() - t0)
        return peak_rss_kib(reader.pid), start, first, sorted(cold), cpu
    finally:
        reader.kill()
        reader.wait()
        m.close()


def ms(ns):
    return f"{ns / 1e6:.1f} ms" if ns < 10e9 else f"{ns / 1e9:.1f} s"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--size", default="1G")
    p.add_argument("--line", default="4M", help="length of the text the reader prints")
    p.add_argument("--cold", type=int, default=5, help="changes in cold pages")
    p.add_argument("--idle", type=float, default=5)
    p.add_argument("--timeout", type=float, default=60, help="longest wait for one change")
    p.add_argument("--title", default=None)
    p.add_argument("--goal-rss", type=float, default=None, help="the first reader's peak RSS must stay under this, MiB")
    p.add_argument("pairs", nargs="+")
    a = p.parse_args()
    if len(a.pairs) % 2:
        sys.exit("watch_large: give LABEL COMMAND pairs")
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    size_of = lambda s: int(s[:-1]) * units[s[-1]] if s[-1] in units else int(s)
    size, line = size_of(a.size), size_of(a.line)
    with tempfile.TemporaryDirectory(prefix="watch-bench-", dir="/dev/shm") as tmp:
        path = os.path.join(tmp, "region")
        with open(path, "wb") as f:  # written, not sparse: every page is real memory, as in use
            chunk = bytes(16 << 20)
            for at in range(0, size, len(chunk)):
                f.write(chunk[:min(len(chunk), size - at)])
        if a.title:
            print(f"#### {a.title}\n", flush=True)
        print("| reader | peak RSS | first line after | change in the line's first page | "
              f"change in a cold page of the line: median (min – max of {a.cold}) | idle CPU (one core) |")
        print("|---|---:|---:|---:|---:|---:|")
        peaks = []
        for label, command in zip(a.pairs[0::2], a.pairs[1::2]):
            rss, start, first, cold, cpu = run(command.replace("{file}", path), path, size, line, a.cold, a.idle,
                                               a.timeout)
            peaks.append(rss)
            colds = f"{ms(statistics.median(cold))} ({ms(cold[0])} – {ms(cold[-1])})" if cold else "–"
            print(f"| `{label}` | {rss / 1024:.0f} MiB | {start:.2f} s | {ms(first)} | {colds} | {cpu:.1f}% |", flush=True)
        print()
        if a.goal_rss is not None:
            first_rss = peaks[0] / 1024
            record_goal(f"`watch --text` of {a.size} peak RSS < {a.goal_rss:g} MiB (9)", f"{first_rss:.0f} MiB",
                        first_rss < a.goal_rss)
        print("<details><summary>commands</summary>\n")
        for label, command in zip(a.pairs[0::2], a.pairs[1::2]):
            print(f"- `{label}`: `{command}`")
        print(f"\nRegion of {size} bytes (a file in /dev/shm) holding {line} bytes of text; one stamp in the text's "
              f"first page 1-2 s after the first line, then {a.cold} in pages of the text past its first 64 KiB, "
              f"each never written before, 0.2-0.6 s apart; idle CPU over {a.idle:g} s without changes.\n</details>\n")


if __name__ == "__main__":
    main()
