"""Advanced functions ([CmdletBinding()] / [Parameter()]): common parameters, [switch] as
SwitchParameter, parameter sets and $PSCmdlet, as pwsh 7 binds them."""

from __future__ import annotations

import pytest

from .conftest import run_ps

ADV_ERR = "function f{[CmdletBinding()]param() Write-Error 'fe'; 'body'}; "


def _host(ran) -> str:
    return "".join(ran.host.out)


# --- common parameters ----------------------------------------------------------------------------
@pytest.mark.parametrize("call", [
    "f -ErrorAction SilentlyContinue",
    "f -ErrorAction:SilentlyContinue",
    "f -ea 0",
    "f -EA silentlycontinue",
    "f -ErrorAct Ignore",
])
def test_error_action_takes_its_value_with_a_space(call):
    ran = run_ps(ADV_ERR + call + "; 'after'")
    assert ran.output == ["body", "after"]
    assert ran.errors == []
    assert ran.host.err == []


def test_error_action_stop_makes_write_error_terminating():
    ran = run_ps(ADV_ERR + "try { f -ErrorAction Stop } catch { 'caught: ' + $_ }")
    assert ran.output == ["caught: fe"]


def test_error_action_sets_the_preference_only_in_the_function_scope():
    ran = run_ps("function f{[CmdletBinding()]param() $ErrorActionPreference}; f -ea Stop; $ErrorActionPreference")
    assert ran.output == ["Stop", "Continue"]


def test_invalid_error_action_is_a_binding_error():
    ran = run_ps("function f{[CmdletBinding()]param() 'x'}; f -ErrorAction Nope")
    assert ran.output == []
    assert ran.error_ids == ["ParameterArgumentTransformationError"]
    assert "System.Management.Automation.ActionPreference" in str(ran.errors[0])


def test_verbose_and_debug_set_their_preferences():
    ran = run_ps("function f{[CmdletBinding()]param() Write-Verbose 'vv'; Write-Debug 'dd'; $VerbosePreference; "
                 "$DebugPreference}; f -Verbose -Debug; f")
    assert ran.output == ["Continue", "Continue", "SilentlyContinue", "SilentlyContinue"]
    assert _host(ran) == "VERBOSE: vv\nDEBUG: dd\n"


def test_verbose_false_turns_verbose_off():
    ran = run_ps("$VerbosePreference='Continue'; function f{[CmdletBinding()]param() Write-Verbose 'vv'; "
                 "$VerbosePreference}; f -Verbose:$false")
    assert ran.output == ["SilentlyContinue"]
    assert _host(ran) == ""


def test_warning_and_information_action():
    ran = run_ps("function f{[CmdletBinding()]param() Write-Warning 'ww'; Write-Information 'ii'; 'done'}; "
                 "f -WarningAction SilentlyContinue -InformationAction Continue")
    assert ran.output == ["done"]
    assert "WARNING" not in _host(ran)
    assert "ii" in _host(ran)


def test_common_parameters_appear_in_psboundparameters():
    ran = run_ps("function f{[CmdletBinding()]param($a) $PSBoundParameters.Keys | Sort-Object; "
                 "$PSBoundParameters['Verbose'].IsPresent; $PSBoundParameters['ErrorAction']}; f -a 1 -Verbose -ea 0")
    assert ran.output == ["a", "ErrorAction", "Verbose", True, "SilentlyContinue"]


def test_error_variable_is_created_in_the_caller_scope():
    ran = run_ps(ADV_ERR + "$e = 'old'; $null = f -ErrorVariable e -ea 0; $e -is [array]; "
                 "$k = 1; $null = f -ev +k -ea 0; $k[0]")
    assert ran.output[0] is True
    assert ran.output[1] == 1  # +k keeps what k held


def test_out_and_pipeline_variable_bind():
    ran = run_ps("function f{[CmdletBinding()]param() $PSBoundParameters['OutVariable']; "
                 "$PSBoundParameters['PipelineVariable']}; f -OutVariable o -PipelineVariable p")
    assert ran.output == ["o", "p"]


def test_whatif_and_confirm_need_supports_should_process():
    ran = run_ps("function f{[CmdletBinding()]param() 'x'}; f -WhatIf")
    assert ran.error_ids == ["NamedParameterNotFound"]


def test_whatif_with_should_process():
    ran = run_ps("function f{[CmdletBinding(SupportsShouldProcess)]param($n) "
                 "if($PSCmdlet.ShouldProcess($n, 'Remove')){'removed ' + $n}}; f a -WhatIf; f b")
    assert ran.output == ["removed b"]
    assert _host(ran) == 'What if: Performing the operation "Remove" on target "a".\n'


