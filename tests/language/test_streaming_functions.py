"""Functions, filters and script blocks in a pipeline stream as cmdlets do (pwsh's pipeline
processor): every begin block runs when the pipeline starts, process runs for each object as it
arrives, end runs at the end; the function's scope lives from its begin to its end while the
other stages run in between."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from pwshim.runtime.host import BufferHost
from pwshim.runtime.session import Session


class EventHost(BufferHost):
    """Records Write-Host lines and pipeline output in one sequence: 'h:text' / 'o:value'."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[str] = []
        self._partial = ""

    def write(self, text: str) -> None:
        super().write(text)
        self._partial += text
        while "\n" in self._partial:
            line, self._partial = self._partial.split("\n", 1)
            self.events.append("h:" + line)


def events(script: str) -> tuple[list[str], Any]:
    """Run `script`; return the interleaved host lines and output objects, and the RunResult."""
    from pwshim.interpreter import Interpreter

    host = EventHost()
    interp = Interpreter(Session(host=host))
    output: list[Any] = []

    def emit(obj: Any) -> None:
        output.append(obj)
        host.events.append(f"o:{obj}")

    result = interp.run_text(script, emit=emit)
    result.output = output
    return host.events, result


def hosted(script: str) -> list[str]:
    return [e[2:] for e in events(script)[0] if e.startswith("h:")]


# --- order across stages ------------------------------------------------------------------------

def test_reviewer_example_streams_into_the_function() -> None:
    # pwsh: Gb A1 G1 A2 G2 (pwshim used to print A1 A2 Gb G1 G2)
    script = 'function G{begin{Write-Host Gb} process{Write-Host "G$_"}}; 1..2|%{Write-Host "A$_";$_}|G'
    assert hosted(script) == ["Gb", "A1", "G1", "A2", "G2"]


def test_two_functions_interleave_and_every_begin_runs_first() -> None:
    script = (
        "function f { begin { Write-Host fb } process { Write-Host \"f$_\"; $_ } end { Write-Host fe } }\n"
        "function g { begin { Write-Host gb } process { Write-Host \"g$_\" } end { Write-Host ge } }\n"
        "1..2 | f | g"
    )
    assert hosted(script) == ["fb", "gb", "f1", "g1", "f2", "g2", "fe", "ge"]


def test_output_of_a_begin_block_waits_until_every_stage_has_begun() -> None:
    script = (
        "function a { begin { Write-Host ab; 'x' } }\n"
        "function b { begin { Write-Host bb } process { Write-Host \"b$_\" } }\n"
        "a | b"
    )
    assert hosted(script) == ["ab", "bb", "bx"]


def test_end_block_output_flows_downstream_before_the_next_end() -> None:
    script = (
        "function f { process { } end { Write-Host fe; 'last' } }\n"
        "function g { process { Write-Host \"g$_\" } end { Write-Host ge } }\n"
        "1 | f | g"
    )
    assert hosted(script) == ["fe", "glast", "ge"]


def test_a_leading_expression_is_evaluated_before_any_begin_block() -> None:
    script = "$(Write-Host e; 1) | ForEach-Object -Begin { Write-Host b } -Process { Write-Host \"p$_\" }"
    assert hosted(script) == ["e", "b", "p1"]


def test_function_upstream_of_a_cmdlet() -> None:
    script = (
        "function f { begin { Write-Host fb } process { Write-Host \"f$_\"; $_ } end { Write-Host fe } }\n"
        "1..2 | f | ForEach-Object -Begin { Write-Host cb } -Process { Write-Host \"c$_\" } -End { Write-Host ce }"
    )
    assert hosted(script) == ["fb", "cb", "f1", "c1", "f2", "c2", "fe", "ce"]


def test_cmdlet_upstream_of_a_function() -> None:
    script = (
        "function f { begin { Write-Host fb } process { Write-Host \"f$_\" } end { Write-Host fe } }\n"
        "'a','b' | Write-Output | ForEach-Object { Write-Host \"c$_\"; $_ } | f"
    )
    assert hosted(script) == ["fb", "ca", "fa", "cb", "fb", "fe"]


