# Sourced by .ci/run and scripts/try-newest: a new, empty virtual environment, activated, in a
# temporary directory that is removed on exit. What a new machine has: the interpreter and pip,
# nothing the developer or an earlier run installed.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"${PYTHON:-python3}" -m venv "$work/venv"
# shellcheck disable=SC1091
. "$work/venv/bin/activate"