def test_confirm_asks_and_honours_the_answer():
    ran = run_ps("function f{[CmdletBinding(SupportsShouldProcess=$true)]param($n) "
                 "if($PSCmdlet.ShouldProcess($n, 'Remove')){'removed ' + $n}}; f a -Confirm; f b -Confirm; "
                 "f c -Confirm:$false", answers=("N", "Y"))
    assert ran.output == ["removed b", "removed c"]
    assert "Are you sure you want to perform this action?" in _host(ran)


def test_simple_functions_get_no_common_parameters():
    ran = run_ps("function f{ $args.Count; $args[0]; $args[1] }; f -ErrorAction SilentlyContinue")
    assert ran.output == [2, "-ErrorAction", "SilentlyContinue"]
    ran = run_ps("function g($a){ $a; $args.Count }; g -Verbose 5")
    assert ran.output == [5, 1]


def test_ambiguous_common_prefix_is_not_bound():
    ran = run_ps("function f{[CmdletBinding()]param() 'x'}; f -Information Continue")
    assert ran.output == []
    assert ran.error_ids == ["AmbiguousParameter"]
    assert "-InformationAction" in str(ran.errors[0]) and "-InformationVariable" in str(ran.errors[0])


# --- switch parameters ----------------------------------------------------------------------------
SWITCH = "function g{[CmdletBinding()]param([switch]$Force) if($Force.IsPresent){'forced'}else{'not'}}; "


def test_switch_is_present():
    ran = run_ps(SWITCH + "g -Force; g; g -Force:$false; g -Force:$true")
    assert ran.output == ["forced", "not", "not", "forced"]


def test_switch_is_a_switchparameter():
    ran = run_ps("function g{param([switch]$s) $s.GetType().Name; $s.GetType().FullName; $s.ToBool(); "
                 "[bool]$s; $s -eq $true; $s -eq $false; if($s){'yes'}else{'no'}; \"$s\"}; g -s; g")
    assert ran.output == [
        "SwitchParameter", "System.Management.Automation.SwitchParameter", True, True, True, False, "yes", "True",
        "SwitchParameter", "System.Management.Automation.SwitchParameter", False, False, False, True, "no", "False",
    ]


def test_switch_passes_on_with_colon_and_splatting():
    ran = run_ps("function inner{[CmdletBinding()]param([switch]$Force) $Force.IsPresent}; "
                 "function outer{[CmdletBinding()]param([switch]$Force) inner -Force:$Force; inner @PSBoundParameters}; "
                 "outer -Force; outer")
    assert ran.output == [True, True, False, False]


def test_switch_passes_to_a_cmdlet():
    ran = run_ps("function f{[CmdletBinding()]param([switch]$Unique) 1,1,2 | Select-Object -Unique:$Unique}; "
                 "(f -Unique).Count; (f).Count")
    assert ran.output == [2, 3]


# --- parameter sets and $PSCmdlet -----------------------------------------------------------------
SETS = ("function f{[CmdletBinding(DefaultParameterSetName='A')]param("
        "[Parameter(ParameterSetName='A')]$X, [Parameter(ParameterSetName='B')]$Y, $Z) "
        "$PSCmdlet.ParameterSetName}; ")


def test_parameter_set_chosen_by_named_parameters():
    ran = run_ps(SETS + "f -X 1; f -Y 2; f -Y 2 -Z 3; f")
    assert ran.output == ["A", "B", "B", "A"]


def test_parameters_of_two_sets_are_ambiguous():
    ran = run_ps(SETS + "f -X 1 -Y 2")
    assert ran.output == []
    assert ran.error_ids == ["AmbiguousParameterSet"]
    assert str(ran.errors[0]).startswith("Parameter set cannot be resolved using the specified named parameters.")


def test_without_default_set_mandatory_parameters_decide():
    ran = run_ps("function f{[CmdletBinding()]param([Parameter(Mandatory, ParameterSetName='Path')]$Path,"
                 "[Parameter(Mandatory, ParameterSetName='Id')]$Id, $Common) $PSCmdlet.ParameterSetName}; "
                 "f -Path p; f -Id 1")
    assert ran.output == ["Path", "Id"]
    ran = run_ps("function f{[CmdletBinding()]param([Parameter(Mandatory, ParameterSetName='Path')]$Path,"
                 "[Parameter(Mandatory, ParameterSetName='Id')]$Id, $Common) $PSCmdlet.ParameterSetName}; "
                 "f -Common 1")
    assert ran.error_ids == ["AmbiguousParameterSet"]


