function Test-Value([int]$Value) {
    if ($Value -eq 0) { 'zero' }
    elseif ($Value -lt 0) { 'negative' }
    else { 'positive' }
}

foreach ($v in -1, 0, 5) {
    Test-Value -Value $v
}
$h = [ordered]@{ a = 1; b = 2 }
$h.c = 3
$h
$i = 0
do {
    $i += 2
} while ($i -lt 5)
"i = $i"
$list = @()
for ($k = 0; $k -lt 3; $k++) {
    $list += "item$k"
}
$list.Count
$list[-1]
if (-not $missing) { 'missing is empty' }
$value = $null
$value ?? 'default'
switch ('b') {
    'a' { 'is a' }
    'b' { 'is b' }
    default { 'other' }
}
function Measure-Word {
    param([Parameter(ValueFromPipeline)][string]$Word)
    begin { $seen = 0 }
    process {
        $seen += 1
        "$seen. $Word has $($Word.Length) letters"
    }
    end { "$seen words" }
}
'alpha', 'be' | Measure-Word
filter Get-Double { $_ * 2 }
1, 2, 3 | Get-Double
