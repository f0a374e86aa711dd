#!/usr/bin/env python
"""Forward FLOPs measured by torch.utils.flop_counter.FlopCounterMode for the transformers
implementation, compared with `flopcast estimate CONFIG --seq-len S --json --convention dense`.

Method (same as core/data/expected.json "settings"):
  model = Auto*.from_config(cfg, attn_implementation="sdpa", experts_implementation="batched_mm")
          built under torch.device("meta"); model.eval(); torch.no_grad();
  run inside FakeTensorMode (meta-backed fake tensors) and FlopCounterMode;
  forward(input_ids=(1,S) [, decoder_input_ids=(1,S) for T5], use_cache=False), no attention mask.
Tool figure (as core/tests/fixtures.rs): flops_per_token.forward.dense * S, compared with the
PyTorch total for the (1,S) forward, tolerance 0.5 % relative.

Run family_checks.py first (it writes the configs). Then, with the same venv:

    .venv-gt/bin/python scripts/ground_truth/family_flops.py [--only SUBSTR ...] [--jobs N]

Writes $FLOPCAST_GT_DIR/flops_results.json (one row per file and S), prints a
summary, and adds the measured FLOPs to the cases of core/data/family_checks/<model_type>.json
it measured (a run with --only gpt_bigcode__ updates that family's file alone).
"""
import argparse, json, os, re, subprocess, sys, time, traceback, warnings
from collections import defaultdict

warnings.filterwarnings("ignore")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.environ.get("FLOPCAST_GT_DIR", "/tmp/flopcast-gt")
CFG_DIR = os.path.join(OUT, "configs")
TOOL = os.environ.get("FLOPCAST_BIN", os.path.join(REPO, "target", "debug", "flopcast"))
REF_CFG = os.path.join(REPO, "core", "data", "configs", "meta-llama__Llama-3.1-8B.json")
EXPECTED = os.path.join(REPO, "core", "data", "expected.json")
FIXTURE_DIR = os.path.join(REPO, "core", "data", "family_checks")
TOL = 0.005
S_TARGET = 256

_T = None


def _imports():
    global _T
    if _T is None:
        import torch, transformers
        from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoModel
        transformers.logging.set_verbosity_error()
        _T = dict(torch=torch, transformers=transformers, AutoConfig=AutoConfig,
                  AutoModelForCausalLM=AutoModelForCausalLM, AutoModelForSeq2SeqLM=AutoModelForSeq2SeqLM,
                  AutoModel=AutoModel)
    return _T


# ---------------------------------------------------------------- model building (as family_checks.py)
KW = dict(attn_implementation="sdpa", experts_implementation="batched_mm")


def _build(cfg, kw, device="meta"):
    T = _imports()
    torch = T["torch"]
    mt = cfg.model_type
    with torch.device(device):
        if mt == "t5":
            return T["AutoModelForSeq2SeqLM"].from_config(cfg, **kw)
        if mt == "bert":
            return T["AutoModel"].from_config(cfg, **kw)
        if mt == "emu3_text_model":
            from transformers import Emu3ForCausalLM
            return Emu3ForCausalLM._from_config(cfg, **kw)
        if mt == "mllama_text_model":
            try:
                return T["AutoModelForCausalLM"].from_config(cfg, **kw)
            except ValueError as e:
                if "attention implementation" in str(e) or "experts" in str(e):
                    raise
                from transformers import MllamaForCausalLM
                return MllamaForCausalLM._from_config(cfg, **kw)
        return T["AutoModelForCausalLM"].from_config(cfg, **kw)


def build(cfg):
    """sdpa + batched_mm requested; as the project's oracle did (expected.json records
    attn_implementation "eager" for gpt-oss), fall back to eager attention when the
    class refuses sdpa."""
    kw = dict(KW)
    try:
        return _build(cfg, kw)
    except ValueError as e:
        if "does not support an attention implementation through torch.nn.functional.scaled_dot_product_attention" not in str(e):
            raise
    kw["attn_implementation"] = "eager"
    return _build(cfg, kw)


