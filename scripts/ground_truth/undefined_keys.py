#!/usr/bin/env python
"""Does a key the config class does not define change the model PyTorch builds?

For every family's default config in core/data/family_checks/ and each common
bias key (and `num_key_value_heads`) the class does not write, builds the model
on the meta device with that key set and prints the change in parameters
against the same config without it. `core/tests/family_checks.rs`
(`a_key_the_class_does_not_define_changes_nothing`) asserts that flopcast sees
no change either; this script is its ground truth. transformers 5.24.0: 985
pairs without change, SarvamMoE's `use_qkv_bias` (an `attribute_map` alias of
`attention_bias`, +87,552), and configs transformers cannot load from their own
JSON (Bamba's `time_step_limit`, ...). Not part of `make test` (needs torch):

    .venv-gt/bin/python scripts/ground_truth/undefined_keys.py
"""
import glob, json, os, warnings

warnings.filterwarnings("ignore")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
import torch
import transformers
from transformers import AutoConfig, AutoModel, AutoModelForCausalLM

transformers.logging.set_verbosity_error()
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEYS = [("attention_bias", True), ("mlp_bias", True), ("bias", True), ("use_bias", True),
        ("qkv_bias", True), ("use_qkv_bias", True), ("add_bias_linear", True), ("add_qkv_bias", True),
        ("num_key_value_heads", 1)]
SKIP = ("model_type", "transformers_version", "_name_or_path")


def params(model_type, config):
    cfg = AutoConfig.for_model(model_type, **{k: v for k, v in config.items() if k not in SKIP})
    with torch.device("meta"):
        try:
            model = AutoModelForCausalLM.from_config(cfg)
        except Exception:
            model = AutoModel.from_config(cfg)
    return sum(p.numel() for p in model.parameters())


changed, same, errors = [], 0, []
for path in sorted(glob.glob(os.path.join(REPO, "core/data/family_checks/*.json"))):
    fixture = json.load(open(path))
    cases = [c for c in fixture.get("cases", []) if c["file"].endswith("__default.json")]
    if not cases:
        continue
    mt, config = cases[0]["model_type"], dict(cases[0]["config"])
    try:
        base = params(mt, config)
    except Exception as e:
        errors.append(f"{mt}: {str(e)[:120]}")
        continue
    for key, value in KEYS:
        if key in config:
            continue
        try:
            delta = params(mt, dict(config, **{key: value})) - base
        except Exception as e:
            errors.append(f"{mt} with {key}: {str(e)[:120]}")
            continue
        if delta:
            changed.append(f"{mt} with {key}: {delta:+,}")
        else:
            same += 1
print(f"{same} pairs without change")
for line in changed:
    print("CHANGES", line)
for line in errors:
    print("ERROR  ", line)
