"""Microsoft.PowerShell.Security: ConvertTo-SecureString, ConvertFrom-SecureString, Get-Credential.

Sources: `ps:src/Microsoft.PowerShell.Security/security/SecureStringCommands.cs`,
`SecureStringHelper.cs`, `CredentialCommands.cs`, `CredentialParameter.cs` and
`ConsoleHostUserInterfaceSecurity.cs` (reference §4 and §5). The encrypted-string formats
themselves live in pwshim.dotnet.securestring_format.
"""

from __future__ import annotations

from typing import Any

from pwshim.dotnet.credential import PSCredential, argument_error, argument_null_error
from pwshim.dotnet.securestring import SecureString, _zero
from pwshim.dotnet.securestring_format import (
    decrypt,
    encrypt,
    export_package,
    from_key_secure_string,
    import_package,
    protect,
    unprotect,
)
from pwshim.runtime.cmdlet import Cmdlet, Parameter, Switch, cmdlet
from pwshim.runtime.errors import (
    ArgumentException,
    Category,
    CryptographicException,
    DotNetException,
    ParameterBindingException,
    type_name_of,
)

MODULE = "Microsoft.PowerShell.Security"
_SecureString = SecureString  # the class; "SecureString" is also a parameter name below

# UtilsStrings.resx / CredentialAttributeStrings.resx (the same texts in pwsh 7)
DEFAULT_CAPTION = "PowerShell credential request"
DEFAULT_MESSAGE = "Enter your credentials."
# ConsoleHostUserInterfaceSecurityResources.resx
USER_PROMPT = "User: "
PASSWORD_PROMPT = "Password for user {0}: "


@cmdlet("ConvertTo-SecureString", default_set="Secure", module=MODULE)
class ConvertToSecureStringCommand(Cmdlet):
    """Converts plain text or encrypted standard strings to secure strings."""

    String = Parameter(str, position=0, mandatory=True, pipeline=True)
    SecureKey = Parameter(SecureString, position=1, sets=("Secure",))
    AsPlainText = Parameter(Switch, position=1, sets=("PlainText",))
    # Accepted but not required since PowerShell 7.0 (PR #11142; reference §4.4).
    Force = Parameter(Switch, position=2, sets=("PlainText",))
    Key = Parameter(bytes, sets=("Open",))

    def process(self) -> None:
        text = self.String
        if text is None:
            raise self.throw(argument_null_error("String"), "ArgumentNull", Category.InvalidArgument)
        if text == "":
            raise self.throw(argument_error("String"), "Argument", Category.InvalidArgument)
        key = bytearray()
        try:
            content, iv = import_package(text)
            if self.SecureKey is not None:
                key = from_key_secure_string(self.SecureKey)
                result = decrypt(content, key, iv)
            elif self.Key is not None:
                result = decrypt(content, _key_bytes(self.Key), iv)
            elif not self.AsPlainText:
                result = unprotect(text)
            else:
                result = SecureString.from_plain(text)
        except ArgumentException as exc:
            # SecurityUtils.CreateInvalidArgumentErrorRecord: non-terminating.
            self.write_error(exc, "ImportSecureString_InvalidArgument", Category.InvalidArgument)
            return
        except CryptographicException as exc:
            self.write_error(
                exc, "ImportSecureString_InvalidArgument_CryptographicError", Category.InvalidArgument
            )
            return
        except DotNetException as exc:
            # e.g. byte.Parse's FormatException: not caught by the cmdlet, so terminating.
            raise _uncaught(self, exc) from None
        finally:
            _zero(key)
        self.write_object(result)


@cmdlet("ConvertFrom-SecureString", default_set="Secure", module=MODULE)
class ConvertFromSecureStringCommand(Cmdlet):
    """Converts a secure string to an encrypted standard string (or, with -AsPlainText, to text)."""

    SecureString = Parameter(_SecureString, position=0, mandatory=True, pipeline=True)
    SecureKey = Parameter(_SecureString, position=1, sets=("Secure",))
    Key = Parameter(bytes, sets=("Open",))
    AsPlainText = Parameter(Switch, sets=("AsPlainText",))

    def process(self) -> None:
        secure = self.SecureString
        if secure is None:
            raise self.throw(argument_null_error("SecureString"), "ArgumentNull", Category.InvalidArgument)
        if not isinstance(secure, _SecureString):
            raise self.throw(
                ParameterBindingException(
                    "Cannot bind parameter 'SecureString'. Cannot convert the value of type "
                    f'"{_type_name(secure)}" to type "System.Security.SecureString".'
                ),
                "CannotConvertArgumentNoMessage",
                Category.InvalidArgument,
            )
        key = bytearray()
        try:
            if secure.Length == 0:
                raise argument_error("SecureString")
            if self.SecureKey is not None:
                key = from_key_secure_string(self.SecureKey)
                out = export_package(encrypt(secure, key))
            elif self.Key is not None:
                out = export_package(encrypt(secure, _key_bytes(self.Key)))
            elif self.AsPlainText:
                out = secure.reveal()
            else:
                out = protect(secure)
        except ArgumentException as exc:
            # An escaping PSArgumentException: terminating, ErrorId "Argument".
            raise self.throw(exc, "Argument", Category.InvalidArgument) from None
        except DotNetException as exc:  # e.g. ObjectDisposedException from a disposed input
            raise _uncaught(self, exc) from None
        finally:
            _zero(key)
        self.write_object(out)