def test_filter_streams() -> None:
    ev, _ = events("filter dbl { Write-Host \"d$_\"; $_ * 2 }\n1..2 | ForEach-Object { Write-Host \"u$_\"; $_ } | dbl")
    assert ev == ["h:u1", "h:d1", "o:2", "h:u2", "h:d2", "o:4"]


def test_script_block_with_named_blocks_streams() -> None:
    script = (
        "1..2 | ForEach-Object { Write-Host \"u$_\"; $_ } | "
        "& { begin { Write-Host sb } process { Write-Host \"s$_\" } end { Write-Host se } }"
    )
    assert hosted(script) == ["sb", "u1", "s1", "u2", "s2", "se"]


def test_dot_sourced_script_block_streams_in_the_callers_scope() -> None:
    ev, _ = events("$t = 0\n1..3 | . { process { $t += $_ } }\n$t")
    assert ev == ["o:6"]


def test_outputs_reach_the_end_of_the_pipeline_as_they_are_written() -> None:
    ev, _ = events("function f { process { Write-Host \"f$_\"; $_ } }\n1..2 | f")
    assert ev == ["h:f1", "o:1", "h:f2", "o:2"]


# --- $input, $_ and pipeline binding -----------------------------------------------------------

@pytest.mark.parametrize("script,expected", [
    # process: $input is the current object
    ("function p { process { \"p:$($input)\" } }\n1..3 | p", ["p:1", "p:2", "p:3"]),
    # no process block: $input in end holds all the input
    ("function e { \"n=$(@($input).Count)\"; $input }\n1..3 | e", ["n=3", 1, 2, 3]),
    # a process block consumed the input: $input in end is empty (pwsh clears it per object)
    ("function pe { process { } end { \"n=$(@($input).Count)\" } }\n1..3 | pe", ["n=0"]),
    # $_ / $PSItem per object
    ("function u { process { $PSItem * 10 } }\n1..2 | u", [10, 20]),
    # begin sees no input
    ("function b { begin { \"b:$(@($input).Count)\" } process { $_ } }\n5 | b", ["b:0", 5]),
])
def test_input_and_dollar_under(script: str, expected: list[Any]) -> None:
    _, result = events(script)
    assert result.output == expected
    assert result.errors == []


def test_value_from_pipeline_binds_per_object_as_it_arrives() -> None:
    script = (
        "function p { param([Parameter(ValueFromPipeline)][int]$V) process { Write-Host \"p$V\" } }\n"
        "1..2 | ForEach-Object { Write-Host \"u$_\"; $_ } | p"
    )
    assert hosted(script) == ["u1", "p1", "u2", "p2"]


def test_value_from_pipeline_by_property_name_binds_per_object() -> None:
    script = (
        "function n { param([Parameter(ValueFromPipelineByPropertyName)][string]$Name,"
        " [Parameter(ValueFromPipelineByPropertyName)][int]$Size) process { \"$Name=$Size\" } }\n"
        "[pscustomobject]@{Name='a'; Size=1}, [pscustomobject]@{Name='b'; Size=2} | n"
    )
    _, result = events(script)
    assert result.output == ["a=1", "b=2"]


def test_end_only_function_binds_the_last_object_and_all_of_them_for_an_array_parameter() -> None:
    script = (
        "function last { param([Parameter(ValueFromPipeline)]$V) \"last=$V\" }\n"
        "function all { param([Parameter(ValueFromPipeline)][int[]]$V) \"all=$($V -join ',')\" }\n"
        "1..3 | last; 1..3 | all"
    )
    _, result = events(script)
    assert result.output == ["last=3", "all=1,2,3"]


# --- scopes and per-invocation state ------------------------------------------------------------

def test_a_functions_scope_lives_from_begin_to_end_while_other_stages_run() -> None:
    script = (
        "function other { begin { $n = 100 } process { $n++; $_ } }\n"
        "function counter { begin { $n = 0 } process { $n++ } end { \"counter $n\" } }\n"
        "1..3 | other | counter\n"
        "\"caller n=[$n]\""
    )
    _, result = events(script)
    assert result.output == ["counter 3", "caller n=[]"]


