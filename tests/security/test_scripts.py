"""Secure strings and credentials as PowerShell text through the interpreter."""

from __future__ import annotations

import pytest

pytest.importorskip("pwshim.parser")

from pwshim.dotnet.securestring import SecureString  # noqa: E402
from pwshim.interpreter import run_script  # noqa: E402
from pwshim.runtime.host import BufferHost  # noqa: E402
from pwshim.runtime.session import Session  # noqa: E402


def run(text: str, answers: list[str] | None = None):
    session = Session(host=BufferHost(answers or []), environ={"HOME": "/nonexistent"})
    return session, run_script(text, session)


def test_plain_text_to_hex():
    _, result = run("'P@ssw0rd' | ConvertTo-SecureString -AsPlainText -Force | ConvertFrom-SecureString")
    assert result.output == ["50004000730073007700300072006400"]
    assert result.errors == []


def test_positional_string_and_round_trip_without_key():
    _, result = run(
        "$s = ConvertTo-SecureString 'abc' -AsPlainText\n"
        "$hex = ConvertFrom-SecureString $s\n"
        "$hex\n"
        "ConvertTo-SecureString $hex | ConvertFrom-SecureString -AsPlainText"
    )
    assert result.output == ["610062006300", "abc"]


def test_key_round_trip():
    _, result = run(
        "$key = [byte[]](1..32)\n"
        "$enc = 'Sup3r' | ConvertTo-SecureString -AsPlainText -Force | ConvertFrom-SecureString -Key $key\n"
        "$enc.StartsWith('76492d1116743f0423413b16050a5345')\n"
        "($enc | ConvertTo-SecureString -Key $key | ConvertFrom-SecureString -AsPlainText)"
    )
    assert result.output == [True, "Sup3r"]


def test_secure_string_never_shows_its_text():
    session, result = run(
        "$s = ConvertTo-SecureString 'hunter2' -AsPlainText -Force\n"
        '"$s"\n'
        "$s.ToString()\n"
        "$s.Length\n"
        "$s"
    )
    assert result.output[:3] == ["System.Security.SecureString", "System.Security.SecureString", 7]
    assert isinstance(result.output[3], SecureString)
    assert "hunter2" not in session.host.text


def test_doc_automation_block():
    _, result = run(
        "$sp = [pscustomobject]@{ AppId = '11111111-2222-3333-4444-555555555555';"
        " PasswordCredentials = [pscustomobject]@{ SecretText = 'Xy8Q~abc.DEF' } }\n"
        "$SecureStringPwd = $sp.PasswordCredentials.SecretText | ConvertTo-SecureString -AsPlainText -Force\n"
        "$pscredential = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList $sp.AppId, $SecureStringPwd\n"
        "$pscredential.UserName\n"
        "$pscredential.GetNetworkCredential().Password\n"
        "$pscredential.Password.GetType().FullName"
    )
    assert result.errors == []
    assert result.output == [
        "11111111-2222-3333-4444-555555555555",
        "Xy8Q~abc.DEF",
        "System.Security.SecureString",
    ]


def test_pscredential_type_literal_and_empty():
    _, result = run(
        "$c = [pscredential]::new('CONTOSO\\joe', (ConvertTo-SecureString 'pw' -AsPlainText -Force))\n"
        "$n = $c.GetNetworkCredential()\n"
        "$n.UserName; $n.Domain; $n.Password\n"
        "$null -eq [pscredential]::Empty.UserName\n"
        "$c -is [System.Management.Automation.PSCredential]"
    )
    assert result.output == ["joe", "CONTOSO", "pw", True, True]


def test_pscredential_constructor_error():
    _, result = run(
        "try { New-Object System.Management.Automation.PSCredential('', (ConvertTo-SecureString 'pw' -AsPlainText)) }"
        " catch { $_.Exception.Message }"
    )
    [message] = result.output
    assert message.endswith(
        'Cannot process argument because the value of argument "userName" is not valid. '
        'Change the value of the "userName" argument and run the operation again."'
    )
    assert message.startswith('Exception calling ".ctor" with "2" argument(s): ')


def test_marshal_bstr_idiom():
    _, result = run(
        "$s = ConvertTo-SecureString 'P@ssw0rd' -AsPlainText -Force\n"
        "$b = [System.Runtime.InteropServices.Marshal]::SecureStringToBSTR($s)\n"
        "[System.Runtime.InteropServices.Marshal]::PtrToStringBSTR($b)\n"
        "[System.Runtime.InteropServices.Marshal]::PtrToStringAuto($b)\n"
        "[System.Runtime.InteropServices.Marshal]::ZeroFreeBSTR($b)"
    )
    assert result.output == ["P@ssw0rd", "P"]


