#!/usr/bin/env python
"""Which layers each family's config class makes sliding-window layers when a
config gives no `layer_types`, written to core/data/layer_types.json and
replayed by core/tests/family_checks.rs (`derived_layer_types_follow_the_config_class`).

Many classes derive `layer_types` from other keys: a pattern (`sliding_window_pattern`,
every fourth layer full), a count of leading dense layers with their own
pattern (Cohere 2 MoE), a `max_window_layers` limit (Qwen2), the last layer
always full (Gemma 3n)... A full config written out by transformers always
lists `layer_types`, so the family checks never reach these rules. For each
family whose class has `layer_types`, this instantiates the class with a few
depths and, where the class has them, a changed pattern, leading-dense count
and window limit, and records how many layers slide.

    .venv-gt/bin/python scripts/ground_truth/layer_types.py
"""
import json
import os
import warnings

warnings.filterwarnings("ignore")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
import transformers
from transformers import CONFIG_MAPPING

transformers.logging.set_verbosity_error()
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLASSES = os.path.join(ROOT, "core", "data", "config_classes.json")
OUT = os.path.join(ROOT, "core", "data", "layer_types.json")

# Keys that steer the derivation, each with a value unlike common defaults.
STEERING = [
    ("sliding_window_pattern", 3),
    ("first_k_dense_replace", 1),
    ("prefix_dense_sliding_window_pattern", 2),
    ("max_window_layers", 5),
    ("use_sliding_window", True),
]
SLIDING = ("sliding_attention", "local_attention")
# Kinds flopcast does not describe as windows, each with the reason.
APART = {
    "chunked_attention": "chunked attention (Llama 4) is not a sliding window; flopcast counts "
    "it as full attention (core/mutants.md)",
    "compressed_sparse_attention": "DeepSeek-V4's kinds are compression rates; every layer "
    "also has a window",
}


def read(cfg, name):
    try:
        return getattr(cfg, name, None)
    except Exception:
        return None


def required(model_type, cls):
    """Keys of the `__default` case in core/data/family_checks/ whose value the
    class does not give by itself, but no layer pattern keys."""
    path = os.path.join(ROOT, "core", "data", "family_checks", model_type + ".json")
    case = next(
        c for c in json.load(open(path))["cases"] if c["file"].endswith("__default.json")
    )
    plain = cls().to_dict()
    steering = {k for k, _ in STEERING} | {"layer_types", "num_hidden_layers"}
    depth = case["config"].get("num_hidden_layers")

    def per_layer(v):
        # A list with an entry per layer (Zamba 2's `layers_block_type`).
        return isinstance(v, list) and len(v) == depth

    def finite(v):
        # The fixtures write an infinite float as {"__float__": "Infinity"}.
        if isinstance(v, dict) and set(v) == {"__float__"}:
            return float(v["__float__"])
        return [finite(x) for x in v] if isinstance(v, list) else v

    return {
        k: v
        for k, v in case["config"].items()
        if k not in steering
        and k not in ("model_type", "transformers_version")
        and not per_layer(v)
        and (k not in plain or plain[k] != finite(v))
    }


def main():
    classes = json.load(open(CLASSES))["classes"]
    cases, skipped = [], {}
    for model_type in sorted(classes):
        cls = CONFIG_MAPPING[model_type]
        try:
            default = cls()
        except Exception as e:
            skipped[model_type] = f"no default instance: {type(e).__name__}"
            continue
        types = read(default, "layer_types")
        if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
            skipped[model_type] = "no layer_types"
            continue
        apart = [APART[t] for t in sorted(set(types)) if t in APART]
        if apart:
            skipped[model_type] = apart[0]
            continue
        layers_key = "num_hidden_layers"
        # Each steering key alone and all together at 12 layers; a variant is
        # kept only where it changes the layers (some classes take a key as a
        # plain argument, not an attribute: Cohere 2 MoE's first_k_dense_replace).
        variants = [{layers_key: n} for n in (6, 7, 12, 20)]
        variants += [{layers_key: 12, k: v} for k, v in STEERING]
        variants += [dict({layers_key: 12}, **dict(STEERING))]
        # The keys of the family's default case that its class has no default
        # for (Dots1's `n_routed_experts`, Qwen4-Exp's indexer), so that the
        # config is one flopcast and transformers can build.
        base = required(model_type, cls)
        variants = [dict(base, **v) for v in variants]
        before = len(cases)
        failed = None
        seen = {}
        for extra in variants:
            try:
                cfg = cls(**extra)
            except Exception as e:
                failed = f"{type(e).__name__}: {str(e)[:100]}"
                continue
            lt = read(cfg, "layer_types")
            if not isinstance(lt, list) or len(lt) != extra[layers_key]:
                continue
            # Gemma 3n shares the last `num_kv_shared_layers` layers' caches:
            # a model with no more layers than that cannot run.
            shared = read(cfg, "num_kv_shared_layers")
            if isinstance(shared, int) and shared >= extra[layers_key]:
                continue
            # A steering variant that derives what 12 plain layers do adds nothing.
            if len(extra) > len(base) + 1 and seen.get(extra[layers_key]) == lt:
                continue
            seen.setdefault(extra[layers_key], lt)
            config = dict({"model_type": model_type}, **extra)
            cases.append(
                {
                    "model_type": model_type,
                    "config": config,
                    "layer_types": lt,
                    "sliding": sum(t in SLIDING for t in lt),
                    # The width a sliding layer attends to, where the class has one.
                    "window": read(cfg, "sliding_window"),
                }
            )
        if len(cases) == before:
            skipped[model_type] = f"no variant the class accepts ({failed})"
    about = {
        "what": "the layer_types each family's config class derives for configs without "
        "them, and how many of those layers slide",
        "made_by": "scripts/ground_truth/layer_types.py",
        "transformers": transformers.__version__,
        "skipped": skipped,
    }
    with open(OUT, "w") as f:
        json.dump({"about": about, "cases": cases}, f, indent=0, sort_keys=True)
        f.write("\n")
    print(f"{len(cases)} cases in {len({c['model_type'] for c in cases})} families")


if __name__ == "__main__":
    main()
