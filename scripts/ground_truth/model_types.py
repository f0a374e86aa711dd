#!/usr/bin/env python
"""Writes core/src/config/model_types.rs: every `model_type` in transformers'
CONFIG_MAPPING, each with the kind of model it is, so that flopcast can refuse by
name a config of a transformers family it has no entry for (instead of reading it
with the generic Llama-style rules and showing a wrong count as exact).

Run with the ground-truth venv (transformers 5.24.0):

    .venv-gt/bin/python scripts/ground_truth/model_types.py

The kind is derived from transformers' own auto mappings (no model is built):
1. `encoder_decoder`: in a seq2seq or speech-seq2seq mapping, or the config's default
   `is_encoder_decoder` is true;
2. `composite`: in the image-text-to-text or multimodal-LM mapping, or a
   causal LM with a `text_config` sub-config (a model that reads images or audio and
   writes text with a language model inside);
3. `decoder`: in the causal-LM mapping (except BERT-likes, which are also in the
   masked-LM mapping: `encoder`), or the `text_config` of a composite (the
   language model inside a multimodal model);
4. `part`: any other sub-config of another model (a vision tower, an audio
   encoder, a q-former, a codec half);
5. `speech` / `vision`: in an audio or a vision mapping;
6. `encoder`: in a masked-LM, text-encoding or classification mapping;
7. `other`: the rest (time series, codecs, retrieval wrappers, …).
A few types the mappings misdescribe are set by hand in OVERRIDES, each with why.
"""
import os
import sys
import warnings

warnings.filterwarnings("ignore")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
import transformers
from transformers.models.auto import configuration_auto as ca, modeling_auto as ma

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(REPO, "core", "src", "config", "model_types.rs")

# Types the mappings place wrongly for flopcast's purpose, and why.
OVERRIDES = {
    # BertGenerationDecoder is BERT's encoder stack run causally.
    "bert-generation": "encoder",
    # XLNet is a bidirectional permutation language model, not a left-to-right decoder.
    "xlnet": "encoder",
    # TrOCR is the text decoder of a vision encoder-decoder model.
    "trocr": "encoder_decoder",
    # Audio generators: their decoder writes audio codes, not text.
    "musicgen": "speech",
    "musicgen_melody": "speech",
    "moshi": "speech",
    # Byte Latent Transformer: a byte-level text decoder whose parts are sub-configs.
    "blt": "decoder",
}


def names(*mappings):
    out = set()
    for m in mappings:
        out |= set(getattr(ma, m + "_MAPPING_NAMES"))
    return out


CAUSAL = names("MODEL_FOR_CAUSAL_LM")
SEQ2SEQ = names("MODEL_FOR_SEQ_TO_SEQ_CAUSAL_LM", "MODEL_FOR_SPEECH_SEQ_2_SEQ")
MASKED = names("MODEL_FOR_MASKED_LM", "MODEL_FOR_TEXT_ENCODING")
MULTIMODAL = names("MODEL_FOR_IMAGE_TEXT_TO_TEXT", "MODEL_FOR_MULTIMODAL_LM")
ENCODER = MASKED | names("MODEL_FOR_SEQUENCE_CLASSIFICATION", "MODEL_FOR_TOKEN_CLASSIFICATION",
                         "MODEL_FOR_QUESTION_ANSWERING", "MODEL_FOR_MULTIPLE_CHOICE",
                         "MODEL_FOR_NEXT_SENTENCE_PREDICTION")
SPEECH = names("MODEL_FOR_AUDIO_CLASSIFICATION", "MODEL_FOR_AUDIO_FRAME_CLASSIFICATION",
               "MODEL_FOR_AUDIO_XVECTOR", "MODEL_FOR_CTC", "MODEL_FOR_TEXT_TO_SPECTROGRAM",
               "MODEL_FOR_TEXT_TO_WAVEFORM", "MODEL_FOR_RNNT", "MODEL_FOR_TDT")
