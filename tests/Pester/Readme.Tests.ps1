#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# README's PowerShell examples, run as written against a sandbox with the demo estate (only prefect.example.com
# becomes the sandbox's address, and the prompts a person would answer Yes to are answered by $ConfirmPreference).
# Blocks not run here, and why: Install, publish and uninstall (tests/Pester/Package.Tests.ps1 runs them), building from
# source (what CI itself does), end-maintenance.ps1 (tests/Pester/ScheduledTask.Tests.ps1 runs it), and the Windows
# Task Scheduler registration (Windows only).

BeforeDiscovery {
    $readme = Get-Content -Raw (Join-Path $PSScriptRoot '../../README.md')
    $blocks = @([regex]::Matches($readme, '(?s)```powershell\r?\n(.*?)```') | ForEach-Object { $_.Groups[1].Value })
    $notRun = '^(Install-Module|Install-PSResource|Uninstall-PSResource|\$version = \(Import-PowerShellDataFile|git clone|# end-maintenance\.ps1|\$action = New-ScheduledTaskAction)'
    $script:examples = @($blocks | Where-Object { $_ -notmatch $notRun } | ForEach-Object {
        @{ Code = $_; First = ($_ -split "`n" | Where-Object { $_ -and $_ -notmatch '^#' } | Select-Object -First 1).Trim() }
    })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
    $script:module = Get-PrefectOpsModulePath
}

Describe 'README examples' {
    It 'README has examples to run' {
        $examples.Count | Should -BeGreaterOrEqual 4
    }

    It 'runs the block starting "<First>" without an error' -ForEach $examples {
        $sandbox = Start-PrefectSandbox -PrefectVersion 2 -Seed demo
        try {
            # A worker stops what Stop-FlowRun cancels, so -Wait ends as on a server with workers.
            $null = Invoke-RestMethod -Method Post -Uri "$($sandbox.ApiUrl -replace '/api$', '/_sandbox')/worker" -ContentType 'application/json' -Body '{"finishCancellingAfterReads": 2}'
            $ps = [powershell]::Create()
            $null = $ps.AddScript("Import-Module '$module'; `$ConfirmPreference = 'None'; `$env:PREFECT_API_URL = '$($sandbox.ApiUrl)'")
            $null = $ps.AddScript($Code.Replace('http://prefect.example.com:4200/api', $sandbox.ApiUrl))
            $output = $ps.Invoke()
            $errors = @($ps.Streams.Error)
            $said = @($ps.Streams.Information)
            $ps.Dispose()
            $errors | ForEach-Object { "$_" } | Should -BeNullOrEmpty
            ($output.Count + $said.Count) | Should -BeGreaterThan 0 -Because 'the commands write objects or their summaries'
            # Whatever the block took down, it brought back: nothing is left in maintenance or paused by it.
            $left = Invoke-PrefectApi $sandbox.ApiUrl POST '/deployments/filter' @{ deployments = @{ tags = @{ all_ = @('MAINTENANCE') } } }
            @($left).Count | Should -Be 0
        }
        finally { Stop-PrefectSandbox $sandbox; Remove-Item Env:PREFECT_API_URL -ErrorAction SilentlyContinue }
    }
}
