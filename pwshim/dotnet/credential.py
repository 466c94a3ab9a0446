"""System.Management.Automation.PSCredential and System.Net.NetworkCredential.

PSCredential follows `ps:src/System.Management.Automation/engine/Credential.cs` (reference §5.4):
the (string, SecureString) constructor rejects a null/empty user name and a null password with
PowerShell's AutomationExceptions texts; `GetNetworkCredential()` splits `DOMAIN\\user` and
`user@domain` exactly as `SplitUserDomain`; `[pscredential]::Empty` has both members null.
Neither type ever shows the password: str/repr give the type name or the user name only.
"""

from __future__ import annotations

from typing import Any, NoReturn

from pwshim.dotnet.securestring import SecureString, no_overload
from pwshim.runtime.dotnet import dotnet_type
from pwshim.runtime.errors import ArgumentNullException, PSArgumentException

PSCREDENTIAL_TYPE = "System.Management.Automation.PSCredential"
NETWORK_CREDENTIAL_TYPE = "System.Net.NetworkCredential"

# AutomationExceptions.resx
_ARGUMENT = (
    'Cannot process argument because the value of argument "{0}" is not valid. '
    'Change the value of the "{0}" argument and run the operation again.'
)
_ARGUMENT_NULL = (
    'Cannot process argument because the value of argument "{0}" is null. '
    'Change the value of argument "{0}" to a non-null value.'
)
# Credential.resx InvalidUserNameFormat
_INVALID_USER_NAME_FORMAT = "The value for UserName is not in the correct format."


class PSArgumentNullException(ArgumentNullException):
    """System.Management.Automation.PSArgumentNullException (message without a parameter suffix)."""

    type_name = "System.Management.Automation.PSArgumentNullException"


def argument_error(name: str) -> PSArgumentException:
    """PSTraceSource.NewArgumentException(name): the generic "not valid" text."""
    return PSArgumentException(_ARGUMENT.format(name))


def argument_null_error(name: str) -> PSArgumentNullException:
    """PSTraceSource.NewArgumentNullException(name)."""
    return PSArgumentNullException(_ARGUMENT_NULL.format(name))


def _as_secure(value: Any) -> SecureString:
    if isinstance(value, SecureString):
        return value
    return SecureString.PS_CONVERT_FROM(value)  # raises pwsh's value-free cast error


def _member(obj: Any, name: str) -> Any:
    """A property of a PSObject-like value, read as PowerShell reads it (None when absent)."""
    from pwshim.runtime.objects import get_property

    return get_property(obj, name, None)


def split_user_domain(user_name: str) -> tuple[str, str]:
    """Credential.cs SplitUserDomain: (user, domain).

    `DOMAIN\\user` splits at the first backslash. Otherwise the last `@` splits when no `.`
    follows it or when there is more than one `@` (`a@b.com@b.com` -> `a@b.com`, `b.com`);
    `user@contoso.com` stays whole with an empty domain.
    """
    i = user_name.find("\\")
    if i >= 0:
        return user_name[i + 1 :], user_name[:i]
    i = user_name.rfind("@")
    if i >= 0 and (user_name.rfind(".") < i or user_name.find("@") != i):
        return user_name[:i], user_name[i + 1 :]
    return user_name, ""


def _held(password: Any) -> SecureString:
    """The credential's own SecureString for a password given as SecureString (a copy), str or
    None (empty)."""
    if isinstance(password, SecureString):
        return password.Copy()
    return SecureString.from_plain("" if password is None else str(password))


