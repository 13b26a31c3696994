# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export STORYLINE_DB ?= sqlite:///storyline.db

.PHONY: demo test install clean-db quality

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
	$(BIN)/storyline export -o out/export.json
	$(BIN)/storyline report
	$(BIN)/storyline report --largest
	$(BIN)/storyline dossier --largest --format html -o out/dossier.html
	$(BIN)/storyline dossier --largest --format md -o out/dossier.md
	@echo
	@echo "HTML dossier of the largest story: $(CURDIR)/out/dossier.html (Markdown: out/dossier.md)"
	@echo "Corpus export: out/export.json   database: $(STORYLINE_DB)"
	@echo "Browse it:  $(BIN)/storyline serve   then open http://127.0.0.1:8000/ (API docs at /docs)"

# The lint and type gate: `make test` runs it first, so a finding fails the build.
.PHONY: lint
lint: $(STAMP)
	$(BIN)/ruff check src tests bench quality
	$(BIN)/mypy src quality

# Two workers, a test file each at a time (a file's models and module fixtures load once): the
# suite's slow files (the development sets, the bench, the browser, the reliability runs) overlap.
test: $(STAMP) lint
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

clean-db:
	rm -f storyline.db storyline.db-wal storyline.db-shm

# Where quality stands on the real development sets (../shared/dev): one table, several minutes.
quality: $(STAMP)
	$(BIN)/python -m quality.run
