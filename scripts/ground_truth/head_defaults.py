#!/usr/bin/env python
"""What each family's config class derives for its key/value heads and head
width when a config sets the attention heads and leaves those keys out,
written to core/data/head_defaults.json and replayed by
core/tests/family_checks.rs (`head_defaults_follow_the_config_class`).

A config class either fixes a default (MiniCPM3Config: 40 key/value heads) or
derives one (CohereConfig: as many as `num_attention_heads`; Cohere2Config's
`head_dim`: `hidden_size / num_attention_heads`). A family table entry that
fixes what the class derives counts the default config right and every other
config wrong, or refuses it; the PyTorch probes (family_checks.py) cannot
reach families whose default model is too large to build, so this reads the
class itself. For each family: its default config as transformers writes it
out, without the key/value heads and head width (in every spelling), with the
attention heads halved or doubled (whichever the class's key/value heads
divide, halved when both or neither do); the class's
`num_key_value_heads` and `head_dim` for it are the truth.

Run with the ground-truth venv:

    .venv-gt/bin/python scripts/ground_truth/head_defaults.py
"""
import json
import os

import transformers
from transformers import CONFIG_MAPPING

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLASSES = os.path.join(ROOT, "core", "data", "config_classes.json")
CHECKS = os.path.join(ROOT, "core", "data", "family_checks")
OUT = os.path.join(ROOT, "core", "data", "head_defaults.json")


def spelled(cls, name):
    """The key a config file uses for `name` (the class's attribute_map)."""
    return getattr(cls, "attribute_map", {}).get(name, name)


def read(cfg, name):
    """An attribute, or None where the class has none or will not give one
    global value (a per-layer attribute of a heterogeneous config)."""
    try:
        return getattr(cfg, name, None)
    except Exception:
        return None


def as_int(v):
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def default_config(model_type):
    """The family's default config as transformers writes it out
    (core/data/family_checks/<type>.json, the `__default` case)."""
    path = os.path.join(CHECKS, model_type + ".json")
    for case in json.load(open(path))["cases"]:
        if case["file"].endswith("__default.json"):
            return dict(case["config"])
    return None


def main():
    classes = json.load(open(CLASSES))["classes"]
    cases, skipped = [], {}
    for model_type in sorted(classes):
        cls = CONFIG_MAPPING[model_type]
        base = default_config(model_type)
        if base is None:
            skipped[model_type] = "no default case"
            continue
        heads_key = spelled(cls, "num_attention_heads")
        heads = as_int(base.get(heads_key))
        if not heads:
            skipped[model_type] = "no attention heads in its default config"
            continue
        # Leave the key/value heads and head width out, in every spelling.
        for name in ("num_key_value_heads", "head_dim"):
            base.pop(name, None)
            base.pop(spelled(cls, name), None)
        # A head count the class accepts, preferring one its key/value heads
        # divide (a model that runs) over one they do not (a refusal).
        made = []
        for h in ([heads // 2] if heads % 2 == 0 and heads > 1 else []) + [heads * 2]:
            config = dict(base, **{heads_key: h})
            try:
                cfg = cls(**config)
            except Exception:
                continue
            kv = as_int(read(cfg, "num_key_value_heads"))
            made.append((kv is not None and kv > 0 and h % kv == 0, config, cfg))
        made.sort(key=lambda m: not m[0])
        made = made[0][1:] if made else None
        if made is None:
            skipped[model_type] = "no other head count is accepted"
            continue
        config, cfg = made
        # Only what differs from the class's own defaults, and the heads.
        try:
            plain = cls().to_dict()
        except Exception:
            plain = {}
        config = {
            k: v
            for k, v in config.items()
            if k in ("model_type", heads_key) or k not in plain or plain[k] != v
        }
        case = {"model_type": model_type, "config": config}
        kv = as_int(read(cfg, "num_key_value_heads"))
        if kv is not None:
            case["num_key_value_heads"] = kv
        hd = as_int(read(cfg, "head_dim"))
        if hd is not None:
            case["head_dim"] = hd
        if len(case) == 2:
            skipped[model_type] = "derives neither key/value heads nor a head width"
            continue
        cases.append(case)
    about = {
        "what": "the key/value heads and head width each family's config class derives "
        "when a config sets only the attention heads",
        "made_by": "scripts/ground_truth/head_defaults.py",
        "transformers": transformers.__version__,
        "skipped": skipped,
    }
    with open(OUT, "w") as f:
        json.dump({"about": about, "cases": cases}, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{len(cases)} cases, {len(skipped)} skipped")


if __name__ == "__main__":
    main()