@cmdlet("Get-Credential", default_set="CredentialSet", module=MODULE)
class GetCredentialCommand(Cmdlet):
    """Gets a credential object based on a user name and password."""

    # [ValidateNotNull][Credential] PSCredential: a string is a user name to prompt for, $null
    # prompts for both (CredentialAttribute.Transform), so the binder must not convert it.
    Credential = Parameter(object, position=0, sets=("CredentialSet",), allow_null=True)
    Message = Parameter(str, sets=("MessageSet",))
    UserName = Parameter(str, position=0, sets=("MessageSet",))
    Title = Parameter(str, sets=("MessageSet",))

    def process(self) -> None:
        # pwsh does this in BeginProcessing; Get-Credential takes no pipeline input, so running
        # once in process() is the same and keeps downstream commands' begin() ahead of output.
        for name in ("Message", "UserName", "Title"):
            if name in self.bound and not self.bound[name]:
                raise self.throw(
                    ParameterBindingException(
                        f"Cannot validate argument on parameter '{name}'. The argument is null or empty. "
                        "Provide an argument that is not null or empty, and then try the command again."
                    ),
                    "ParameterArgumentValidationError",
                    Category.InvalidData,
                )
        if "Credential" in self.bound:
            cred = self._transform(self.Credential)
            if cred is not None:
                self.write_object(cred)
            return
        title = self.Title or DEFAULT_CAPTION
        message = self.Message or DEFAULT_MESSAGE
        cred = prompt_for_credential(self.session, title, message, self.UserName)
        if cred is not None:
            self.write_object(cred)

    def _transform(self, value: Any) -> PSCredential | None:
        try:
            return transform_credential(self.session, value)
        except ParameterBindingException as exc:
            raise self.throw(exc, "ParameterArgumentTransformationError", Category.InvalidData) from None


def transform_credential(session: Any, value: Any) -> PSCredential | None:
    """CredentialAttribute.Transform (`ps:.../security/CredentialParameter.cs`), for any
    `[Credential()] PSCredential` parameter (Get-Credential -Credential, script functions with
    the attribute): a PSCredential passes unchanged; $null prompts for user and password; a
    string is the user name and only the password is prompted for."""
    value = getattr(value, "base_object", value)
    if isinstance(value, PSCredential):
        return value
    if value is not None and not isinstance(value, str):
        # FromObjectAs<string> fails -> new PSArgumentException("userName")
        raise ParameterBindingException(
            "Cannot process argument transformation on parameter 'Credential'. userName"
        )
    return prompt_for_credential(session, DEFAULT_CAPTION, DEFAULT_MESSAGE, value)


def prompt_for_credential(
    session: Any, caption: str, message: str, user_name: str | None, target_name: str = ""
) -> PSCredential | None:
    """ConsoleHostUserInterface.PromptForCredential, line by line (reference §5.2).

    Writes an empty line and the caption, then the message; asks `User: ` until the answer is
    non-empty (unless a user name is given), then reads the password masked after
    `Password for user X: ` and writes one more newline. The host raises when it cannot read
    (NonInteractive mode, no input left), which ends the command with that error.
    """
    host = session.host
    if caption:
        host.write_line()
        host.write_line(caption)
    if message:
        host.write_line(message)
    if not user_name:
        user_name = ""
        while user_name == "":
            answer = host.read_line(USER_PROMPT)
            if answer is None:  # EOF on a host that reports it: no credential, no error
                return None
            user_name = answer
    password = read_secure_string(session, PASSWORD_PROMPT.format(user_name))
    if password is None:
        return None
    host.write_line()
    if target_name:
        user_name = f"{target_name}\\{user_name}"
    return PSCredential(user_name, password)


def read_secure_string(session: Any, prompt: str) -> SecureString | None:
    """Read one masked line from the host as a SecureString (Read-Host -AsSecureString,
    Get-Credential's password). `prompt` is written as given; None when the host reports EOF."""
    text = session.host.read_secret(prompt)
    if text is None:
        return None
    return SecureString.from_plain(text)


def _uncaught(cmd: Cmdlet, exc: DotNetException) -> Any:
    """An exception escaping ProcessRecord: terminating, ErrorId = the exception's type name."""
    return cmd.throw(exc, type_name_of(exc), Category.NotSpecified)


def _key_bytes(key: Any) -> bytes:
    if isinstance(key, bytes | bytearray):
        return bytes(key)
    if isinstance(key, list | tuple):
        return bytes(int(b) & 0xFF for b in key)
    return bytes([int(key) & 0xFF])


def _type_name(value: Any) -> str:
    from pwshim.runtime.dotnet import type_full_name

    if isinstance(value, str):
        return "System.String"
    return type_full_name(value)


__all__ = [
    "ConvertFromSecureStringCommand",
    "ConvertToSecureStringCommand",
    "GetCredentialCommand",
    "prompt_for_credential",
    "read_secure_string",
    "transform_credential",
]
