<#
    Runs the Pester suite and prints its summary as "N passed, N failed" on a line of its own; exits 1 when any test
    failed, was skipped or did not run. build.ps1 -Task Test/Pester starts it in a new pwsh with Pester's manifest in
    PREFECTOPS_PESTER_PATH (from NuGet, see build/Toolchain.csproj), the module in PREFECTOPS_MODULE_PATH and the sandbox
    in PREFECTOPS_SANDBOX_DLL.
#>
param(
    [string[]] $Path = $PSScriptRoot,
    [string] $ResultPath,
    # Tags to leave out, e.g. RealServer where no real Prefect server is started.
    [string[]] $ExcludeTag = @()
)
Import-Module ($env:PREFECTOPS_PESTER_PATH ? $env:PREFECTOPS_PESTER_PATH : 'Pester') -MinimumVersion 5.0 -Force
$config = New-PesterConfiguration
# `-File` passes "a,b" as one string: take it apart.
$config.Run.Path = @($Path | ForEach-Object { $_ -split "," })
$config.Run.Exit = $false
$config.Run.PassThru = $true
$config.Filter.ExcludeTag = $ExcludeTag
$config.Output.Verbosity = 'Normal'
if ($ResultPath) {
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputPath = $ResultPath
}
$result = Invoke-Pester -Configuration $config
Write-Host "$($result.PassedCount) passed, $($result.FailedCount) failed"
if ($result.SkippedCount -gt 0 -or $result.NotRunCount -gt 0) {
    Write-Host "$($result.SkippedCount) skipped and $($result.NotRunCount) not run: every test must run."
}
$ok = $result.Result -eq 'Passed' -and $result.FailedCount -eq 0 -and $result.SkippedCount -eq 0 -and $result.NotRunCount -eq 0
exit ($ok ? 0 : 1)