def test_parameters_of_two_streaming_functions_do_not_mix() -> None:
    script = (
        "function up($Tag) { process { \"$Tag$_\" } }\n"
        "function down($Tag) { process { \"$Tag($_)\" } }\n"
        "1..2 | up -Tag u | down -Tag d"
    )
    _, result = events(script)
    assert result.output == ["d(u1)", "d(u2)"]


def test_my_invocation_is_each_functions_own() -> None:
    script = (
        "function up { process { \"$($MyInvocation.MyCommand.Name):$_\" } }\n"
        "function down { process { \"$($MyInvocation.MyCommand.Name)<$_>\" } }\n"
        "1 | up | down"
    )
    _, result = events(script)
    assert result.output == ["down<up:1>"]


def test_return_in_process_ends_that_call_only() -> None:
    script = "function r { process { if ($_ -eq 2) { return }; $_ } end { 'end' } }\n1..3 | r"
    _, result = events(script)
    assert result.output == [1, 3, "end"]


def test_return_in_begin_ends_the_begin_block_only() -> None:
    script = "function rb { begin { 'b'; return; 'never' } process { $_ } end { 'e' } }\n1..2 | rb"
    _, result = events(script)
    assert result.output == ["b", 1, 2, "e"]


def test_nested_pipelines_inside_a_process_block() -> None:
    script = (
        "function inner { begin { Write-Host ib } process { \"i$_\" } }\n"
        "function outer { process { $_ * 10 | inner; Write-Host \"o$_\" } }\n"
        "1..2 | outer | ForEach-Object { Write-Host \"d$_\" }"
    )
    assert hosted(script) == ["ib", "di10", "o1", "ib", "di20", "o2"]


def test_a_nested_pipeline_redirected_to_a_file_inside_a_streaming_function(tmp_path) -> None:
    target = tmp_path / "inner.txt"
    script = (
        f"function w {{ process {{ \"x$_\" > '{target}'; $_ }} }}\n"
        "1..2 | w | ForEach-Object { \"d$_\" }"
    )
    _, result = events(script)
    assert result.output == ["d1", "d2"]
    assert target.read_text() == "x2\n"


# --- errors mid-stream ---------------------------------------------------------------------------

def test_throw_in_a_process_block_stops_the_pipeline() -> None:
    script = (
        "function f { process { if ($_ -eq 2) { throw \"bad $_\" }; $_ } end { Write-Host fe } }\n"
        "1..3 | f | ForEach-Object { Write-Host \"got$_\" }\n"
        "'after'"
    )
    ev, result = events(script)
    assert ev == ["h:got1"]  # throw is script-terminating: neither f's end nor 'after' runs
    assert [str(e) for e in result.errors] == ["bad 2"]
    assert result.exit_code == 1


def test_non_terminating_error_in_a_process_block_goes_on() -> None:
    script = "function f { process { Write-Error \"w$_\"; $_ } }\n1..2 | f | ForEach-Object { Write-Host \"d$_\" }"
    ev, result = events(script)
    assert ev == ["h:d1", "h:d2"]
    assert [str(e) for e in result.errors] == ["w1", "w2"]


def test_a_downstream_error_stops_the_upstream_function_and_runs_its_finally() -> None:
    script = (
        "function src { process { try { Write-Host \"s$_\"; $_ } finally { Write-Host \"fin$_\" } }"
        " end { Write-Host se } }\n"
        "1..3 | src | ForEach-Object { if ($_ -eq 2) { throw 'stop' }; Write-Host \"d$_\" }"
    )
    ev, result = events(script)
    assert ev == ["h:s1", "h:d1", "h:fin1", "h:s2", "h:fin2"]
    assert [str(e) for e in result.errors] == ["stop"]


def test_a_downstream_error_is_reported_once_and_not_as_the_upstream_statements() -> None:
    script = (
        "function src { process { $_; Write-Host \"after$_\" } }\n"
        "1..2 | src | ForEach-Object { throw \"no $_\" }"
    )
    ev, result = events(script)
    assert ev == []
    assert [str(e) for e in result.errors] == ["no 1"]


