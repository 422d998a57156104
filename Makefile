# Cairn — the commands a developer runs. `make demo` and `make test` install what they need.
SHELL := /bin/bash
MVN := ./mvnw -B --no-transfer-progress
SAM := SAM_CLI_TELEMETRY=0 .venv/bin/sam
LOCAL_CLASSPATH = local/target/classes:$$(cat local/target/runtime-classpath.txt)

.PHONY: help venv build test demo run validate sam-validate sam-build bench clean

help:
	@echo "make demo  - run Cairn's main job locally: sample data in, hub pages and emails out"
	@echo "make test  - build, run every test, sam validate --lint and sam build"
	@echo "make run   - the local stack on http://127.0.0.1:3000 until Ctrl-C"
	@echo "make validate - check programs offline; PROGRAMS=<folder> (default examples/programs)"
	@echo "make bench - the benchmarks of docs/performance.md; BENCH_PROGRAM=<program folder> picks the rendered program, BENCH_CONTACTS=<n> the pipeline's contacts, BENCH_PAIRS=<n> the cold-start pairs, BENCH_FUNCTIONS=<logical ids> its functions, BENCH_FIGURES=pipeline (or render,ingest,size,coldstart) only those"

venv:
	@scripts/venv.sh

# Installs the parent POM and every module into the local Maven repository: `sam build` builds each function
# folder on its own and finds the parent and shared there (docs/operations.md).
build:
	$(MVN) -q install -DskipTests

test: venv
	scripts/chromium.sh
	scripts/with-emulator.sh $(MVN) install
	$(MAKE) sam-validate sam-build

sam-validate: venv
	$(SAM) validate --lint

sam-build: venv
	$(SAM) build

demo: venv build
	scripts/with-emulator.sh java -cp "$(LOCAL_CLASSPATH)" dev.cairn.local.Demo

run: venv build
	scripts/with-emulator.sh java -cp "$(LOCAL_CLASSPATH)" dev.cairn.local.Main

# Offline, no AWS: the checks of PUT /v1/programs/{id} on every program folder under $(PROGRAMS).
PROGRAMS ?= examples/programs
validate: build
	java -cp "$(LOCAL_CLASSPATH)" dev.cairn.local.ValidatePrograms "$(PROGRAMS)"

# Benchmarks, never part of `make test`: each figure beside its comparison, in one run (docs/performance.md).
# Each function's runtime classpath (what `sam build` packages) goes to functions/<name>/target/runtime-classpath.txt.
# BENCH_CONTACTS: contacts in the scheduled review of the pipeline figures (3, 4, 6); per-contact counts do not
# depend on it. BENCH_FIGURES: a comma-separated subset of render, ingest, size, coldstart, pipeline (default all).
BENCH_CONTACTS ?= 1000
# BENCH_PAIRS: alternating handler/floor pairs per function in the cold-start figure (5a).
BENCH_PAIRS ?= 7
# BENCH_FUNCTIONS: only these functions in the cold-start figure, by logical id (RenderFunction,DeliverFunction).
BENCH_FUNCTIONS ?=
BENCH_FIGURES ?=
bench: venv build
	cd bench/liquidjs && npm ci --no-audit --no-fund --loglevel=error
	# Through the reactor (-am), so that the lists name this checkout's shared jar, not the one in ~/.m2.
	$(MVN) -q package -DskipTests dependency:build-classpath -Dmdep.includeScope=runtime \
	  -Dmdep.outputFile=target/runtime-classpath.txt -pl "$$(ls -d functions/*/ | paste -sd, -)" -am
	BENCH_CONTACTS=$(BENCH_CONTACTS) BENCH_FIGURES=$(BENCH_FIGURES) BENCH_PAIRS=$(BENCH_PAIRS) BENCH_FUNCTIONS=$(BENCH_FUNCTIONS) scripts/with-emulator.sh java -cp "bench/target/classes:$$(cat bench/target/runtime-classpath.txt)" dev.cairn.bench.Bench $(BENCH_PROGRAM)
	# 100,000 rows through the S3 import path in a JVM with a 128 MB heap (LargeImportTest), with the ingest figure.
	case ",$(BENCH_FIGURES)," in ,,|*,ingest,*) scripts/with-emulator.sh $(MVN) -q -pl local -am install \
	  -Dsurefire.failIfNoSpecifiedTests=false -Dtest=LargeImportTest -Dcairn.largeImport.rows=100000 ;; esac

clean:
	$(MVN) -q clean
	rm -rf .aws-sam .local
