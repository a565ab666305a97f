#!/usr/bin/env python3
"""A small mutation check (issue 22, item 6); not part of `make check`.

    python3 tests/mutation/mutate.py [MUTATIONS] [--keep DIR]

Copies the tree git tracks into a scratch directory, builds it once
(-O1, no sanitizers), then for each line of mutations.txt makes the one
change, rebuilds, runs the tests named beside it and restores the file.
A mutant is killed when any of its tests fails (or the build fails, which
is reported apart); the rest survived.  Prints one line per mutant and
the kill rate.
"""
import os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))

def run(cmd, cwd, log):
    with open(log, "ab") as out:
        return subprocess.call(cmd, cwd=cwd, stdout=out, stderr=out,
                               shell=isinstance(cmd, str))

def build_all(build, log):
    """The program, then the test programs (one make each: in one call
    `all` and `check` would build the same objects at once)."""
    return run(["make", "-j2"], build, log) or \
        run(["make", "-j2", "check", "TESTS="], build, log)

def load(path):
    muts = []
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split(" | ")]
        if len(parts) != 4:
            sys.exit("%s:%d: want FILE | FROM | TO | TESTS" % (path, n))
        muts.append((n, parts[0], parts[1], parts[2], parts[3].split()))
    return muts

def main():
    args = sys.argv[1:]
    keep = None
    if "--keep" in args:
        i = args.index("--keep")
        keep = args[i + 1]
        del args[i:i + 2]
    mfile = args[0] if args else os.path.join(HERE, "mutations.txt")
    muts = load(mfile)
    work = keep or tempfile.mkdtemp(prefix="tidende-mutate.")
    src = os.path.join(work, "src-tree")
    log = os.path.join(work, "mutate.log")
    if not os.path.isdir(src):
        os.makedirs(src)
        files = subprocess.check_output(["git", "ls-files", "-z"], cwd=TOP)
        for f in files.decode().split("\0"):
            if not f:
                continue
            d = os.path.join(src, os.path.dirname(f))
            os.makedirs(d, exist_ok=True)
            shutil.copy2(os.path.join(TOP, f), os.path.join(src, f))
    build = os.path.join(src, "build", "mut")
    os.makedirs(build, exist_ok=True)
    if not os.path.exists(os.path.join(build, "Makefile")):
        if run("./autogen.sh", src, log) or \
           run("../../configure -q --enable-debug", build, log):
            sys.exit("mutate: configure failed (see %s)" % log)
    if build_all(build, log):
        sys.exit("mutate: the unmutated tree does not build (see %s)" % log)
    killed = survived = broken = 0
    for n, f, old, new, tests in muts:
        path = os.path.join(src, f)
        text = open(path, encoding="utf-8").read()
        if text.count(old) != 1:
            print("line %d: %s: FROM occurs %d times; skipped"
                  % (n, f, text.count(old)))
            broken += 1
            continue
        try:
            open(path, "w", encoding="utf-8").write(text.replace(old, new))
            if build_all(build, log):
                verdict = "build failed"
                broken += 1
            else:
                rc = run(["make", "check", "TESTS=" + " ".join(tests)],
                         build, log)
                verdict = "killed" if rc else "SURVIVED"
                if rc:
                    killed += 1
                else:
                    survived += 1
        finally:
            open(path, "w", encoding="utf-8").write(text)
        print("line %d: %-8s %s: %s -> %s (%s)" % (n, verdict, f, old[:40],
              new[:40], " ".join(tests)), flush=True)
    total = killed + survived
    print("%d killed, %d survived, %d not run: kill rate %d%%"
          % (killed, survived, broken, 100 * killed // total if total else 0))
    if not keep:
        print("scratch tree left in %s (mutate.log)" % work)
    return 1 if survived else 0

if __name__ == "__main__":
    sys.exit(main())
