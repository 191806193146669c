#Requires -Version 7.2
<#
.SYNOPSIS
    Times tab completion of -Tag against a server, as a person uses it: the first TAB a second after Connect-Prefect,
    then a TAB a second until every tag is offered, then later TABs; and a TAB after a Get-FlowTag. Measured, never
    asserted (BENCHMARKS.md "Tab completion").
.EXAMPLE
    dotnet pwsh ./bench/Measure-Completion.ps1 -ApiUrl http://127.0.0.1:4353/api
#>
param(
    [Parameter(Mandatory)] [string] $ApiUrl,
    [string] $Module = (Join-Path $PSScriptRoot '../out/PrefectOps/PrefectOps.psd1'),
    [int] $MaxSeconds = 120
)
$ErrorActionPreference = 'Stop'
Import-Module $Module -Force
$line = 'Get-Flow -Tag '
function Tab { @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches) }
function Timed([scriptblock] $Block) { $w = [Diagnostics.Stopwatch]::StartNew(); $r = & $Block; [pscustomobject]@{ Seconds = $w.Elapsed.TotalSeconds; Result = $r } }

# How many tags there are, read directly (not through PrefectOps' cache).
$all = [System.Collections.Generic.HashSet[string]]::new()
for ($offset = 0; ; $offset += 200) {
    $page = Invoke-RestMethod -Method Post "$ApiUrl/deployments/filter" -ContentType 'application/json' -Body (@{ offset = $offset; limit = 200 } | ConvertTo-Json)
    foreach ($d in $page) { foreach ($t in $d.tags) { if ($t -notlike 'MAINTENANCE*') { $null = $all.Add($t) } } }
    if (@($page).Count -lt 200) { break }
}
"$($all.Count) tags on $ApiUrl (load average $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 1))"

$connected = [Diagnostics.Stopwatch]::StartNew()
Connect-Prefect -ApiUrl $ApiUrl
Start-Sleep -Seconds 1 # a person's first TAB
$first = Timed { Tab }
"first TAB, {0:0.0} s after Connect-Prefect: {1:0.000} s, {2} of {3} tags" -f ($connected.Elapsed.TotalSeconds - $first.Seconds), $first.Seconds, $first.Result.Count, $all.Count
$complete = $first.Result.Count -ge $all.Count
while (-not $complete -and $connected.Elapsed.TotalSeconds -lt $MaxSeconds) {
    Start-Sleep -Seconds 1
    $t = Timed { Tab }
    $complete = $t.Result.Count -ge $all.Count
    if ($complete) { "every tag offered {0:0.0} s after Connect-Prefect (that TAB: {1:0.000} s)" -f $connected.Elapsed.TotalSeconds, $t.Seconds }
}
$later = 1..5 | ForEach-Object { (Timed { Tab }).Seconds }
"later TABs: {0} s" -f (($later | ForEach-Object { $_.ToString('0.000') }) -join ', ')

# A DBA's usual first command teaches the cache every tag.
Connect-Prefect -ApiUrl $ApiUrl
$listing = Timed { @(Get-FlowTag).Count }
$afterListing = Timed { Tab }
"Get-FlowTag right after Connect-Prefect: {0:0.00} s; the TAB after it: {1:0.000} s, {2} of {3} tags" -f $listing.Seconds, $afterListing.Seconds, $afterListing.Result.Count, $all.Count
