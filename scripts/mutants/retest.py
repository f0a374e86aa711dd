"""Test named mutants one by one in a work tree, as cargo-mutants does: apply
the mutant's diff, build and run the core's tests (the `mutants` profile,
PROPTEST_CASES=32, fail-fast), restore the file. For re-testing a list of misses, which
`--re` cannot select (cargo-mutants 27.1 lets every "delete field" mutant
through it). Results are kept in OUT_JSON, so an interrupted run resumes.

usage: python3 scripts/mutants/retest.py TREE now.json names.txt out.json
(TREE: a clean work tree at the commit now.json was listed from)."""
import json, os, signal, subprocess, sys, time
tree, mj, names_file, out_path = sys.argv[1:5]
allm = {m["name"]: m for m in json.load(open(mj))}
names = [l.strip() for l in open(names_file) if l.strip()]
env = dict(os.environ, PROPTEST_CASES="32", FLOPCAST_TEST_FAIL_FAST="1")
results = json.load(open(out_path)) if os.path.exists(out_path) else {}
def run(args, timeout):
    # In its own process group, so that a timeout also kills the test binary
    # cargo started (an infinite loop would otherwise outlive cargo).
    p = subprocess.Popen(args, cwd=tree, env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        return p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        return "timeout"
for n in names:
    if n in results:
        continue
    m = allm[n]
    f = m["file"]
    body = "\n".join(m["diff"].splitlines()[2:]) + "\n"
    p = subprocess.run(["patch", "-s", f], cwd=tree, input=body, text=True, capture_output=True)
    if p.returncode != 0:
        results[n] = "patch-failed"
    else:
        t = time.time()
        b = run(["cargo", "test", "-p", "flopcast-core", "--profile", "mutants", "--no-run", "-q"], 600)
        if b != 0:
            results[n] = "unviable"
        else:
            r = run(["cargo", "test", "-p", "flopcast-core", "--profile", "mutants", "-q"], 30)
            results[n] = "timeout" if r == "timeout" else ("caught" if r != 0 else "missed")
        subprocess.run(["git", "checkout", "-q", f], cwd=tree)
    print(f"{results[n]:8s} {n}", flush=True)
    json.dump(results, open(out_path, "w"), indent=1)
