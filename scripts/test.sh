#!/usr/bin/env bash
# Install foedus with its test dependencies into .venv and run the whole test suite.
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]' 2>&1 | grep -v '^WARNING: Location' || true
exec .venv/bin/python -m pytest "$@"
