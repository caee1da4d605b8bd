#!/usr/bin/env python3
"""`make bench`, the catalogue editor's row: a generated library of 900 exercises in
free-exercise-db's JSON shape is imported with `hep catalogue import` (and the project's mapping
file) into a copy of the project, then `hep check` of the whole catalogue (the 75 starter exercises
plus the 900 drafts) is timed and its peak memory read. Nothing is asserted: it measures and reports.
"""
import json, os, random, resource, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEP = os.path.join(ROOT, ".build", "release", "hep")
COUNT = int(os.environ.get("HEP_IMPORT_EXERCISES", "900"))
RNG = random.Random(20261202)
MUSCLES = ["abdominals", "abductors", "adductors", "biceps", "calves", "chest", "forearms", "glutes", "hamstrings",
           "lats", "lower back", "middle back", "neck", "quadriceps", "shoulders", "traps", "triceps"]
EQUIPMENT = [None, "body only", "bands", "exercise ball", "foam roll", "dumbbell", "kettlebells", "cable", "machine"]
CATEGORIES = ["strength", "stretching", "plyometrics", "cardio"]
WORDS = "lie stand sit slowly lift lower hold keep your back knee hip arm leg foot hand straight bend breathe press".split()


def sentence():
    return " ".join(RNG.choice(WORDS) for _ in range(RNG.randint(6, 12))).capitalize() + "."


def main():
    work = tempfile.mkdtemp(prefix="hep-import-bench-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    try:
        for name in ("Exercises", "Templates", "Examples"):
            shutil.copytree(os.path.join(ROOT, name), os.path.join(work, name))
        rows = [{"id": f"Generated_{i:04d}", "name": f"Generated exercise {i}", "force": RNG.choice(["push", "pull", None]),
                 "level": "beginner", "mechanic": None, "equipment": RNG.choice(EQUIPMENT),
                 "primaryMuscles": RNG.sample(MUSCLES, 1), "secondaryMuscles": RNG.sample(MUSCLES, RNG.randint(0, 2)),
                 "instructions": [sentence() for _ in range(RNG.randint(3, 6))], "category": RNG.choice(CATEGORIES),
                 "images": []} for i in range(COUNT)]
        source = os.path.join(work, "exercises.json")
        with open(source, "w") as f:
            json.dump(rows, f)
        start = time.perf_counter()
        imported = subprocess.run([HEP, "catalogue", "import", source, "--mapping", "Examples/import/free-exercise-db-mapping.yaml",
                                   "--date", "2026-12-02", "--quiet"], cwd=work, capture_output=True, text=True)
        import_seconds = time.perf_counter() - start
        if imported.returncode != 0:
            print("import failed:", imported.stderr[:2000])
            return 1
        files = sum(len(names) for _, _, names in os.walk(os.path.join(work, "Exercises")) if True)
        times = []
        for _ in range(5):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            checked = subprocess.run([HEP, "check", "--summary"], cwd=work, capture_output=True, text=True)
            times.append(time.perf_counter() - start)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"import of {COUNT} exercises (free-exercise-db JSON): {import_seconds * 1000:.0f} ms")
        print(f"hep check of {COUNT + 75} exercises: median {statistics.median(times) * 1000:.0f} ms over 5 runs, peak memory {peak:.1f} MiB")
        print("  summary: " + " | ".join(line for line in (checked.stdout + checked.stderr).splitlines() if line.strip())[:300])
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


sys.exit(main())