POS_KEYS = ("max_position_embeddings", "n_positions", "n_ctx", "max_seq_len", "seq_length")


def max_positions(cfg):
    """Learned/absolute position limit, None if the family has none (rotary, relative, alibi)."""
    if cfg.model_type == "t5":
        return None
    for k in POS_KEYS:
        v = getattr(cfg, k, None)
        if isinstance(v, int) and v > 0:
            return (k, v)
    return None


# ---------------------------------------------------------------- measurement
def measure(model, cfg, S):
    T = _imports()
    torch = T["torch"]
    from torch.utils.flop_counter import FlopCounterMode
    from torch._subclasses.fake_tensor import FakeTensorMode
    model.eval()
    with torch.no_grad(), FakeTensorMode(allow_non_fake_inputs=True):
        ids = torch.zeros((1, S), dtype=torch.long, device="meta")
        kwargs = dict(input_ids=ids, use_cache=False)
        if cfg.model_type == "t5":
            kwargs["decoder_input_ids"] = torch.zeros((1, S), dtype=torch.long, device="meta")
        if cfg.model_type == "bert":
            kwargs.pop("use_cache")  # encoder-only BertModel: no cache anyway
        fc = FlopCounterMode(display=False)
        with fc:
            model(**kwargs)
    total = fc.get_total_flops()
    per_mod = {m: {str(op): int(n) for op, n in d.items()} for m, d in fc.get_flop_counts().items()}
    return int(total), per_mod


# Implementations whose expert dispatch depends on the data (JetMoE splits tokens by
# per-expert counts it reads back, LongCat-Flash loops over the experts a batch hits)
# cannot run on fake tensors. Small configs of theirs are counted on a real forward
# instead: real weights on the CPU, random token ids. The count is the same for any
# routing (every token runs k experts), except for LongCat-Flash's zero-computation
# experts, which cost nothing when picked: there the router's score-correction
# buffer is set to -inf on them, so every token runs k real experts, the most a
# token can spend and the figure flopcast reports.
REAL_FALLBACK_MAX_PARAMS = 300_000_000


def measure_real(cfg, S):
    T = _imports()
    torch = T["torch"]
    from torch.utils.flop_counter import FlopCounterMode
    torch.manual_seed(0)
    kw = dict(KW)
    try:
        model = _build(cfg, kw, device="cpu")
    except ValueError as e:
        if "scaled_dot_product_attention" not in str(e):
            raise
        kw["attn_implementation"] = "eager"
        model = _build(cfg, kw, device="cpu")
    for m in model.modules():
        if type(m).__name__ == "LongcatFlashTopkRouter":
            with torch.no_grad():
                m.e_score_correction_bias[cfg.n_routed_experts:] = float("-inf")
    model.eval()
    # Weight slices handed to submodules (DBRX's experts) must not require grad,
    # or the counter's module tracker asks for a gradient function under no_grad.
    for p in model.parameters():
        p.requires_grad_(False)
    with torch.no_grad():
        ids = torch.randint(0, cfg.vocab_size, (1, S))
        fc = FlopCounterMode(display=False)
        with fc:
            model(input_ids=ids, use_cache=False)
    total = fc.get_total_flops()
    per_mod = {m: {str(op): int(n) for op, n in d.items()} for m, d in fc.get_flop_counts().items()}
    return int(total), per_mod


def exclusive_ops(per_mod):
    """Each module's own FLOPs by operator: FlopCounterMode's per-module counts hold
    every descendant's, so the nearest called descendants' are taken out."""
    names = [m for m in per_mod if m != "Global"]
    nameset = set(names)

    def parent(m):
        parts = m.split(".")
        for i in range(len(parts) - 1, 0, -1):
            q = ".".join(parts[:i])
            if q in nameset:
                return q
        return "Global"

    own = {m: dict(d) for m, d in per_mod.items()}
    for m in names:
        p = parent(m)
        for op, n in per_mod[m].items():
            own[p][op] = own[p].get(op, 0) - n
    return own


