#!/usr/bin/env python
"""The config class transformers uses for each model type that core/data/family_checks/
covers, written to core/data/config_classes.json.

flopcast names that class when it fills a missing key with the class's default
("`hidden_size` missing: used LlamaConfig's default, 4096"); core/tests/family_checks.rs
checks the name against this file. Run with the ground-truth venv:

    .venv-gt/bin/python scripts/ground_truth/config_classes.py
"""
import json
import os

import transformers
from transformers import CONFIG_MAPPING

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECKS = os.path.join(ROOT, "core", "data", "family_checks")
OUT = os.path.join(ROOT, "core", "data", "config_classes.json")


def main():
    types = sorted(
        f[: -len(".json")]
        for f in os.listdir(CHECKS)
        if f.endswith(".json") and not f.startswith("_")
    )
    classes = {}
    for model_type in types:
        if model_type in CONFIG_MAPPING:
            classes[model_type] = CONFIG_MAPPING[model_type].__name__
    about = {
        "what": "transformers' config class for each model type of core/data/family_checks/",
        "made_by": "scripts/ground_truth/config_classes.py",
        "transformers": transformers.__version__,
        "missing": [t for t in types if t not in classes],
    }
    with open(OUT, "w") as f:
        json.dump({"about": about, "classes": classes}, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{len(classes)} classes, {len(about['missing'])} types not in CONFIG_MAPPING")


if __name__ == "__main__":
    main()
