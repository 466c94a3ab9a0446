"""A corrupt ~/.Azure/AzureRmContext.json is reported when it is read, not only when written:
a warning naming the file (once per session), and the file is left byte for byte."""

from __future__ import annotations

import os
from pathlib import Path

from pwshim.formatting import format_error
from pwshim.interpreter import Interpreter
from pwshim.runtime.host import BufferHost
from pwshim.runtime.session import Session


def _run(script: str) -> tuple[object, str, str]:
    session = Session(host=BufferHost(noninteractive=True), environ=os.environ, noninteractive=True)
    result = Interpreter(session).run_text(script)
    errors = "\n".join(format_error(e) for e in result.errors)
    assert "Traceback" not in errors and "Traceback" not in session.host.text
    return result, session.host.text, errors


def _corrupt(home: Path) -> tuple[Path, bytes]:
    path = home / ".Azure" / "AzureRmContext.json"
    path.parent.mkdir(mode=0o700, exist_ok=True)
    content = b'\xef\xbb\xbf{\n  "DefaultContextKey": "Default",\n  "Contexts": {\n    "Def'
    path.write_bytes(content)
    return path, content


def test_get_context_warns_naming_the_file(az_env: Path) -> None:
    path, content = _corrupt(az_env)
    result, text, errors = _run("Get-AzContext -ListAvailable; Get-AzContext")
    warnings = [line for line in text.splitlines() if line.startswith("WARNING: ")]
    assert len(warnings) == 1, warnings  # once per session, not once per cmdlet
    assert warnings[0].startswith(f"WARNING: The Azure PowerShell context file '{path}' is not valid JSON (")
    assert warnings[0].endswith("It was left unchanged. Repair it, or move it away to start with an empty context.")
    assert not result.errors, errors
    assert path.read_bytes() == content


def test_get_access_token_warns_before_its_error(az_env: Path) -> None:
    path, content = _corrupt(az_env)
    result, text, errors = _run("Get-AzAccessToken")
    assert f"WARNING: The Azure PowerShell context file '{path}' is not valid JSON" in text
    assert "Run Connect-AzAccount to login." in errors
    assert path.read_bytes() == content


def test_sound_file_no_warning(az_env: Path) -> None:
    result, text, errors = _run("Connect-AzAccount -Identity | Out-Null; Get-AzContext | Out-Null")
    assert not result.errors, errors
    assert "is not valid JSON" not in text
