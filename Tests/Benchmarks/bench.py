#!/usr/bin/env python3
"""hep benchmark: `make bench`.

Generates a deterministic synthetic project (5,000 exercises, plans of 6-12 exercises in batches of
1,000 and 10,000, realistic text lengths), runs hep on it, and prints side by side in one run:
hep against the `cmark` CLI over the same Markdown (as a ratio), per-stage timings, and peak memory.
Outputs go to tmpfs (/dev/shm) when there is one. Nothing here asserts timings: it measures and reports.
"""
import os, random, resource, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEP = os.path.join(ROOT, ".build", "release", "hep")
WORK = os.environ.get("HEP_BENCH_DIR") or ("/dev/shm/hep-bench" if os.path.isdir("/dev/shm") else os.path.join(tempfile.gettempdir(), "hep-bench"))
EXERCISES = int(os.environ.get("HEP_BENCH_EXERCISES", "5000"))
BATCHES = [int(n) for n in os.environ.get("HEP_BENCH_BATCHES", "1000,10000").split(",")]
RNG = random.Random(20261129)

PHASES = ["release"] * 3 + ["lengthen"] * 2 + ["activate"] * 3 + ["integrate"] * 3 + ["mobility", "strength", "balance", "breathing", "nerve-glide"]
WORDS = ("your knee hip back slowly gently breathe out lift lower keep hold arm leg foot side belly shoulder "
         "neck chest floor wall chair soft easy straight bend reach turn press slide rest feel muscle work tall "
         "flat slow stop pain sharp spine heel toes hand elbow wrist ball mat towel band step weight line").split()


def vocabulary_ids(kind):
    ids = []
    with open(os.path.join(ROOT, "Exercises", "vocabulary", f"{kind}.yaml")) as f:
        for line in f:
            if line and not line[0].isspace() and line.rstrip().endswith(":") and not line.startswith("#"):
                ids.append(line.strip()[:-1])
    return ids


def sentence(low, high):
    words = [RNG.choice(WORDS) for _ in range(RNG.randint(low, high))]
    return " ".join(words).capitalize() + "."


def exercise_text(index, ids, vocab):
    ex_id = ids[index]
    def pick(kind, low, high):
        return "[" + ", ".join(RNG.sample(vocab[kind], RNG.randint(low, high))) + "]"
    others = [i for i in RNG.sample(ids, 3) if i != ex_id]
    timed = RNG.random() < 0.3
    dose = f"  seconds: {RNG.choice([30, 45, 60, 90])}\n" if timed else f"  reps: {RNG.choice([6, 8, 10, 12])}\n  hold: {RNG.choice([2, 3, 5])}\n"
    lines = [
        "---", f"id: {ex_id}", "version: 1", f"title: {sentence(2, 4)[:-1]}", f"purpose: {sentence(10, 16)}",
        f"phase: {PHASES[index % len(PHASES)]}", f"regions: {pick('regions', 1, 3)}", f"targets: {pick('muscles', 1, 3)}",
        f"conditions: {pick('conditions', 1, 3)}", f"equipment: {pick('equipment', 0, 2)}",
        "dosage:", f"  sets: {RNG.randint(1, 3)}" + "\n" + dose.rstrip("\n"), "  rest: 30",
        f"  side: {RNG.choice(['both', 'each'])}", "  per-day: 1", f"  days-per-week: {RNG.choice([3, 5, 7])}",
        "feel:"] + [f"  - {sentence(6, 10)}" for _ in range(2)] + ["mistakes:"] + [f"  - {sentence(5, 9)}" for _ in range(3)] + [
        "stop-if:"] + [f"  - {sentence(5, 9)}" for _ in range(2)] + [
        f"easier: [{others[0]}]", f"harder: [{others[1]}]", "precautions:", f"  - {sentence(8, 14)}",
        "images:", f"  - file: picture-{index % 20:02d}.png", "    alt: The position, seen from the side.", "    licence: CC0 1.0",
        "changelog:", "  - version: 1", "    date: 2026-11-29", "    note: First version.", "    safety: false", "---",
        "## Starting position", "", " ".join(sentence(8, 12) for _ in range(3)), "", "## Steps", ""]
    lines += [f"{n}. {sentence(6, 12)}" for n in range(1, RNG.randint(4, 6) + 1)]
    return "\n".join(lines) + "\n"


def plan_text(index, ids, vocab):
    count = RNG.randint(6, 12)
    chosen = RNG.sample(ids, count)
    muscles = RNG.sample(vocab["muscles"], 3)
    lines = [f"patient:", f"  id: bench-{index:05d}", f"  name: Patient {index}", "  language: en",
             "session:", f"  date: 2026-11-{RNG.randint(1, 27):02d}", "findings:", "  muscles:"]
    for muscle in muscles:
        lines += [f"    - muscle: {muscle}", f"      side: {RNG.choice(['left', 'right', 'both'])}",
                  f"      status: {RNG.choice(['overactive', 'inhibited'])}", f"      note: {sentence(6, 12)}"]
    lines += ["  pain:", f"    - region: {RNG.choice(vocab['regions'])}", f"      score: {RNG.randint(1, 8)}",
              "goals:", f"  - {sentence(5, 9)}", f"  - {sentence(4, 8)}", "exercises:"]
    for ex_id in chosen:
        lines.append(f"  - id: {ex_id}")
        if RNG.random() < 0.3:
            lines.append(f"    dosage: {{sets: {RNG.randint(1, 3)}}}")
        if RNG.random() < 0.3:
            lines.append(f"    note: {sentence(6, 12)}")
    lines += ["advice:", f"  - {sentence(8, 14)}", "follow-up: 2026-12-15"]
    return "\n".join(lines) + "\n"


