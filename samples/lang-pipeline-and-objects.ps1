# Objects, pipelines and formatting as pwsh 7 shows them.
$people = @(
    [pscustomobject]@{ Name = 'Ada'; Age = 36; Team = 'core' }
    [pscustomobject]@{ Name = 'Linus'; Age = 54; Team = 'kernel' }
    [pscustomobject]@{ Name = 'Grace'; Age = 85; Team = 'core' }
)
$people | Where-Object Age -gt 40 | Sort-Object Age -Descending
$people | Group-Object Team | Format-Table Name, Count
"Average age: {0:N1}" -f ($people | Measure-Object Age -Average).Average
$people.Name -join ', '
