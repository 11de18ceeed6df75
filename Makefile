# shegong — the two commands: `make run` and `make test`.
# Both install what is missing (scripts/bootstrap.sh), then build only what changed.

SHELL := /bin/bash
JOBS ?= $(shell nproc)
RELEASE := build/release
ASAN := build/asan
WEB_SOURCES := $(shell find web/src web/index.html web/vite.config.ts web/package.json web/package-lock.json web/tsconfig*.json -type f 2>/dev/null)
PORT ?= 8080
# ccache hits across clones in other folders (CI builds a fresh clone).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true

.PHONY: run test build build-asan web bootstrap bench clean api

bootstrap:
	@bash scripts/bootstrap.sh

# Configuring again is cheap and keeps the options right in an old build folder.
build: bootstrap
	@cmake -S . -B $(RELEASE) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSHEGONG_E2E=ON >/dev/null
	ninja -C $(RELEASE) -j $(JOBS)

build-asan: bootstrap
	@cmake -S . -B $(ASAN) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSHEGONG_SANITIZE=ON -DSHEGONG_TEST_PG_PORT=55433 >/dev/null
	ninja -C $(ASAN) -j $(JOBS)

# The console is rebuilt only when its sources change.
web/dist/index.html: $(WEB_SOURCES)
	cd web && npm run build
	@touch $@

web: bootstrap web/dist/index.html

run: build web
	@mkdir -p data
	$(RELEASE)/shegong serve --demo --data-dir data --port $(PORT)

test: build build-asan web
	cd $(RELEASE) && ctest --output-on-failure -j 2
	cd $(ASAN) && ctest --output-on-failure -j 2

bench: build web
	bash bench/run.sh
	bash bench/postgres.sh

# After a record description or a code list changes: the schemas into docs/openapi.json
# and the vocabulary into the console, then the console's API types from the document.
api: build
	node scripts/api-generate.mjs
	cd web && npm run api-types

clean:
	rm -rf build web/dist
