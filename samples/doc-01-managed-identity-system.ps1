Connect-AzAccount -Identity