def test_mandatory_only_in_the_chosen_set():
    ran = run_ps("function f{[CmdletBinding(DefaultParameterSetName='A')]param("
                 "[Parameter(Mandatory, ParameterSetName='A')]$X, [Parameter(ParameterSetName='B')]$Y) "
                 "$PSCmdlet.ParameterSetName}; f -Y 1")
    assert ran.output == ["B"]


def test_no_sets_is_all_parameter_sets():
    ran = run_ps("function f{[CmdletBinding()]param($a) $PSCmdlet.ParameterSetName}; f 1")
    assert ran.output == ["__AllParameterSets"]


def test_pscmdlet_only_in_advanced_functions():
    ran = run_ps("function f{ $null -eq $PSCmdlet }; f; function g{[CmdletBinding()]param() $null -eq $PSCmdlet}; g")
    assert ran.output == [True, False]


def test_pscmdlet_members():
    ran = run_ps("function f{[CmdletBinding()]param() $PSCmdlet.MyInvocation.MyCommand.Name; "
                 "$PSCmdlet.WriteVerbose('wv'); $PSCmdlet.WriteObject(7); "
                 "$PSCmdlet.SessionState.PSVariable.GetValue('zz')}; $zz = 'zed'; f -Verbose")
    assert ran.output == ["f", 7, "zed"]
    assert _host(ran) == "VERBOSE: wv\n"


def test_pscmdlet_write_error_and_throw_terminating_error():
    ran = run_ps("function f{[CmdletBinding()]param() "
                 "try { throw 'soft' } catch { $PSCmdlet.WriteError($_) }; 'between'; "
                 "try { throw 'hard' } catch { $PSCmdlet.ThrowTerminatingError($_) }; 'never'}; "
                 "try { f } catch { 'caught ' + $_.Exception.Message }")
    assert ran.output == ["between", "caught hard"]
    assert len(ran.host.err) == 1 and "soft" in ran.host.err[0]


# --- cmdlet errors name the cmdlet, not the alias -------------------------------------------------
def test_cmdlet_error_called_by_alias_names_the_cmdlet():
    ran = run_ps("gi /nonexistent/pwshim-zz; $Error[0].CategoryInfo.Activity; $Error[0].InvocationInfo.MyCommand.Name")
    assert ran.output == ["Get-Item", "Get-Item"]
    assert ran.host.err[0].startswith("Get-Item: Cannot find path")


def test_positional_binds_in_the_default_set():
    ran = run_ps("function f{[CmdletBinding(DefaultParameterSetName='B')]param("
                 "[Parameter(Position=0, ParameterSetName='A')]$X, [Parameter(Position=0, ParameterSetName='B')][int]$Y) "
                 "$PSCmdlet.ParameterSetName; $Y; $null -eq $X}; f 1")
    assert ran.output == ["B", 1, True]


def test_switch_displays_as_pwsh():
    ran = run_ps("function f{[CmdletBinding()]param([switch]$S) $S}; f -S")
    assert ran.text.split() == ["IsPresent", "---------", "True"]


def test_switch_binds_to_a_bool_parameter():
    ran = run_ps("function b([bool]$v){$v}; function f{[CmdletBinding()]param([switch]$S) b -v $S}; f -S; f")
    assert ran.output == [True, False]
    assert ran.errors == []


def test_whatif_reaches_the_cmdlets_the_function_calls(tmp_path):
    target = tmp_path / "keep.txt"
    target.write_text("x")
    ran = run_ps(f"function f{{[CmdletBinding(SupportsShouldProcess)]param() Remove-Item '{target}'}}; f -WhatIf")
    assert target.exists()
    assert _host(ran).startswith("What if: ")
    ran = run_ps(f"function f{{[CmdletBinding(SupportsShouldProcess)]param() Remove-Item '{target}'}}; f")
    assert not target.exists()


def test_error_and_out_variables_are_filled() -> None:
    ran = run_ps("function f { [CmdletBinding()] param() Write-Error 'bad'; 'out1'; 'out2' }\n"
                 "f -ErrorVariable ev -OutVariable ov -ErrorAction SilentlyContinue | Out-Null\n"
                 "$ev.Count; $ov -join ','")
    assert ran.output == [1, "out1,out2"]
