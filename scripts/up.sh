#!/usr/bin/env bash
# Install foedus into .venv and run the main job: build the KB, then serve the web app
# (http://127.0.0.1:8000/ by default; pass --host/--port to change, Ctrl-C to stop).
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
.venv/bin/python -m pip install -q --disable-pip-version-check -e . 2> >(grep -v '^WARNING: Location' >&2)
exec .venv/bin/foedus up "$@"
