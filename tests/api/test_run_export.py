"""`pwshim.run` is the documented entry point for running PowerShell from Python."""

import pwshim


def test_run_is_reexported_lazily() -> None:
    result = pwshim.run("$x * 2; Write-Error 'nope'", variables={"x": 21})
    assert result.output == [42]
    assert [e.error_id for e in result.errors] == ["Microsoft.PowerShell.Commands.WriteErrorException"]