VISION = names(*[n[: -len("_MAPPING_NAMES")] for n in dir(ma)
                 if n.endswith("_MAPPING_NAMES") and any(w in n for w in (
                     "IMAGE_CLASSIFICATION", "MODEL_FOR_IMAGE_MAPPING", "OBJECT_DETECTION", "BACKBONE",
                     "DEPTH", "SEGMENTATION", "VIDEO", "MASKED_IMAGE", "MASK_GENERATION", "KEYPOINT",
                     "IMAGE_TO_IMAGE", "POSE", "MATTING", "NORMAL_ESTIMATION", "POINTMAP",
                     "TEXT_RECOGNITION", "TABLE_RECOGNITION", "CAUSAL_IMAGE"))])


def classify():
    """Every model type in CONFIG_MAPPING with its kind (see the module docstring)."""
    mapping = ca.CONFIG_MAPPING_NAMES
    info = {}
    parents = {}  # config class name -> [(parent model_type, sub-config key)]
    for mt in sorted(mapping):
        cls = ca.CONFIG_MAPPING[mt]
        subs = dict(getattr(cls, "sub_configs", {}) or {})
        try:
            enc_dec = bool(getattr(cls(), "is_encoder_decoder", False))
        except Exception:
            enc_dec = False
        info[mt] = dict(cls=cls.__name__, subs=subs, enc_dec=enc_dec)
        for key, sub in subs.items():
            parents.setdefault(getattr(sub, "__name__", str(sub)), []).append((mt, key))

    kinds = {}

    def kind(mt):
        if mt in kinds:
            return kinds[mt]
        kinds[mt] = "other"  # guards against cycles in sub-config links
        i = info[mt]
        if mt in OVERRIDES:
            k = OVERRIDES[mt]
        elif i["enc_dec"] or mt in SEQ2SEQ:
            k = "encoder_decoder"
        elif mt in MULTIMODAL or ("text_config" in i["subs"] and mt in CAUSAL):
            k = "composite"
        elif mt in CAUSAL:
            k = "encoder" if mt in MASKED else "decoder"
        elif i["cls"] in parents:
            k = "part"
            for parent, key in parents[i["cls"]]:
                if parent != mt and key == "text_config" and kind(parent) == "composite":
                    k = "decoder"
        elif mt in SPEECH:
            k = "speech"
        elif mt in VISION:
            k = "vision"
        elif mt in ENCODER:
            k = "encoder"
        else:
            k = "other"
        kinds[mt] = k
        return k

    for mt in sorted(mapping):
        kind(mt)
    return kinds


def main():
    mapping = ca.CONFIG_MAPPING_NAMES
    kinds = classify()
    variant = {"decoder": "Decoder", "composite": "Composite", "encoder": "Encoder",
               "encoder_decoder": "EncoderDecoder", "speech": "Speech", "vision": "Vision",
               "part": "Part", "other": "Other"}
    rows = sorted(mapping)
    assert rows == sorted(rows, key=lambda s: s.encode()), "byte order for binary search"
    lines = [
        "//! Every `model_type` in transformers' `CONFIG_MAPPING`, with the kind of model it is.",
        "//!",
        f"//! Generated by `scripts/ground_truth/model_types.py` from transformers {transformers.__version__}'s",
        "//! `CONFIG_MAPPING_NAMES` and auto-model mappings (the script's docstring gives the",
        "//! rules). Do not edit by hand: rerun the script when transformers is upgraded.",
        "",
        "use super::unsupported::Kind;",
        "",
        "/// The transformers release the list was taken from.",
        f"pub const TRANSFORMERS_VERSION: &str = \"{transformers.__version__}\";",
        "",
        f"/// The {len(rows)} model types, in byte order (for binary search).",
        "pub(crate) const MODEL_TYPES: &[(&str, Kind)] = &[",
    ]
    for mt in rows:
        lines.append(f"    (\"{mt}\", Kind::{variant[kinds[mt]]}),")
    lines.append("];")
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")
    from collections import Counter
    print(f"wrote {OUT}: {len(rows)} model types from transformers {transformers.__version__}",
          file=sys.stderr)
    for k, n in sorted(Counter(kinds.values()).items()):
        print(f"  {k}: {n}", file=sys.stderr)


if __name__ == "__main__":
    main()