def module_breakdown(per_mod):
    """Exclusive FLOPs per module path (own ops minus those of the nearest called descendants),
    the top-level class name stripped and layer indices collapsed to '*'."""
    col = defaultdict(int)
    for m, d in exclusive_ops(per_mod).items():
        v = sum(d.values())
        if not v:
            continue
        key = "<outside modules>" if m == "Global" else (m.split(".", 1)[1] if "." in m else "<top module>")
        col[re.sub(r"\.\d+(?=\.|$)", ".*", key)] += v
    return dict(sorted(col.items(), key=lambda kv: -kv[1]))


def kind_of(path, cls_leaf_is_linear=True):
    p = path.lower()
    leaf = p.split(".")[-1]
    if leaf == "lm_head" or p.endswith("lm_head"):
        return "lm_head"
    if re.search(r"(^|\.)experts(\.|$)", p):
        return "experts"
    if "shared_expert" in p:
        return "shared_experts"
    if leaf in ("gate", "router") and not re.search(r"attn|attention", p):
        return "router"
    if re.search(r"attn|attention|selfattention|encdecattention", p):
        if re.search(r"(q|k|v|o|qkv|q_a|q_b|kv_a|kv_b|kv_a_proj_with_mqa|c|query|key|value|dense|out)(_proj)?$|proj|c_attn|c_proj|query_key_value|dense|\.q$|\.k$|\.v$|\.o$", leaf) \
                and leaf not in ("self_attn", "attn", "attention", "self_attention", "selfattention", "crossattention", "encdecattention", "cross_attn"):
            return "attention_proj"
        return "attention_core"
    if re.search(r"mlp|ffn|denserelu|densereludense|intermediate|\.output\.dense|fc1|fc2|feed_forward|layer\.\*\.dense", p):
        return "mlp"
    return "other"


def by_kind(breakdown):
    out = defaultdict(int)
    for m, v in breakdown.items():
        out[kind_of(m)] += v
    return dict(out)


