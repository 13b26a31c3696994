"""Readers: files, folders, JSONL and stdin → RawArticle (or a Failure naming the input)."""
from storyline.ingest.readers import IngestError, content_id, decode, iter_inputs, read_jsonl_stream

__all__ = ["IngestError", "content_id", "decode", "iter_inputs", "read_jsonl_stream"]
