#!/usr/bin/env python3
"""Times commands side by side: runs them interleaved (A B C A B C ...) so machine noise hits all
alike, and prints a markdown table of medians, ratios to the first command (the peer), and each
command's peak resident memory (from wait4, per process).

  bench.py --runs 15 [--setup 'sh cmd'] [--title T] [--goal GOAL ...] LABEL 'shell command' LABEL 'shell command' ...

A GOAL is 'TEXT;LABEL;KIND;LIMIT[;PEER]': the command LABEL meets it when its ratio to the peer (the
first command, or PEER) (KIND ratio), its ratio of CPU time (user + system) to the peer's (KIND cpu:
the measure that survives a loaded machine, where wall time is mostly waiting for a core),
its median in seconds (median) or its peak RSS in MiB (rss) is at most LIMIT. Each goal becomes a row
of the summary table that scripts/bench puts at the top of docs/benchmarks.md (appended to the file
$BENCH_SUMMARY), and a line under this table.

A command runs under 'bash -c'; its stdin is /dev/null unless it redirects; stdout goes to /dev/null
unless the command pipes it somewhere. Exit codes other than 0 abort the benchmark.

With --memory MIB the table is of peak RSS against that bound (and one time each, with --runs 1):
scripts/bench.d/memory. Under scripts/bench (BENCH_SUMMARY set) the table's largest figure becomes a
row of the summary.
"""
import argparse, os, statistics, subprocess, sys, time

def run_once(command):
    start = time.perf_counter()
    proc = subprocess.Popen(["bash", "-c", command], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"bench: '{command}' exited {proc.returncode}")
    run_once.cpu = usage.ru_utime + usage.ru_stime  # of the whole tree bash waited for
    return elapsed, usage.ru_maxrss  # KiB, of the largest process in its tree that was waited for

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=15)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--setup", default=None, help="run once before timing")
    p.add_argument("--memory", type=int, default=None, metavar="MIB",
                   help="a table of peak RSS against this bound, and each command's median time")
    p.add_argument("--title", default=None)
    p.add_argument("--goal", action="append", default=[])
    p.add_argument("pairs", nargs="+")
    a = p.parse_args()
    if len(a.pairs) % 2:
        sys.exit("bench: give LABEL COMMAND pairs")
    cases = list(zip(a.pairs[0::2], a.pairs[1::2]))
    if a.setup:
        subprocess.run(["bash", "-c", a.setup], check=True)
    for _ in range(a.warmup):
        for _, c in cases:
            run_once(c)
    times = {label: [] for label, _ in cases}
    rss = {label: 0 for label, _ in cases}
    cpu = {label: [] for label, _ in cases}
    for _ in range(a.runs):
        for label, c in cases:
            t, m = run_once(c)
            times[label].append(t)
            cpu[label].append(run_once.cpu)
            rss[label] = max(rss[label], m)
    base = statistics.median(times[cases[0][0]])
    if a.title:
        print(f"#### {a.title}\n")
    if a.memory is not None:
        report_memory(a, cases, times, rss)
        return
    cpu_base = statistics.median(cpu[cases[0][0]]) or 1e-9
    print(f"| command | median | p10 – p90 | ratio to `{cases[0][0]}` | CPU median | CPU ratio | peak RSS |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, c in cases:
        ts = sorted(times[label])
        med = statistics.median(ts)
        p10 = ts[max(0, int(len(ts) * 0.1))]
        p90 = ts[min(len(ts) - 1, int(len(ts) * 0.9))]
        c_med = statistics.median(cpu[label])
        print(f"| `{label}` | {fmt(med)} | {fmt(p10)} – {fmt(p90)} | {med / base:.2f}x | {fmt(c_med)} | "
              f"{c_med / cpu_base:.2f}x | {rss[label] / 1024:.0f} MiB |")
    print()
    print("<details><summary>commands</summary>\n")
    for label, c in cases:
        print(f"- `{label}`: `{c}`")
    print(f"\n{a.runs} interleaved runs after {a.warmup} warm-up rounds.\n</details>\n")
    for goal in a.goal:
        report_goal(goal, times, rss, cases[0][0], cpu)

def report_goal(goal, times, rss, peer, cpu=None):
    fields = goal.split(";")
    text, label, kind, limit = fields[:4]
    peer = fields[4] if len(fields) > 4 else peer
    limit = float(limit)
    med, base = statistics.median(times[label]), statistics.median(times[peer])
    if kind == "ratio":
        value, measured = med / base, f"{med / base:.2f}x ({fmt(med)} against {fmt(base)})"
    elif kind == "cpu":
        c, cb = statistics.median(cpu[label]), statistics.median(cpu[peer])
        value, measured = c / cb, f"{c / cb:.2f}x of CPU time ({fmt(c)} against {fmt(cb)})"
    elif kind == "median":
        value, measured = med, f"{fmt(med)} (`{peer}`: {fmt(base)})"
    elif kind == "rss":
        value, measured = rss[label] / 1024, f"{rss[label] / 1024:.0f} MiB"
    else:
        sys.exit(f"bench: no goal kind '{kind}' (ratio, cpu, median, rss)")
    record_goal(text, measured, value <= limit)

def record_goal(text, measured, met):
    """One goal's verdict: a line under the table, and a row of scripts/bench's summary ($BENCH_SUMMARY)."""
    met = "yes" if met else "**no**"
    print(f"Goal: {text}: {measured}, met: {met}.\n")
    summary = os.environ.get("BENCH_SUMMARY")
    if summary:
        with open(summary, "a") as f:
            f.write(f"| {text} | {measured} | {met} |\n")

def report_memory(a, cases, times, rss):
    print(f"| command | peak RSS | under {a.memory} MiB | time |")
    print("|---|---:|:---:|---:|")
    for label, c in cases:
        mib = rss[label] / 1024
        print(f"| {label} | {mib:.0f} MiB | {'yes' if mib < a.memory else '**no**'} | {fmt(statistics.median(times[label]))} |")
    print()
    print("<details><summary>commands</summary>\n")
    for label, c in cases:
        print(f"- {label}: `{c}`")
    print(f"\nPeak RSS from wait4 (the largest process of the command); {a.runs} run{'s' if a.runs != 1 else ''} "
          f"each, time is the median.\n</details>\n")
    summary = os.environ.get("BENCH_SUMMARY")
    if summary:
        label = max(rss, key=rss.get)
        mib = rss[label] / 1024
        with open(summary, "a") as f:
            f.write(f"| peak RSS under {a.memory} MiB on a 1 GiB segment (9): {a.title or 'commands'} | "
                    f"largest {mib:.0f} MiB, {label} | {'yes' if mib < a.memory else '**no**'} |\n")

def fmt(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.2f} s"

if __name__ == "__main__":
    main()
