#!/usr/bin/env python3
"""How fast a reader sees another process's write, and what it costs while nothing happens.

A writer process (Python mmap, knowing nothing of shm) stamps CLOCK_MONOTONIC into the region as
text, 't=<ns>' padded with NULs, at random intervals of 20-50 ms. The reader under test prints each
new value as a line into a pipe; this process reads the lines and timestamps each on arrival with
the same clock. Latency = arrival - stamp. The reader's CPU time (utime+stime from /proc/PID/stat)
while the changes come, and then over a stretch when nothing is written (its idle cost).

  watch_latency.py --changes 200 --idle 8 --size 1024 LABEL 'command printing lines; {file} is the region' ...
  watch_latency.py poll FILE SECONDS    the hand-written peer: Python mmap, compare, print, sleep

Prints a markdown table: median, p90, p99, max latency and idle CPU (% of one core) per reader.
"""
import argparse, os, random, select, statistics, subprocess, sys, tempfile, time

from bench import record_goal

WRITER = r"""
import mmap, os, random, sys, time
path, changes, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(seed)
with open(path, 'r+b') as f:
    m = mmap.mmap(f.fileno(), 0)
    for _ in range(changes):
        time.sleep(random.uniform(0.020, 0.050))
        stamp = b't=%d' % time.clock_gettime_ns(time.CLOCK_MONOTONIC)
        m[:32] = stamp.ljust(32, b'\0')
    m.close()
"""

WARMUP = 10  # changes not counted: the JIT compiles the reader, a large region finds its hot page


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def lines_of(stream, until):
    """Lines from a pipe as they arrive, each with its arrival time; stops once until() is true and
    nothing more came for a second (a reader that missed the last change never prints it)."""
    fd = stream.fileno()
    pending = b""
    quiet_since = None
    while True:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if not ready:
            if until():
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since > 2:
                    return
            continue
        chunk = os.read(fd, 65536)
        arrived = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
        if not chunk:
            return
        pending += chunk
        *complete, pending = pending.split(b"\n")
        for line in complete:
            yield line, arrived


def stamp(path):
    import mmap
    with open(path, "r+b") as f:
        m = mmap.mmap(f.fileno(), 0)
        now = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
        m[:32] = (b"t=%d" % now).ljust(32, b"\0")
        m.close()
    return now


