# SecureString and PSCredential: the text never shows.
$secure = 'P@ssw0rd' | ConvertTo-SecureString -AsPlainText -Force
"$secure"
$secure.Length
$secure | ConvertFrom-SecureString
$credential = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList 'joe', $secure
$credential
$credential.GetNetworkCredential().UserName
