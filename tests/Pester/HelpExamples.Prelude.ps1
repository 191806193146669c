# Dot-sourced before each help example in its own pwsh (HelpExamples.Tests.ps1), not part of the example: the property
# names an example gives Format-Table, Format-List, Select-Object, Sort-Object, Where-Object or ForEach-Object must
# exist on the objects those get. PowerShell itself shows an empty column, or filters everything out, for a name that
# does not exist; here the example fails, naming it. Each is a proxy of the real command with one check added.
function Assert-ExampleProperty($Object, [hashtable] $Bound, [string] $Command) {
    if ($null -eq $Object) { return }
    foreach ($key in 'Property', 'ExpandProperty', 'MemberName') {
        foreach ($name in @($Bound[$key])) {
            if ($name -isnot [string] -or [WildcardPattern]::ContainsWildcardCharacters($name)) { continue }
            if ($null -eq $Object.PSObject.Properties[$name] -and $null -eq $Object.PSObject.Methods[$name]) {
                throw "The example gives $Command the name '$name', which $($Object.PSObject.TypeNames[0]) does not have."
            }
        }
    }
}

foreach ($command in 'Format-Table', 'Format-List', 'Select-Object', 'Sort-Object', 'Where-Object', 'ForEach-Object') {
    $proxy = [System.Management.Automation.ProxyCommand]::Create([System.Management.Automation.CommandMetadata]::new((Get-Command $command -CommandType Cmdlet)))
    $checked = $proxy.Replace('$steppablePipeline.Process($_)', "Assert-ExampleProperty `$_ `$PSBoundParameters '$command'; `$steppablePipeline.Process(`$_)")
    if ($checked -eq $proxy) { throw "The proxy of $command has no process step to check." }
    Set-Item "function:global:$command" ([scriptblock]::Create($checked))
}