def generate():
    if os.path.isdir(WORK):
        shutil.rmtree(WORK)
    project = os.path.join(WORK, "project")
    os.makedirs(os.path.join(project, "Exercises"))
    shutil.copytree(os.path.join(ROOT, "Templates"), os.path.join(project, "Templates"))
    shutil.copytree(os.path.join(ROOT, "Exercises", "vocabulary"), os.path.join(project, "Exercises", "vocabulary"))
    shutil.copy(os.path.join(ROOT, "Exercises", "catalogue.yaml"), os.path.join(project, "Exercises"))
    # Every exercise has a picture, as in the real catalogue: 20 of the catalogue's drawings, shared.
    os.makedirs(os.path.join(project, "Exercises", "images"))
    drawn = sorted(f for f in os.listdir(os.path.join(ROOT, "Exercises", "images")) if f.endswith("-1.png"))[:20]
    for n, name in enumerate(drawn):
        shutil.copy(os.path.join(ROOT, "Exercises", "images", name), os.path.join(project, "Exercises", "images", f"picture-{n:02d}.png"))
    vocab = {kind: vocabulary_ids(kind) for kind in ["muscles", "regions", "conditions", "equipment"]}
    ids = [f"synthetic-{i:05d}" for i in range(EXERCISES)]
    for i in range(EXERCISES):
        folder = os.path.join(project, "Exercises", f"group-{i % 50:02d}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, ids[i] + ".md"), "w") as f:
            f.write(exercise_text(i, ids, vocab))
    for batch in BATCHES:
        folder = os.path.join(WORK, f"plans-{batch}")
        os.makedirs(folder)
        for i in range(batch):
            with open(os.path.join(folder, f"plan-{i:05d}.yaml"), "w") as f:
                f.write(plan_text(i, ids, vocab))
    return project


def run(args, quiet=True):
    """Runs a command in a child; returns (seconds, peak RSS in MiB, stdout)."""
    code = ("import resource, subprocess, sys, time\n"
            "t = time.perf_counter(); p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)\n"
            "e = time.perf_counter() - t\n"
            "sys.stderr.write(f'{e} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss} {p.returncode}\\n')\n"
            "sys.stdout.buffer.write(p.stdout)\n")
    p = subprocess.run([sys.executable, "-c", code] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
    seconds, rss_kb, rc = p.stderr.decode().split()[-3:]
    if rc != "0":
        raise SystemExit(f"command failed ({rc}): {' '.join(args)}")
    return float(seconds), int(rss_kb) / 1024, p.stdout.decode()


def median_of(args, runs, prepare=None):
    times = []
    for _ in range(runs):
        if prepare:
            prepare()
        times.append(run(args)[0])
    return statistics.median(times)


def main():
    if not os.path.exists(HEP):
        raise SystemExit("build first: swift build -c release --product hep")
    cmark = shutil.which("cmark")
    cores = os.cpu_count()
    print(f"hep benchmark: {EXERCISES} exercises, batches {BATCHES}, {cores} cores, outputs in {WORK}")
    t = time.perf_counter()
    project = generate()
    print(f"generated in {time.perf_counter() - t:.1f} s\n")

    rows = []
    check_s, check_mb, _ = run([HEP, "check", "--project", project])
    check_s = median_of([HEP, "check", "--project", project], 3)

    for batch in BATCHES:
        plans = os.path.join(WORK, f"plans-{batch}")
        for jobs in [1, cores]:
            out = os.path.join(WORK, f"out-{batch}-{jobs}")
            shutil.rmtree(out, ignore_errors=True)
            seconds, mb, stdout = run([HEP, "render", "--project", project, "--output", out, "--jobs", str(jobs), "--timings", plans])
            stages = [line for line in stdout.splitlines() if "per handout" in line]
            rows.append((batch, jobs, seconds, mb, stages))
            if jobs != cores:
                shutil.rmtree(out, ignore_errors=True)
        # The same Markdown for cmark: every handout of the batch, concatenated.
        out = os.path.join(WORK, f"out-{batch}-{cores}")
        concatenated = os.path.join(WORK, f"all-{batch}.md")
        sizes = []
        with open(concatenated, "wb") as target:
            for patient in sorted(os.listdir(out)):
                for session in sorted(os.listdir(os.path.join(out, patient))):
                    with open(os.path.join(out, patient, session, "handout.md"), "rb") as f:
                        data = f.read()
                        sizes.append(len(data))
                        target.write(data + b"\n")
        rows[-2:] = [row + (concatenated, statistics.mean(sizes)) for row in rows[-2:]]
        shutil.rmtree(out, ignore_errors=True)

    one_plan = os.path.join(ROOT, "Examples", "plans", "low-back-pain.yaml")
    one_out = os.path.join(WORK, "one")
    clear = lambda: shutil.rmtree(one_out, ignore_errors=True)
    one_starter = median_of([HEP, "render", "--project", ROOT, "--output", one_out, one_plan], 30, clear)
    big_plan = os.path.join(WORK, f"plans-{BATCHES[0]}", "plan-00000.yaml")
    one_big = median_of([HEP, "render", "--project", project, "--output", one_out, big_plan], 30, clear)

    print("Batch rendering (hep render of a folder of plans, one process; outputs on tmpfs)")
    print(f"{'plans':>6} {'jobs':>4} {'total s':>8} {'ms/handout':>10} {'handouts/s':>10} {'peak MiB':>8} {'md KB':>6}"
          f" {'cmark ms/handout':>16} {'hep/cmark':>9}")
    for batch, jobs, seconds, mb, stages, concatenated, size in rows:
        cmark_ms = ""
        ratio = ""
        if cmark:
            c = median_of([cmark, "--smart", concatenated], 5) * 1000 / batch
            cmark_ms = f"{c:.3f}"
            ratio = f"{seconds * 1000 / batch / c:.1f}x"
        print(f"{batch:>6} {jobs:>4} {seconds:>8.2f} {seconds * 1000 / batch:>10.3f} {batch / seconds:>10.0f} {mb:>8.1f}"
              f" {size / 1000:>6.1f} {cmark_ms:>16} {ratio:>9}")
    print()
    for batch, jobs, seconds, mb, stages, *_ in rows:
        if jobs == 1:
            print(f"Stage timings, {batch} plans, 1 job (per handout):")
            for line in stages:
                print("  " + line)
    print()
    print("One handout alone (hep render one.yaml, end to end, median of 30)")
    print(f"  starter catalogue ({len(os.listdir(os.path.join(ROOT, 'Exercises')))} folders): {one_starter * 1000:.1f} ms")
    print(f"  {EXERCISES}-exercise catalogue:   {one_big * 1000:.1f} ms")
    print()
    print(f"hep check of {EXERCISES} exercises: {check_s:.2f} s (median of 3), peak {check_mb:.0f} MiB")

    # The table: each row with its reference, measured in this run, as a ratio.
    help_s = median_of([HEP, "--help"], 30)
    starter_check = median_of([HEP, "check", "--quiet", "--project", ROOT], 20)
    shutil.rmtree(one_out, ignore_errors=True)
    _, _, profile = run([HEP, "render", "--project", ROOT, "--output", one_out, "--timings", one_plan])
    one_md = os.path.join(WORK, "one.md")
    for patient in os.listdir(one_out):
        for session in os.listdir(os.path.join(one_out, patient)):
            shutil.copy(os.path.join(one_out, patient, session, "handout.md"), one_md)
    batch, _, seconds, mb, *_ = next(row for row in rows if row[1] == cores)
    first = rows[0]
    print()
    print("The targets (median wall time; ratio = hep / reference, measured in this run)")
    print(f"{'':44} {'hep':>10} {'reference':>10} {'ratio':>7} {'target':>10}   reference")
    def row(label, hep_value, reference, target, name, unit="ms"):
        ratio = f"{hep_value / reference:.2f}x" if reference else ""
        ref = f"{reference:.2f} {unit}" if reference else ""
        print(f"{label:44} {hep_value:>7.2f} {unit} {ref:>10} {ratio:>7} {target:>10}   {name}")
    if cmark:
        row("one render of low-back-pain.yaml (process)", one_starter * 1000, median_of([cmark, "--smart", one_md], 30) * 1000,
            "<= 10 ms", "cmark --smart on its Markdown")
        row("hep --help (process start)", help_s * 1000, median_of([cmark, "--version"], 30) * 1000, "<= 4 ms", "cmark --version")
        c = median_of([cmark, "--smart", first[5]], 5) * 1000 / first[0]
        row(f"render of {first[0]} plans, 1 job (per handout)", first[2] * 1000 / first[0], c, "", "cmark --smart, concatenation")
        row(f"render of {batch} plans, {cores} jobs (per handout)", seconds * 1000 / batch, c, "<= 2.0x", "cmark --smart, concatenation")
    else:
        print("(cmark CLI not installed: apt-get install cmark for the reference column)")
        row("one render of low-back-pain.yaml (process)", one_starter * 1000, None, "<= 10 ms", "")
        row("hep --help (process start)", help_s * 1000, None, "<= 4 ms", "")
    row("hep check of the starter catalogue", starter_check * 1000, None, "<= 25 ms", "")
    print(f"{'peak memory, ' + str(batch) + ' plans':44} {mb:>7.1f} MiB {'':>10} {'':>7} {'<= 50 MiB':>10}")
    print()
    print("Stage profile of the one render (hep render --timings):")
    for line in profile.splitlines():
        if " ms " in line:
            print("  " + line)

if __name__ == "__main__":
    main()
