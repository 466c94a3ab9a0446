"""Get-Credential: console prompts (reference §5.2), -Credential/-UserName/-Message/-Title,
NonInteractive, no input, and a real pseudo-terminal session where the password is not echoed."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from pwshim.cmdlets.security import GetCredentialCommand, read_secure_string
from pwshim.dotnet.credential import PSCredential
from pwshim.dotnet.securestring import SecureString
from pwshim.runtime.errors import PSError

from .terminal import Terminal

CAPTION = "PowerShell credential request"
MESSAGE = "Enter your credentials."


def test_prompts_for_user_and_password(make_run):
    run = make_run(["joe", "P@ssw0rd"])
    [cred] = run.invoke(GetCredentialCommand)
    assert isinstance(cred, PSCredential)
    assert cred.UserName == "joe"
    assert cred.GetNetworkCredential().Password == "P@ssw0rd"
    assert run.host.prompts == ["User: ", "Password for user joe: "]
    # blank line, caption, message, prompts; Enter ends the password, then one more newline
    assert run.host.text == f"\n{CAPTION}\n{MESSAGE}\nUser: Password for user joe: \n\n"
    assert "P@ssw0rd" not in run.host.text


def test_empty_user_name_asks_again(make_run):
    run = make_run(["", "", "ann", "x"])
    [cred] = run.invoke(GetCredentialCommand)
    assert cred.UserName == "ann"
    assert run.host.prompts == ["User: ", "User: ", "User: ", "Password for user ann: "]


def test_empty_password_is_accepted(make_run):
    run = make_run(["joe", ""])
    [cred] = run.invoke(GetCredentialCommand)
    assert cred.Password.Length == 0


def test_user_name_message_title(make_run):
    run = make_run(["pw"])
    [cred] = run.invoke(GetCredentialCommand, UserName="CONTOSO\\joe", Message="Need it", Title="My title")
    assert cred.UserName == "CONTOSO\\joe"
    assert run.host.prompts == ["Password for user CONTOSO\\joe: "]
    assert run.host.text == "\nMy title\nNeed it\nPassword for user CONTOSO\\joe: \n\n"


def test_doc_message_example(make_run):
    # `$credentials = Get-Credential -Message "Provide PFX private key password"`
    run = make_run(["me", "pfx-pass"])
    [cred] = run.invoke(GetCredentialCommand, Message="Provide PFX private key password")
    assert run.host.text.startswith(f"\n{CAPTION}\nProvide PFX private key password\nUser: ")
    assert cred.Password.reveal() == "pfx-pass"


def test_credential_passes_through_unchanged(make_run):
    run = make_run([])
    given = PSCredential("John", SecureString.from_plain("CredTest"))
    assert run.invoke(GetCredentialCommand, Credential=given)[0] is given
    assert run.host.prompts == []


def test_credential_as_string_is_a_user_name(make_run):
    run = make_run(["pw"])
    [cred] = run.invoke(GetCredentialCommand, Credential="Joe")
    assert cred.UserName == "Joe"
    assert run.host.text == f"\n{CAPTION}\n{MESSAGE}\nPassword for user Joe: \n\n"


def test_credential_null_prompts_for_everything(make_run):
    run = make_run(["John", "This is a test"])
    [cred] = run.invoke(GetCredentialCommand, Credential=None)
    assert cred.UserName == "John" and cred.GetNetworkCredential().Password == "This is a test"


def test_credential_of_another_type_fails_transformation(make_run):
    run = make_run(["x"])
    with pytest.raises(PSError) as info:
        run.invoke(GetCredentialCommand, Credential=5)
    rec = info.value.record
    assert rec.error_id == "ParameterArgumentTransformationError"
    assert rec.message == "Cannot process argument transformation on parameter 'Credential'. userName"
    assert run.host.prompts == []


@pytest.mark.parametrize("name", ["UserName", "Message", "Title"])
def test_not_null_or_empty_parameters(make_run, name):
    run = make_run(["x", "y"])
    with pytest.raises(PSError) as info:
        run.invoke(GetCredentialCommand, **{name: ""})
    rec = info.value.record
    assert rec.error_id == "ParameterArgumentValidationError"
    assert rec.message == (
        f"Cannot validate argument on parameter '{name}'. The argument is null or empty. "
        "Provide an argument that is not null or empty, and then try the command again."
    )


def test_noninteractive_fails_with_pwsh_text(make_run):
    run = make_run(["joe", "pw"], noninteractive=True)
    with pytest.raises(PSError) as info:
        run.invoke(GetCredentialCommand)
    assert info.value.record.message == (
        "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available."
    )
    # caption and message are written before the read fails (call order of PromptForCredential)
    assert run.host.text == f"\n{CAPTION}\n{MESSAGE}\n"


def test_no_input_left_fails_instead_of_hanging(make_run):
    run = make_run(["joe"])  # no password answer
    with pytest.raises(PSError):
        run.invoke(GetCredentialCommand)


def test_read_secure_string_helper(make_run):
    run = make_run(["hunter2"])
    value = read_secure_string(run.session, "Secret: ")
    assert isinstance(value, SecureString) and value.reveal() == "hunter2"
    assert run.host.prompts == ["Secret: "]
    assert "hunter2" not in run.host.text


# --- a real pseudo-terminal -------------------------------------------------------------------------
CHILD = textwrap.dedent(
    """
    import sys
    from pwshim.runtime.session import Session
    from pwshim.runtime.host import ConsoleHost
    from pwshim.runtime.cmdlet import invoke
    from pwshim.cmdlets.security import GetCredentialCommand
    from pwshim.runtime.errors import PSError

    params = eval(sys.argv[1])
    session = Session(host=ConsoleHost(), environ={"HOME": "/nonexistent"})
    try:
        [cred] = invoke(GetCredentialCommand, session, **params)
    except PSError as exc:
        print("ERROR", exc.record.message, flush=True)
        sys.exit(1)
    net = cred.GetNetworkCredential()
    print("RESULT", cred.UserName, net.Password.encode("utf-8").hex(), flush=True)
    """
)


def test_get_credential_on_a_real_terminal_does_not_echo_the_password():
    password = "pty-S3cret-9"
    term = Terminal([CHILD, repr({"Message": "Need it"})])
    try:
        term.expect(b"User: ")
        term.send(b"alice\r")
        term.expect(b"Password for user alice: ")
        term.send(password.encode() + b"\r")
        term.expect(b"RESULT")
        code = term.finish()
    finally:
        term.close()
    out = term.transcript.decode("utf-8", "replace")
    assert code == 0, out
    assert password not in out  # masked: not echoed by the terminal
    assert "alice" in out.split("Password for user")[0]  # the user name is echoed normally
    lines = [line.strip() for line in out.replace("\r", "").split("\n")]
    assert CAPTION in lines and "Need it" in lines
    assert lines.index(CAPTION) < lines.index("Need it")
    result = next(line for line in lines if line.startswith("RESULT"))
    assert result == f"RESULT alice {password.encode().hex()}"


def test_get_credential_with_user_name_on_a_terminal():
    term = Terminal([CHILD, repr({"UserName": "svc@contoso.com"})])
    try:
        term.expect(b"Password for user svc@contoso.com: ")
        assert b"User: " not in term.transcript
        term.send(b"pw\r")
        term.expect(b"RESULT")
        assert term.finish() == 0
    finally:
        term.close()
    assert f"RESULT svc@contoso.com {b'pw'.hex()}" in term.transcript.decode().replace("\r", "")


def test_without_a_terminal_and_no_input_it_fails_fast():
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, repr({})],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout.startswith(f"\n{CAPTION}\n{MESSAGE}\nUser: ")
    assert "ERROR" in proc.stdout
    assert "Traceback" not in proc.stderr
