#!/bin/sh
# The benchmark's own environment: Azure CLI (the peer pwshim is measured against) lives ONLY in
# bench/.venv, never in the project's environment.   Usage: sh bench/setup.sh
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
if [ ! -x "$HERE/.venv/bin/az" ]; then
    python3 -m venv "$HERE/.venv"
    "$HERE/.venv/bin/pip" install --quiet --upgrade pip
    "$HERE/.venv/bin/pip" install --quiet azure-cli
fi
"$HERE/.venv/bin/az" version --output json