def test_non_terminating_error_with_id():
    _, result = run("ConvertTo-SecureString 'abc'; 'after'")
    assert result.output == ["after"]
    [err] = result.errors
    assert err.FullyQualifiedErrorId == (
        "ImportSecureString_InvalidArgument,Microsoft.PowerShell.Commands.ConvertToSecureStringCommand"
    )
    assert err.message == 'The parameter value "abc" is not a valid encrypted string.'


def test_string_is_not_a_secure_string():
    _, result = run("ConvertFrom-SecureString '1234'")
    [err] = result.errors
    assert err.error_id.startswith("CannotConvertArgumentNoMessage")
    assert err.message == (
        "Cannot bind parameter 'SecureString'. Cannot convert the value of type \"System.String\" "
        'to type "System.Security.SecureString".'
    )


def test_get_credential_in_a_script():
    session, result = run(
        "$c = Get-Credential -UserName joe\n"
        "$c.GetNetworkCredential().Password",
        answers=["typed-secret"],
    )
    assert result.output[-1] == "typed-secret"
    assert "Password for user joe: " in session.host.text
    assert "typed-secret" not in session.host.text


def test_get_credential_output_table():
    session, result = run("Get-Credential joe | Out-Default", answers=["pw"])
    assert "joe      System.Security.SecureString" in session.host.text
    assert result.output == []  # Out-Default consumed it


def errors_of(text: str, **session_kw):
    session = Session(host=BufferHost([]), environ={"HOME": "/nonexistent"}, **session_kw)
    result = run_script(text, session)
    return session, result, [(e.FullyQualifiedErrorId, e.message) for e in result.errors]


def test_binding_and_cast_errors():
    _, _, errs = errors_of("ConvertTo-SecureString ''")
    [(error_id, message)] = errs
    assert error_id.startswith("ParameterArgumentValidationErrorEmptyStringNotAllowed")
    assert message == "Cannot bind argument to parameter 'String' because it is an empty string."
    _, _, errs = errors_of("[securestring]'hunter2'")
    assert errs == [(
        "ConvertToFinalInvalidCastException",
        'Cannot convert the value of type "System.String" to type "System.Security.SecureString".',
    )]


def test_secure_string_methods_from_script():
    _, result, errs = errors_of(
        "$s = [securestring]::new(); $s.AppendChar('a'); $s.AppendChar([char]'b'); $s.Length\n"
        "$s.MakeReadOnly(); $s.IsReadOnly(); $s.AppendChar('c')"
    )
    assert result.output == [2, True]
    assert errs[0][1] == 'Exception calling "AppendChar" with "1" argument(s): "Instance is read-only."'


def test_new_object_null_password():
    _, _, errs = errors_of("New-Object System.Management.Automation.PSCredential('joe', $null)")
    assert errs == [(
        "ConstructorInvokedThrowException,Microsoft.PowerShell.Commands.NewObjectCommand",
        'Exception calling ".ctor" with "2" argument(s): "Cannot process argument because the value of argument '
        '"password" is null. Change the value of argument "password" to a non-null value."',
    )]


def test_noninteractive_get_credential_in_a_script():
    session, result, errs = errors_of("Get-Credential; 'next statement'", noninteractive=True)
    assert errs[0][1] == "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available."
    assert result.output == ["next statement"]  # a statement-terminating error, as pwsh
    assert session.host.text == "\nPowerShell credential request\nEnter your credentials.\n"


def test_list_and_network_credential_views():
    session, result, errs = errors_of(
        "$c = [pscredential]::new('joe', (ConvertTo-SecureString 'x' -AsPlainText))\n"
        "$c | Format-List | Out-Default\n"
        "$c.GetNetworkCredential() | Out-Default"
    )
    assert errs == []
    assert session.host.text == (
        "\nUserName : joe\nPassword : System.Security.SecureString\n\n"
        "\nUserName" + " " * 43 + "Domain\n--------" + " " * 43 + "------\njoe" + " " * 48 + "\n\n"
    )


def test_secure_string_in_strings_and_json():
    _, result, errs = errors_of(
        "$s = ConvertTo-SecureString 'abc' -AsPlainText\n"
        '"value: $s"\n'
        "$s | ConvertTo-Json -Compress"
    )
    assert errs == []
    assert result.output == ["value: System.Security.SecureString", '{"Length":3}']
