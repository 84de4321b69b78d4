# The two README commands. Both install what is missing, configure and build first.
BUILD ?= build
JOBS ?= $(shell nproc)
SHARED ?= $(abspath ../shared)

.PHONY: setup build test demo clean
setup:
	@bash scripts/setup.sh

build: setup
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

test: build
	@cd $(BUILD) && HYCAM_SHARED=$(SHARED) ctest --output-on-failure -j $(JOBS)

demo: build
	@HYCAM_SHARED=$(SHARED) bash scripts/demo.sh

clean:
	rm -rf $(BUILD)
