"""PSCredential and NetworkCredential (reference §5.4, §7.2, §7.3)."""

from __future__ import annotations

import pickle

import pytest

from pwshim.cmdlets.security import ConvertToSecureStringCommand
from pwshim.dotnet.credential import NetworkCredential, PSCredential, split_user_domain
from pwshim.dotnet.securestring import SecureString
from pwshim.runtime.dotnet import resolve_type, type_full_name
from pwshim.runtime.errors import (
    ArgumentException,
    ArgumentNullException,
    InvalidCastException,
)
from pwshim.runtime.objects import PSObject
from pwshim.runtime.types import convert_to


def secure(text: str = "pw") -> SecureString:
    return SecureString.from_plain(text)


def test_registration():
    assert resolve_type("pscredential") is PSCredential
    assert resolve_type("System.Management.Automation.PSCredential") is PSCredential
    assert resolve_type("System.Net.NetworkCredential") is NetworkCredential
    assert type_full_name(PSCredential("u", secure())) == "System.Management.Automation.PSCredential"


def test_members():
    pw = secure("s3cret")
    cred = PSCredential("joe", pw)
    assert cred.UserName == "joe"
    assert cred.Password is pw
    assert str(cred) == cred.ToString() == "System.Management.Automation.PSCredential"
    assert "s3cret" not in repr(cred) and "s3cret" not in str(vars(cred) if hasattr(cred, "__dict__") else "")


def test_display_hints():
    assert PSCredential.PS_DEFAULT_PROPERTIES == ("UserName", "Password")
    assert PSCredential.PS_RIGHT_ALIGN == ("Password",)
    assert NetworkCredential.PS_DEFAULT_PROPERTIES == ("UserName", "Domain")
    assert NetworkCredential.PS_TABLE_WIDTHS == {"UserName": 50, "Domain": 50}


@pytest.mark.parametrize(
    "user, exc, message",
    [
        (None, ArgumentNullException, ('Cannot process argument because the value of argument "userName" is null. '
         'Change the value of argument "userName" to a non-null value.')),
        ("", ArgumentException, ('Cannot process argument because the value of argument "userName" is not valid. '
         'Change the value of the "userName" argument and run the operation again.')),
    ],
)
def test_bad_user_name(user, exc, message):
    with pytest.raises(exc) as info:
        PSCredential(user, secure())
    assert str(info.value) == message


def test_null_password():
    with pytest.raises(ArgumentNullException) as info:
        PSCredential("joe", None)
    assert str(info.value) == (
        'Cannot process argument because the value of argument "password" is null. '
        'Change the value of argument "password" to a non-null value.'
    )
    assert info.value.type_name == "System.Management.Automation.PSArgumentNullException"


def test_plain_string_password_is_rejected_without_echo():
    with pytest.raises(InvalidCastException) as info:
        PSCredential("joe", "plain-secret")
    assert "plain-secret" not in str(info.value)
    assert str(info.value) == 'Cannot convert the value of type "System.String" to type "System.Security.SecureString".'


def test_wrong_argument_count():
    with pytest.raises(Exception) as info:
        PSCredential("a", secure(), "c")
    assert str(info.value) == 'Cannot find an overload for "PSCredential" and the argument count: "3".'


def test_psobject_constructor():
    pw = secure("x")
    cred = PSCredential(PSObject({"UserName": "joe", "Password": pw}))
    assert cred.UserName == "joe" and cred.Password is pw
    nothing = PSCredential(PSObject({"Other": 1}))
    assert nothing.UserName is None and nothing.Password is None


def test_empty():
    empty = PSCredential.Empty
    assert empty is PSCredential.Empty
    assert empty.UserName is None and empty.Password is None
    assert empty.GetNetworkCredential() is None


@pytest.mark.parametrize(
    "name, user, domain",
    [
        ("CONTOSO\\joe", "joe", "CONTOSO"),
        ("user@contoso", "user", "contoso"),
        ("user@contoso.com", "user@contoso.com", ""),
        ("a@b.com@b.com", "a@b.com", "b.com"),
        ("first.last@contoso", "first.last", "contoso"),
        ("user", "user", ""),
        ("A\\B\\c", "B\\c", "A"),
    ],
)
def test_network_credential_split(name, user, domain):
    net = PSCredential(name, secure("P@ss")).GetNetworkCredential()
    assert (net.UserName, net.Domain) == (user, domain)
    assert split_user_domain(name) == (user, domain)
    assert net.Password == "P@ss"
    assert isinstance(net.SecurePassword, SecureString) and net.SecurePassword.reveal() == "P@ss"
    assert "P@ss" not in repr(net) and "P@ss" not in str(net)


