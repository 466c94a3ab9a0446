$name = 'pwshim'
$n = 3
"Name: $name, n = $n"
'Literal $name'
"{0,-8}|{1:N2}|{2}" -f $name, 3.14159, $true
$items = 'b', 'a', 'c'
$items -join ', '
"Count: $($items.Count)"
$joined = ''
foreach ($item in $items) {
    $joined += $item.ToUpper()
}
$joined
$path = "$HOME/.Azure"
$path.EndsWith('.Azure')
"pi is about {0:N3}" -f [math]::PI
