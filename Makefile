# The two commands of the course (see README.md):
#   make course   set up (first time only) and open the notebooks in JupyterLab
#   make test     set up (first time only) and run every test: unit tests + every notebook under nbval
#   make check    the developers' inner loop: unit tests and static notebook checks, no notebook run (minutes)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# JupyterLab refuses to start as root (Docker containers, cloud notebooks) unless told it may.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)
LAB    := $(BIN)/jupyter lab $(ALLOW_ROOT) notebooks/

.PHONY: course test check setup browser run outputs student book slides present interview bench clean

course: setup
	$(LAB)

# Unit tests (the JupyterLab browser test among them) and every notebook under nbval. The student copies are
# checked statically (tests/test_student.py): they are the notebooks' own cells, which nbval has just run.
test: setup browser
	$(BIN)/python -m pytest tests notebooks --nbval-lax --nbval-current-env --nbval-cell-timeout=600 \
		-q -p no:randomly

# The developers' inner loop (a few minutes): unit tests and the static notebook checks, no notebook executed.
check: setup
	$(BIN)/python -m pytest tests -q -p no:randomly -m "not slow"

# The browser test's Chromium, from the system's packages (Debian/Ubuntu, as root); else that test is skipped.
browser:
	@command -v chromedriver >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		{ DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null || \
		  { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium \
		    chromium-driver >/dev/null; }; }; } || echo "no chromium: the JupyterLab browser test will be skipped"

# Execute every notebook in place so that it is committed with its outputs (figures, tables, printed numbers).
# The notebooks record their headline numbers in results/results.json; the README's tables are generated from it.
outputs: setup
	$(BIN)/python tools/outputs.py
	$(BIN)/python tools/readme.py

# Student copies in student/: solutions replaced by stubs, answers removed.
student: setup
	$(BIN)/python tools/student.py

# The HTML book in build/book/ (from the committed, executed notebooks); open build/book/index.html.
book: setup
	$(BIN)/python tools/book.py

# The instructor's slides (reveal.js, from the executed notebooks' headings and figures) in build/slides/.
slides: setup
	$(BIN)/python instructors/slides.py

# Present them offline: JupyterLab on build/slides/; open a deck and press Alt+R (jupyterlab-rise ships reveal.js).
present: slides
	$(BIN)/jupyter lab $(ALLOW_ROOT) build/slides/

# The printable interview page (markdown and HTML, numbers from the results store) in build/interview/.
interview: setup
	$(BIN)/python -m sslcourse.interview

# Run (without opening a browser) every notebook top to bottom, as CI does.
run: setup
	$(BIN)/python -m pytest notebooks --nbval-lax --nbval-current-env --nbval-cell-timeout=600 -q

bench: setup
	$(BIN)/python benchmarks/bench_augment.py
	$(BIN)/python benchmarks/bench_simclr.py

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $(STAMP)

clean:
	rm -rf $(VENV) *.egg-info