def test_a_pipeline_inside_try_in_a_streaming_function_is_caught_there() -> None:
    script = (
        "function f { process { try { $_ | ForEach-Object { throw \"in $_\" } } catch { \"caught $_\" } } }\n"
        "1..2 | f"
    )
    _, result = events(script)
    assert result.output == ["caught in 1", "caught in 2"]
    assert result.errors == []


def test_try_around_the_pipeline_catches_an_error_from_a_streaming_function() -> None:
    script = "function f { process { if ($_ -eq 2) { throw 'two' }; $_ } }\ntry { 1..3 | f } catch { \"caught $_\" }"
    _, result = events(script)
    assert result.output == [1, "caught two"]


def test_statement_errors_in_a_function_called_inside_try_stay_terminating() -> None:
    # the function runs in the try's context: its statement error goes to the catch
    script = "function f { process { Get-Item -Path /no/such/x -ErrorAction Stop; 'not here' } }\n" \
             "try { 1 | f } catch { 'caught' }"
    _, result = events(script)
    assert result.output == ["caught"]


def test_function_errors_redirected_with_2_to_null() -> None:
    ev, result = events("function f { process { Write-Error \"e$_\"; $_ } }\n1..2 | f 2>$null")
    assert ev == ["o:1", "o:2"]
    assert result.errors == []
    assert result.exit_code == 0


def test_function_errors_merged_with_2_to_1() -> None:
    script = "function f { Write-Error 'bad'; 'ok' }\n$r = f 2>&1\n$r.Count\n$r[1]\n\"$($r[0])\""
    _, result = events(script)
    assert result.output == [2, "ok", "bad"]
    assert result.exit_code == 0


def test_select_object_first_downstream_of_a_function() -> None:
    # pwshim does not stop upstream commands early; the result is the first object
    _, result = events("function f { process { $_ } }\n1..5 | f | Select-Object -First 1")
    assert result.output == [1]


def test_reviewer_example_on_the_command_line() -> None:
    script = 'function G{begin{Write-Host Gb} process{Write-Host "G$_"}}; 1..2|%{Write-Host "A$_";$_}|G'
    r = subprocess.run([sys.executable, "-m", "pwshim", "-NoProfile", "-c", script], capture_output=True,
                       text=True, timeout=60, check=False)
    assert r.stdout == "Gb\nA1\nG1\nA2\nG2\n"
    assert r.returncode == 0


def test_an_object_that_does_not_bind_is_a_non_terminating_error_for_that_object() -> None:
    script = (
        "function p { param([Parameter(ValueFromPipeline)][int]$V) process { \"p$V\" } }\n"
        "'a', 2 | p\n'next'"
    )
    _, result = events(script)
    assert result.output == ["p2", "next"]
    assert [e.error_id for e in result.errors] == ["ParameterArgumentTransformationError"]
    assert result.errors[0].command == "p"


def test_a_function_streams_into_itself_recursively() -> None:
    script = (
        "function r($n) { process { if ($n -gt 0) { \"$n<$_>\" | r ($n - 1) } else { $_ } } }\n"
        "'x', 'y' | r 2"
    )
    _, result = events(script)
    assert result.output == ["1<2<x>>", "1<2<y>>"]


def test_invoke_scriptblock_can_stream_each_object_to_a_callback() -> None:
    from pwshim.interpreter import Interpreter

    host = EventHost()
    interp = Interpreter(Session(host=host))
    result = interp.run_text("{ Write-Host \"a$_\"; $_; Write-Host \"b$_\"; $_ * 2 }")
    block = result.output[0]
    returned = interp.invoke_scriptblock(block, [], dollar_under=3, has_dollar_under=True, dot_source=True,
                                         out=lambda obj: host.events.append(f"o:{obj}"))
    assert returned == []
    assert host.events == ["h:a3", "o:3", "h:b3", "o:6"]
    assert interp.invoke_scriptblock(block, [], dollar_under=1, has_dollar_under=True) == [1, 2]


# --- a command that stops its upstream (pwsh's StopUpstreamCommandsException) -------------------

