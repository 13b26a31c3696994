# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export STORYLINE_DB ?= sqlite:///storyline.db

.PHONY: demo test install clean-db

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch first, pinned: this resolves to the CPU build that lies on this machine's disk,
# where an unpinned install by another package would pull a multi-GB CUDA build.
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/storyline ingest examples/corpus
	$(BIN)/storyline articles
	@mkdir -p out
	$(BIN)/storyline stories
	$(BIN)/storyline export -o out/export.json
	@echo "Export written to out/export.json (database: $(STORYLINE_DB))"

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean-db:
	rm -f storyline.db storyline.db-wal storyline.db-shm