def run(command, path, changes, idle):
    reader = subprocess.Popen(["bash", "-c", f"exec {command}"], stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        writer = None
        lines = lines_of(reader.stdout, lambda: writer is not None and writer.poll() is not None)
        if next(lines, None) is None:  # the value before any change: once printed, the reader is watching
            sys.exit(f"watch_latency: '{command}' printed nothing")
        # The first change, at a random moment: in a large region it lands in a quiet place, found only
        # when the background scan gets there; after it, that page is compared at every poll.
        time.sleep(random.uniform(1, 3))
        first_change = stamp(path)
        for line, arrived in lines:
            if line.startswith(b"t="):
                first_latency = arrived - first_change
                break
        else:
            sys.exit(f"watch_latency: '{command}' never printed the first change")
        active_cpu, active_start = cpu_seconds(reader.pid), time.monotonic()
        writer = subprocess.Popen([sys.executable, "-c", WRITER, path, str(changes + WARMUP), str(random.randrange(1 << 30))])
        latencies = []
        last_cpu, last_time = active_cpu, active_start
        for line, arrived in lines:
            if line.startswith(b"t="):
                latencies.append(arrived - int(line[2:]))
                # The reader's CPU up to its latest line: its cost while changes come (printing them too).
                last_cpu, last_time = cpu_seconds(reader.pid), time.monotonic()
        active = 100 * (last_cpu - active_cpu) / max(1e-9, last_time - active_start)
        latencies = sorted(latencies[WARMUP:])
        seen = len(latencies)
        time.sleep(1)  # let the pacer settle into its idle rhythm
        before = cpu_seconds(reader.pid)
        start = time.monotonic()
        time.sleep(idle)
        used = cpu_seconds(reader.pid) - before
        elapsed = time.monotonic() - start
        return first_latency, latencies, seen, 100 * used / elapsed, active
    finally:
        reader.kill()
        reader.wait()


def pick(values, q):
    return values[min(len(values) - 1, int(len(values) * q))]


def ms(ns):
    return f"{ns / 1e6:.2f} ms"


def poll(path, pause):
    """What one writes by hand: compare the text with the last one, print it when new, sleep."""
    import mmap
    with open(path, "rb") as f:
        m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        last = None
        out = sys.stdout.buffer
        while True:
            end = m.find(b"\0")
            value = m[:end if end >= 0 else len(m)]
            if value != last:
                out.write(value + b"\n")
                out.flush()
                last = value
            time.sleep(pause)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "poll":
        return poll(sys.argv[2], float(sys.argv[3]))
    p = argparse.ArgumentParser()
    p.add_argument("--changes", type=int, default=200)
    p.add_argument("--idle", type=float, default=8)
    p.add_argument("--size", default="1024", help="region size for every reader (bytes, or with K/M suffix)")
    p.add_argument("--title", default=None)
    p.add_argument("--goals", default=None, help="LABEL whose figures are checked against the goals below")
    p.add_argument("--goal-median", type=float, default=1.0, help="ms (issue 4: 1)")
    p.add_argument("--goal-p99", type=float, default=5.0, help="ms (issue 4: 5)")
    p.add_argument("--goal-idle", type=float, default=5.0, help="%% of a core (issue 4: 5)")
    p.add_argument("--goal-issue", default="4")
    p.add_argument("pairs", nargs="+")
    a = p.parse_args()
    if len(a.pairs) % 2:
        sys.exit("watch_latency: give LABEL COMMAND pairs")
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    size = int(a.size[:-1]) * units[a.size[-1]] if a.size[-1] in units else int(a.size)
    with tempfile.TemporaryDirectory(prefix="watch-bench-", dir="/dev/shm") as tmp:
        path = os.path.join(tmp, "region")
        with open(path, "wb") as f:  # written, not sparse: every page is real memory, as in use
            chunk = bytes(min(size, 16 << 20))
            for at in range(0, size, len(chunk)):
                f.write(chunk[:min(len(chunk), size - at)])
        if a.title:
            print(f"#### {a.title}\n", flush=True)
        goals = []
        print(f"| reader | first change | median | p90 | p99 | max | changes seen | CPU while changes come | idle CPU (one core) |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for label, command in zip(a.pairs[0::2], a.pairs[1::2]):
            with open(path, "r+b") as f:
                f.write(bytes(64))
            first, latencies, seen, cpu, active = run(command.replace("{file}", path), path, a.changes, a.idle)
            if not latencies:
                sys.exit(f"watch_latency: '{label}' saw none of the changes")
            print(f"| `{label}` | {ms(first)} | {ms(statistics.median(latencies))} | {ms(pick(latencies, 0.9))} | "
                  f"{ms(pick(latencies, 0.99))} | {ms(latencies[-1])} | {seen} of {a.changes} | {active:.1f}% | {cpu:.1f}% |", flush=True)
            if label == a.goals:
                goals.append((f"`{label}` latency median <= {a.goal_median:g} ms, p99 <= {a.goal_p99:g} ms ({a.goal_issue})",
                              f"{ms(statistics.median(latencies))}, {ms(pick(latencies, 0.99))}",
                              statistics.median(latencies) <= a.goal_median * 1e6 and pick(latencies, 0.99) <= a.goal_p99 * 1e6))
                goals.append((f"`{label}` idle CPU <= {a.goal_idle:g}% of a core, in the same run ({a.goal_issue})",
                              f"{cpu:.1f}%", cpu <= a.goal_idle))
        print()
        for goal in goals:
            record_goal(*goal)
        print("<details><summary>commands</summary>\n")
        for label, command in zip(a.pairs[0::2], a.pairs[1::2]):
            print(f"- `{label}`: `{command}`")
        print(f"\nRegion of {size} bytes (a file in /dev/shm); one first change 1-3 s after "
              f"the start, then {a.changes} at random 20-50 ms intervals after {WARMUP} warm-up ones; idle CPU over {a.idle:g} s without changes.\n</details>\n")


if __name__ == "__main__":
    main()