def _define_take_cmdlet() -> None:
    from pwshim.runtime.cmdlet import Cmdlet, Parameter, cmdlet
    from pwshim.runtime.pipeline import StopUpstreamCommands

    @cmdlet("Test-StreamTake")
    class TakeCommand(Cmdlet):
        """Writes its first -Count input objects, then stops the commands before it (as
        Select-Object -First does in pwsh); its end block writes 'take-end'."""

        InputObject = Parameter(object, pipeline=True)
        Count = Parameter(int, position=0)

        def begin(self) -> None:
            self.taken = 0

        def process(self) -> None:
            self.write_object(self.InputObject)
            self.taken += 1
            if self.taken >= self.Count:
                raise StopUpstreamCommands()

        def end(self) -> None:
            self.write_object("take-end")


_define_take_cmdlet()


def test_a_stopping_command_stops_an_upstream_function_without_its_end_block() -> None:
    script = (
        "function src { begin { Write-Host sb } process { Write-Host \"s$_\"; $_ }"
        " end { Write-Host 'se (never)' } }\n"
        "1..100 | src | Test-StreamTake 2 | ForEach-Object { \"d$_\" } -End { 'down-end' }\n"
        "'after'"
    )
    ev, result = events(script)
    assert ev == ["h:sb", "h:s1", "o:d1", "h:s2", "o:d2", "o:dtake-end", "o:down-end", "o:after"]
    assert result.errors == []
    assert result.exit_code == 0


def test_stopping_runs_the_upstream_finally_blocks_and_no_catch_sees_it() -> None:
    script = (
        "function src { process { try { $_ } catch { Write-Host 'caught (never)' } finally { Write-Host \"fin$_\" } } }\n"
        "1..5 | src | Test-StreamTake 1"
    )
    ev, result = events(script)
    assert ev == ["o:1", "h:fin1", "o:take-end"]
    assert result.errors == []


def test_a_stop_inside_a_functions_own_pipeline_stops_only_that_pipeline() -> None:
    script = (
        "function f { process { 1..50 | Test-StreamTake 1; \"f$_\" } }\n"
        "1..2 | f"
    )
    _, result = events(script)
    assert result.output == [1, "take-end", "f1", 1, "take-end", "f2"]


def test_two_stopping_commands_in_a_row() -> None:
    _, result = events("1..10 | Test-StreamTake 3 | Test-StreamTake 2")
    assert result.output == [1, 2, "take-end"]


def test_a_stopping_command_without_upstream_just_ends() -> None:
    _, result = events("Test-StreamTake 1 -InputObject x")
    assert result.output == ["x", "take-end"]


# --- clean blocks (pwsh 7.3) ---------------------------------------------------------------------

def test_clean_runs_after_end_and_its_output_is_discarded() -> None:
    script = (
        "function c { begin { 'b' } process { if ($_) { $_ } } end { 'e' } clean { Write-Host clean; 'discarded' } }\n"
        "1 | c\nc"
    )
    ev, result = events(script)
    assert ev == ["o:b", "o:1", "o:e", "h:clean", "o:b", "o:e", "h:clean"]
    assert result.errors == []


def test_clean_runs_when_the_pipeline_fails_or_is_stopped() -> None:
    script = (
        "function t { process { throw \"x$_\" } clean { Write-Host 'clean t' } }\n"
        "function s { process { $_ } end { Write-Host 'end s (never)' } clean { Write-Host 'clean s' } }\n"
        "try { 1 | t } catch { \"caught $_\" }\n"
        "1..9 | s | Test-StreamTake 1"
    )
    ev, _ = events(script)
    assert ev == ["h:clean t", "o:caught x1", "o:1", "o:take-end", "h:clean s"]


def test_clean_blocks_run_in_pipeline_order_after_every_end() -> None:
    script = (
        "function a { process { $_ } end { Write-Host ae } clean { Write-Host ac } }\n"
        "function b { process { } end { Write-Host be } clean { Write-Host bc } }\n"
        "1 | a | b"
    )
    assert hosted(script) == ["ae", "be", "ac", "bc"]