# ---------------------------------------------------------------- tool
def run_tool(path, S):
    r = subprocess.run([TOOL, "estimate", path, "--seq-len", str(S), "--json", "--convention", "dense"],
                       capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        return dict(error=f"exit {r.returncode}: {r.stderr.strip()[:500]}")
    d = json.loads(r.stdout)
    fpt = d["flops_per_token"]
    b = fpt.get("breakdown") or {}
    # PyTorch's counter cannot see a term derived from the algorithm (a
    # state-space scan marked "derived"): compare the counter-visible part.
    derived = sum(t["flops"] for t in b.get("terms", []) if t.get("derived"))
    return dict(seq_len=d.get("seq_len"), dense_per_token=fpt["forward"]["dense"] - derived,
                convention=b.get("convention"),
                terms={t["key"]: t["flops"] for t in b.get("terms", [])},
                formulas={t["key"]: t.get("formula") for t in b.get("terms", [])},
                approximations=d.get("approximations"), assumptions=d.get("assumptions"))


# ---------------------------------------------------------------- one config
def process(path, s_list=None):
    T = _imports()
    fn = os.path.basename(path)
    rows = []
    t0 = time.time()
    try:
        cfg = T["AutoConfig"].from_pretrained(path)
        mt = cfg.model_type
    except Exception as e:
        mt = json.load(open(path)).get("model_type")
        return [dict(file=fn, model_type=mt, S=None, status="TORCH_ERROR",
                     error=f"config: {type(e).__name__}: {str(e)[:400]}")]
    mp = max_positions(cfg)
    if s_list is None:
        s_list = [1, S_TARGET]
        if mp and mp[1] < S_TARGET:
            s_list = [1, mp[1]]
    try:
        model = build(cfg)
    except Exception as e:
        return [dict(file=fn, model_type=mt, S=S, status="TORCH_ERROR",
                     error=f"build: {type(e).__name__}: {str(e)[:400]}") for S in s_list]
    for S in s_list:
        row = dict(file=fn, model_type=mt, model_class=type(model).__name__, S=S,
                   max_positions=list(mp) if mp else None,
                   attn_implementation=getattr(model.config, "_attn_implementation", None),
                   experts_implementation=getattr(model.config, "_experts_implementation", None))
        try:
            try:
                total, per_mod = measure(model, cfg, S)
            except Exception as e:
                data_dependent = type(e).__name__ in ("DataDependentOutputException",
                                                      "DynamicOutputShapeException")
                n_params = sum(p.numel() for p in model.parameters())
                if not data_dependent or n_params > REAL_FALLBACK_MAX_PARAMS:
                    raise
                total, per_mod = measure_real(cfg, S)
                row["measured_on"] = "real tensors (cpu): the expert dispatch depends on the data"
            row["torch_flops"] = total
            bd = module_breakdown(per_mod)
            row["torch_by_module"] = bd
            row["torch_by_kind"] = by_kind(bd)
        except Exception as e:
            row["status"] = "TORCH_ERROR"
            row["error"] = f"forward: {type(e).__name__}: {str(e)[:400]}"
            row["traceback_tail"] = traceback.format_exc()[-800:]
        tool = run_tool(path, S)
        if "error" in tool:
            row["tool_error"] = tool["error"]
            row.setdefault("status", "TOOL_ERROR")
        else:
            row["tool_dense_per_token"] = tool["dense_per_token"]
            row["tool_flops"] = tool["dense_per_token"] * S
            row["tool_terms_per_seq"] = {k: v * S for k, v in tool["terms"].items()}
            row["tool_formulas"] = tool["formulas"]
            row["tool_seq_len"] = tool["seq_len"]
            if tool["seq_len"] != S:
                row["note"] = f"tool seq_len {tool['seq_len']} != requested {S}"
        if "status" not in row:
            rel = (row["tool_flops"] - row["torch_flops"]) / row["torch_flops"]
            row["rel_diff"] = rel
            row["status"] = "OK" if abs(rel) <= TOL else "OUTSIDE_TOL"
            if row["status"] == "OUTSIDE_TOL":
                tk, ok = row["torch_by_kind"], row["tool_terms_per_seq"]
                row["kind_diff_tool_minus_torch"] = {k: ok.get(k, 0) - tk.get(k, 0)
                                                     for k in sorted(set(tk) | set(ok))
                                                     if abs(ok.get(k, 0) - tk.get(k, 0)) > 0}
        row["seconds"] = round(time.time() - t0, 1)
        rows.append(row)
    return rows


def reference_check():
    """Step 1: reproduce expected.json for Llama-3.1-8B at S = 1, 512, 2048."""
    exp = json.load(open(EXPECTED))
    rec = next(r for r in exp["records"] if r["file"] == os.path.basename(REF_CFG))
    rows = process(REF_CFG, [1, 512, 2048])
    out = []
    for r in rows:
        want = rec["flops"][str(r["S"])]["total"]
        out.append(dict(S=r["S"], expected_json=want, harness=r.get("torch_flops"),
                        identical=(r.get("torch_flops") == want),
                        tool_dense_times_S=r.get("tool_flops"),
                        rel_diff_tool_vs_expected=(r["tool_flops"] - want) / want if r.get("tool_flops") else None,
                        harness_by_kind=r.get("torch_by_kind"),
                        expected_by_kind=rec["flops"][str(r["S"])]["by_kind"]))
    return out


def _worker(path):
    try:
        return process(path)
    except Exception as e:
        return [dict(file=os.path.basename(path), S=None, status="TORCH_ERROR",
                     error=f"harness: {type(e).__name__}: {e}")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", nargs="*", default=None, help="substrings of file names to run")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", default=os.path.join(OUT, "flops_results.json"))
    ap.add_argument("--skip-reference", action="store_true")
    a = ap.parse_args()
    files = sorted(f for f in os.listdir(CFG_DIR) if f.endswith(".json"))
    if a.only:
        files = [f for f in files if any(s in f for s in a.only)]
    paths = [os.path.join(CFG_DIR, f) for f in files]

    ref = None
    if not a.skip_reference:
        ref = reference_check()
        for r in ref:
            print(f"REFERENCE Llama-3.1-8B S={r['S']}: expected.json {r['expected_json']} harness {r['harness']} "
                  f"identical={r['identical']} tool dense*S {r['tool_dense_times_S']:.0f} "
                  f"rel {r['rel_diff_tool_vs_expected']:+.3e}", flush=True)

    rows = []
    import multiprocessing as mp
    ctx = mp.get_context("spawn")
    with ctx.Pool(a.jobs, maxtasksperchild=4) as pool:
        for res in pool.imap_unordered(_worker, paths):
            for r in res:
                rows.append(r)
                rd = r.get("rel_diff")
                print(f"{r['status']:12s} {r['file']:50s} S={r.get('S')!s:5s} torch={r.get('torch_flops')} "
                      f"tool={r.get('tool_flops')} rel={'' if rd is None else f'{rd:+.4%}'} "
                      f"{r.get('error', '') or r.get('tool_error', '')}"[:400], flush=True)
    rows.sort(key=lambda r: (r["file"], r.get("S") or 0))
    import torch, transformers
    summary = dict(torch=torch.__version__, transformers=transformers.__version__,
                   python=sys.version.split()[0], tolerance=TOL, n_files=len(files),
                   n_rows=len(rows), by_status=dict(
                       (s, sum(1 for r in rows if r["status"] == s)) for s in sorted({r["status"] for r in rows})))
    ok_rows = [r for r in rows if r["status"] == "OK"]
    if ok_rows:
        worst = max(ok_rows, key=lambda r: abs(r["rel_diff"]))
        summary["largest_in_tolerance"] = dict(file=worst["file"], S=worst["S"], rel_diff=worst["rel_diff"])
    fam = defaultdict(set)
    for r in rows:
        fam[r.get("model_type")].add(r["status"])
    summary["families_all_ok"] = sorted(m for m, s in fam.items() if s == {"OK"})
    summary["families_with_problems"] = {m: sorted(s) for m, s in fam.items() if s != {"OK"}}
    # slim per-row fields requested + details
    results = []
    for r in rows:
        base = dict(file=r["file"], model_type=r.get("model_type"), S=r.get("S"),
                    torch_flops=r.get("torch_flops"), tool_flops=r.get("tool_flops"),
                    tool_dense_per_token=r.get("tool_dense_per_token"),
                    rel_diff=r.get("rel_diff"), status=r["status"])
        base["details"] = {k: v for k, v in r.items() if k not in base}
        results.append(base)
    with open(a.out, "w") as f:
        json.dump(dict(summary=summary, reference_llama_3_1_8b=ref, results=results), f, indent=1, default=str)
    print(json.dumps(summary, indent=1))
    add_to_fixture(results)


def add_to_fixture(results):
    """Sets the measured forward FLOPs of every case this run measured, in its
    family's file core/data/family_checks/<model_type>.json; other cases keep theirs."""
    measured = {r["file"] for r in results}
    by_file = defaultdict(list)
    for r in results:
        if r.get("torch_flops") is not None:
            by_file[r["file"]].append({"seq_len": r["S"], "forward_flops": r["torch_flops"]})
    for name in sorted(os.listdir(FIXTURE_DIR)):
        if not name.endswith(".json") or name == "_about.json":
            continue
        path = os.path.join(FIXTURE_DIR, name)
        with open(path) as f:
            fixture = json.load(f)
        touched = False
        for case in fixture["cases"]:
            if case["file"] in measured:
                case["flops"] = sorted(by_file.get(case["file"], []), key=lambda e: e["seq_len"])
                touched = True
        if touched:
            with open(path, "w") as f:
                json.dump(fixture, f, separators=(",", ":"))
            print(f"added FLOPs to {path}")


if __name__ == "__main__":
    main()