def test_network_credential_bad_format():
    with pytest.raises(ArgumentException) as info:
        PSCredential("DOMAIN\\", secure()).GetNetworkCredential()
    assert str(info.value) == "The value for UserName is not in the correct format."


def test_network_credential_is_cached_and_copies_the_password():
    pw = secure("abc")
    cred = PSCredential("joe", pw)
    net = cred.GetNetworkCredential()
    assert cred.GetNetworkCredential() is net
    pw.AppendChar("d")
    assert net.Password == "abc"  # NetworkCredential keeps its own copy


def test_network_credential_constructors():
    assert NetworkCredential().UserName == "" and NetworkCredential().Password == ""
    n = NetworkCredential("u", "p", "d")
    assert (n.UserName, n.Password, n.Domain) == ("u", "p", "d")
    n.Password = "q"
    assert n.SecurePassword.reveal() == "q"
    n.SecurePassword = secure("r")
    assert n.Password == "r"


def test_not_picklable():
    for obj in (PSCredential("joe", secure("zz")), NetworkCredential("u", "p")):
        with pytest.raises(TypeError):
            pickle.dumps(obj)


def test_casts():
    with pytest.raises(InvalidCastException) as info:
        convert_to("hunter2", SecureString)
    assert str(info.value) == 'Cannot convert the value of type "System.String" to type "System.Security.SecureString".'
    with pytest.raises(InvalidCastException):
        convert_to("joe", PSCredential)
    pw = secure()
    cred = convert_to(PSObject({"UserName": "joe", "Password": pw}), PSCredential)
    assert isinstance(cred, PSCredential) and cred.UserName == "joe"


def test_doc_automation_block(run):
    """The doc's `$sp.PasswordCredentials.SecretText | ConvertTo-SecureString -AsPlainText -Force`
    then `New-Object PSCredential -ArgumentList $sp.AppId, $SecureStringPwd`, at Python level."""
    app_id, secret_text = "11111111-2222-3333-4444-555555555555", "Xy8Q~abc.DEF_ghi-123"
    [secure_pwd] = run.invoke(ConvertToSecureStringCommand, pipeline_input=[secret_text], AsPlainText=True, Force=True)
    cred = resolve_type("System.Management.Automation.PSCredential")(app_id, secure_pwd)
    assert cred.UserName == app_id
    assert cred.GetNetworkCredential().Password == secret_text
    assert cred.GetNetworkCredential().UserName == app_id and cred.GetNetworkCredential().Domain == ""
    assert secret_text not in repr(cred) + str(cred) + str(cred.Password)


def test_default_display_matches_pwsh(run):
    """Reference §7.2: a table of UserName and Password, the SecureString column right-aligned."""
    from pwshim.formatting import format_objects

    cred = PSCredential("joe", secure("never-shown"))
    text = format_objects([cred], run.session)
    assert text == (
        "\nUserName                     Password\n"
        "--------                     --------\n"
        "joe      System.Security.SecureString\n\n"
    )
    assert format_objects([secure("never-shown")], run.session) == "System.Security.SecureString\n"
    net_text = format_objects([cred.GetNetworkCredential()], run.session)
    assert "never-shown" not in net_text and net_text.splitlines()[1].startswith("UserName" + " " * 43 + "Domain")


def test_explicit_cast_to_network_credential():
    cred = PSCredential("CONTOSO\\joe", secure("pw"))
    net = convert_to(cred, NetworkCredential)
    assert (net.UserName, net.Domain, net.Password) == ("joe", "CONTOSO", "pw")
    with pytest.raises(InvalidCastException):
        convert_to("joe", NetworkCredential)
    with pytest.raises(Exception) as info:
        NetworkCredential("joe")
    assert str(info.value) == 'Cannot find an overload for "NetworkCredential" and the argument count: "1".'