@dotnet_type(NETWORK_CREDENTIAL_TYPE)
class NetworkCredential:
    """System.Net.NetworkCredential; Password is the plain text, SecurePassword a copy.

    The password is always held as a SecureString (masked; zeroed when replaced or collected),
    also when it was given as a string: the object keeps no str of it, and `Password` hands
    out a fresh one to each caller (as .NET does for a SecureString-backed credential)."""

    # DotNetTypes.format.ps1xml: table view with UserName and Domain, width 50 each (§7.3).
    PS_DEFAULT_PROPERTIES = ("UserName", "Domain")
    PS_TABLE_WIDTHS = {"UserName": 50, "Domain": 50}

    def __init__(self, *args: Any) -> None:
        if len(args) == 1 or len(args) > 3:  # (), (user, pw), (user, pw, domain)
            raise no_overload("NetworkCredential", len(args))
        user, password, domain = (list(args) + [None, None, None])[:3]
        self._user = "" if user is None else str(user)
        self._domain = "" if domain is None else str(domain)
        self._password = _held(password)

    @property
    def UserName(self) -> str:  # noqa: N802
        return self._user

    @UserName.setter
    def UserName(self, value: Any) -> None:  # noqa: N802
        self._user = "" if value is None else str(value)

    @property
    def Domain(self) -> str:  # noqa: N802
        return self._domain

    @Domain.setter
    def Domain(self, value: Any) -> None:  # noqa: N802
        self._domain = "" if value is None else str(value)

    @property
    def Password(self) -> str:  # noqa: N802
        return self._password.reveal()

    @Password.setter
    def Password(self, value: Any) -> None:  # noqa: N802
        old, self._password = self._password, _held(None if value is None else str(value))
        old.Dispose()

    @property
    def SecurePassword(self) -> SecureString:  # noqa: N802
        return self._password.Copy()

    @SecurePassword.setter
    def SecurePassword(self, value: Any) -> None:  # noqa: N802
        old, self._password = self._password, _held(None if value is None else _as_secure(value))
        old.Dispose()

    @staticmethod
    def PS_CONVERT_FROM(value: Any) -> Any:  # noqa: N802 - conversion hook of runtime/types.py
        """`[System.Net.NetworkCredential]$cred`: PSCredential's explicit operator
        (GetNetworkCredential); nothing else converts (there is no one-argument constructor)."""
        if isinstance(value, PSCredential):
            return value.GetNetworkCredential()
        from pwshim.runtime.conversions import cast_error

        raise cast_error(value, NETWORK_CREDENTIAL_TYPE)

    def GetCredential(self, *args: Any) -> NetworkCredential:  # noqa: N802
        return self

    def ToString(self) -> str:  # noqa: N802
        return NETWORK_CREDENTIAL_TYPE

    def __str__(self) -> str:
        return NETWORK_CREDENTIAL_TYPE

    def __repr__(self) -> str:
        return f"<System.Net.NetworkCredential UserName={self._user!r} Domain={self._domain!r}>"

    def __reduce_ex__(self, protocol: Any) -> NoReturn:
        raise TypeError("cannot pickle 'System.Net.NetworkCredential' object")


@dotnet_type(PSCREDENTIAL_TYPE, accelerators=("pscredential",))
class PSCredential:
    """A user name and a SecureString password (pwsh's PSCredential)."""

    # No format view exists: the default table of the two properties, Password right-aligned
    # because SecureString is a default scalar type (reference §7.2).
    PS_DEFAULT_PROPERTIES = ("UserName", "Password")
    PS_RIGHT_ALIGN = ("Password",)
    Empty: PSCredential  # set below

    def __init__(self, *args: Any) -> None:
        self._net: NetworkCredential | None = None
        if len(args) == 2:
            user, password = args
            # Utils.CheckArgForNullOrEmpty(userName) then CheckArgForNull(password).
            if user is None:
                raise argument_null_error("userName")
            user = str(user)
            if user == "":
                raise argument_error("userName")
            if password is None:
                raise argument_null_error("password")
            self._user: str | None = user
            self._password: SecureString | None = _as_secure(password)
        elif len(args) == 1:
            # PSCredential(PSObject pso): takes UserName and Password properties if present.
            pso = args[0]
            if pso is None:
                raise argument_null_error("pso")
            user = _member(pso, "UserName")
            self._user = None if user is None else str(user)
            self._password = None
            if self._user is not None:
                pw = _member(pso, "Password")
                self._password = None if pw is None else _as_secure(pw)
        else:
            raise no_overload("PSCredential", len(args))

    @staticmethod
    def PS_CONVERT_FROM(value: Any) -> Any:  # noqa: N802 - conversion hook of runtime/types.py
        """Only a PSObject converts (through the PSCredential(PSObject) constructor); pwsh has
        no string constructor, so `[pscredential]'joe'` is a cast error."""
        from pwshim.runtime.objects import PSObject

        if isinstance(value, PSObject):
            return PSCredential(value)
        from pwshim.runtime.conversions import cast_error

        raise cast_error(value, PSCREDENTIAL_TYPE)

    @classmethod
    def _empty(cls) -> PSCredential:
        obj = cls.__new__(cls)
        obj._user = None
        obj._password = None
        obj._net = None
        return obj

    @property
    def UserName(self) -> str | None:  # noqa: N802
        return self._user

    @property
    def Password(self) -> SecureString | None:  # noqa: N802
        return self._password

    def GetNetworkCredential(self) -> NetworkCredential | None:  # noqa: N802
        """The NetworkCredential with the split user/domain; None for an empty user name."""
        if self._net is None:
            if not self._user:
                return None
            user, domain = split_user_domain(self._user)
            if user == "":
                # PSTraceSource.NewArgumentException("UserName", InvalidUserNameFormat)
                raise PSArgumentException(_INVALID_USER_NAME_FORMAT)
            self._net = NetworkCredential(user, self._password, domain)
        return self._net

    def ToString(self) -> str:  # noqa: N802
        return PSCREDENTIAL_TYPE

    def __str__(self) -> str:
        return PSCREDENTIAL_TYPE

    def __repr__(self) -> str:
        return f"<System.Management.Automation.PSCredential UserName={self._user!r}>"

    def __reduce_ex__(self, protocol: Any) -> NoReturn:
        raise TypeError("cannot pickle 'System.Management.Automation.PSCredential' object")


PSCredential.Empty = PSCredential._empty()
