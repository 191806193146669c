<#
.SYNOPSIS
    Builds, tests and demonstrates the PrefectOps module.
.DESCRIPTION
    -Task Build   publishes the module into out/PrefectOps (psd1, dlls, format/type files, help folder).
    -Task Test    runs `dotnet test` at the root, then the Pester tests under tests/Pester where pwsh has Pester 5.
    -Task Bench   runs the benchmark (bench/PrefectOps.Bench, Release): an estate of 5,000 deployments in the sandbox,
                  each step timed beside one request at a time, under 20 ms latency and a SQLite-like single writer.
                  -BenchArgs passes options on, e.g. -BenchArgs '--quick','--runs','1'. Results: BENCHMARKS.md.
    -Task Demo    starts the sandbox Prefect server with a demo estate, imports the built module and walks
                  through the DBA story: tags, flows with a tag, disable with -WhatIf, disable, enable with catch-up.
    Default: Build, then Test.
.EXAMPLE
    pwsh ./build.ps1
.EXAMPLE
    pwsh ./build.ps1 -Task Demo
.EXAMPLE
    pwsh ./build.ps1 -Task Bench -BenchArgs '--quick'
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench')]
    [string[]] $Task = @('Build', 'Test'),
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # Passed to the benchmark: --quick, --runs N, --mode latency|single-writer|both.
    [string[]] $BenchArgs = @()
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$moduleOut = Join-Path $root 'out/PrefectOps'

function Invoke-Native {
    param([string] $File, [string[]] $Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Invoke-Build {
    if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/PrefectOps/PrefectOps.csproj'), '-c', $Configuration, '-o', $moduleOut, '--nologo')
    # Only what the module needs at run time: no pdb/deps noise, never System.Management.Automation (PowerShell brings its own).
    Get-ChildItem $moduleOut -File | Where-Object { $_.Extension -in '.pdb', '.json' -or $_.Name -eq 'System.Management.Automation.dll' } | Remove-Item -Force
    Copy-Item (Join-Path $root 'PrefectOps.psd1') $moduleOut
    Copy-Item (Join-Path $root 'module/*.ps1xml') $moduleOut
    Copy-Item (Join-Path $root 'LICENSE') $moduleOut
    $help = Join-Path $root 'out/help/en-US'
    if (Test-Path $help) { Copy-Item $help (Join-Path $moduleOut 'en-US') -Recurse }
    Write-Host "Module built in $moduleOut"
}

function Invoke-Test {
    Invoke-Native dotnet @('test', (Join-Path $root 'PrefectOps.sln'), '-c', $Configuration, '--nologo')
    $pester = Get-Module -ListAvailable Pester | Where-Object { $_.Version -ge [version]'5.0' } | Select-Object -First 1
    if (-not $pester) {
        Write-Warning 'Pester 5 is not installed: the Pester tests under tests/Pester were not run (Install-Module Pester -MinimumVersion 5.0).'
        return
    }
    if (-not (Test-Path (Join-Path $moduleOut 'PrefectOps.psd1'))) { Invoke-Build }
    Import-Module $pester -Force
    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $root 'tests/Pester'
    $config.Run.Exit = $false
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $config
    if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester test(s) failed." }
}

function Invoke-Bench {
    # Always Release: a Debug build would measure the JIT's unoptimised code. Not part of the solution, so built by path.
    $bench = Join-Path $root 'bench/PrefectOps.Bench/PrefectOps.Bench.csproj'
    Invoke-Native dotnet (@('run', '-c', 'Release', '--project', $bench, '--') + $BenchArgs)
}

function Get-FreePort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Invoke-Demo {
    if (-not (Test-Path (Join-Path $moduleOut 'PrefectOps.psd1'))) { Invoke-Build }
    $port = Get-FreePort
    $sandbox = Join-Path $root 'tests/PrefectOps.Sandbox/PrefectOps.Sandbox.csproj'
    Invoke-Native dotnet @('build', $sandbox, '-c', $Configuration, '--nologo', '-v', 'q')
    $server = Start-Process dotnet -ArgumentList @('run', '--no-build', '-c', $Configuration, '--project', $sandbox, '--', '--prefect-version', '2', '--port', $port, '--seed', 'demo') -PassThru -NoNewWindow
    try {
        $url = "http://127.0.0.1:$port/api"
        $deadline = (Get-Date).AddSeconds(60)
        while ($true) {
            try { if ((Invoke-RestMethod "$url/health" -TimeoutSec 2) -eq $true) { break } } catch { }
            if ((Get-Date) -gt $deadline) { throw "The sandbox server did not answer at $url within 60 s." }
            Start-Sleep -Milliseconds 250
        }
        Import-Module (Join-Path $moduleOut 'PrefectOps.psd1') -Force
        Write-Host "`n> Connect-Prefect -ApiUrl $url -PassThru" -ForegroundColor Cyan
        Connect-Prefect -ApiUrl $url -PassThru | Format-Table | Out-Host
        Write-Host '> Get-FlowTag' -ForegroundColor Cyan
        Get-FlowTag | Format-Table | Out-Host
        Write-Host '> Get-Flow -Tag server-prod' -ForegroundColor Cyan
        Get-Flow -Tag server-prod | Format-Table | Out-Host
        Write-Host "> Get-Flow -Name 'nightly-*' | Format-Table" -ForegroundColor Cyan
        Get-Flow -Name 'nightly-*' | Format-Table | Out-Host
        Write-Host '> Get-Flow -Tag server-prod | Disable-FlowByTag -WhatIf' -ForegroundColor Cyan
        Get-Flow -Tag server-prod | Disable-FlowByTag -WhatIf
        Write-Host "> Disable-FlowByTag -Tag server-prod -Until (Get-Date).AddHours(2) -Reason 'CHG-1234 patching' -Confirm:`$false" -ForegroundColor Cyan
        Disable-FlowByTag -Tag server-prod -Until (Get-Date).AddHours(2) -Reason 'CHG-1234 patching' -Confirm:$false
        Write-Host '> Get-Flow -InMaintenance | Format-List Name, Status, MaintenanceSince, MaintenanceUntil, MaintenanceReason' -ForegroundColor Cyan
        Get-Flow -InMaintenance | Format-List Name, Status, MaintenanceSince, MaintenanceUntil, MaintenanceReason | Out-Host
        Write-Host '> Enable-FlowByTag -Tag server-prod -CatchUp -Confirm:$false -PassThru' -ForegroundColor Cyan
        Enable-FlowByTag -Tag server-prod -CatchUp -Confirm:$false -PassThru | Format-Table Name, Status, CaughtUpRuns | Out-Host
    }
    finally {
        if (-not $server.HasExited) { Stop-Process -Id $server.Id -Force }
    }
}

foreach ($t in $Task) {
    Write-Host "== $t" -ForegroundColor Green
    switch ($t) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
    }
}
