#!/usr/bin/env bash
# Install foedus with its test dependencies into .venv and run the whole test suite.
# The browser tests drive Debian's chromium (never a browser downloaded by Playwright).
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]' 2> >(grep -v '^WARNING: Location' >&2)
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium for the browser tests (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo -n"
  { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null; } \
    || echo "could not install chromium; the browser tests will be skipped" >&2
fi
exec .venv/bin/python -m pytest "$@"
