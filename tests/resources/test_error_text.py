"""Az's error texts built from a failed call (pure functions over RestError)."""

from __future__ import annotations

from pwshim.azure.compute import compute_error_message
from pwshim.azure.rest import RestError, anonymous_target, autorest_error

NOT_FOUND = "The Resource 'Microsoft.Compute/virtualMachines/x' under resource group 'contoso' was not found."


def _not_found(request_id: str | None) -> RestError:
    body = {"error": {"code": "ResourceNotFound", "message": NOT_FOUND}}
    return RestError(404, "Not Found", "ResourceNotFound", NOT_FOUND, None, request_id, body=body)


def test_compute_cloud_exception_text_with_request_id():
    assert compute_error_message(_not_found("8f0c3c9e-1111-2222-3333-444455556666")).split("\n") == [
        NOT_FOUND,
        "ErrorCode: ResourceNotFound",
        "ErrorMessage: " + NOT_FOUND,
        "ErrorTarget: ",
        "StatusCode: 404",
        "ReasonPhrase: Not Found",
        "OperationID : 8f0c3c9e-1111-2222-3333-444455556666",
    ]


def test_compute_cloud_exception_without_body_uses_status_name():
    err = RestError(403, "Forbidden", body=None)
    assert compute_error_message(err).split("\n") == [
        "Operation returned an invalid status code 'Forbidden'",
        "StatusCode: 403",
        "ReasonPhrase: Forbidden",
    ]


def test_failed_long_running_operation_text():
    body = {"status": "Failed", "name": "op1", "startTime": "2024-01-01T00:00:00Z",
            "error": {"code": "Conflict", "message": "busy"}}
    err = RestError(200, "OK", "Conflict", "Long running operation failed with status 'Failed'. Additional Info:'busy'",
                    body=body)
    assert compute_error_message(err).split("\n") == [
        "Long running operation failed with status 'Failed'. Additional Info:'busy'",
        "ErrorCode: Conflict",
        "ErrorMessage: busy",
        "ErrorTarget: ",
        "StartTime: 2024-01-01T00:00:00Z",
        "OperationID: op1",
        "Status: Failed",
    ]


def test_autorest_record_shape():
    record = autorest_error(_not_found(None), "Get-AzUserAssignedIdentity_Get",
                            "Microsoft.Azure.PowerShell.Cmdlets.ManagedServiceIdentity",
                            anonymous_target(ResourceGroupName="rg", Name="x"))
    assert record.message == NOT_FOUND  # ErrorDetails, what ConciseView prints
    assert record.exception.Message == f"[ResourceNotFound] : {NOT_FOUND}"
    assert record.FullyQualifiedErrorId == (
        "ResourceNotFound,Microsoft.Azure.PowerShell.Cmdlets.ManagedServiceIdentity.Cmdlets.GetAzUserAssignedIdentity_Get")
    assert record.target == "{ ResourceGroupName = rg, Name = x }"
