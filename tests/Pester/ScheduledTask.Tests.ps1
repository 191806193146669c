#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# README's end-maintenance.ps1, run as the scheduled task runs it: a new `pwsh -NoProfile -NonInteractive -File`, the
# module found by name on PSModulePath, the server from PREFECT_API_URL. Its exit code is what the task reports.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
    $script:session = Start-PrefectTestSession
    $script:api = $session.ApiUrl

    # The script exactly as README shows it, with only its log folder moved into this test's drive.
    $readme = Get-Content -Raw (Join-Path (Get-PrefectOpsRepoRoot) 'README.md')
    $block = [regex]::Match($readme, '(?s)```powershell\r?\n(# end-maintenance\.ps1:.*?)```').Groups[1].Value
    $block | Should -Not -BeNullOrEmpty -Because 'README shows the scheduled task script'
    $script:logs = Join-Path $TestDrive 'logs'
    $script:taskScript = Join-Path $TestDrive 'end-maintenance.ps1'
    Set-Content -Path $taskScript -Value ($block.Replace("'/var/log/prefectops'", "'$logs'").Replace('"$env:ProgramData\PrefectOps"', "'$logs'"))

    # As installed: the module folder on PSModulePath, imported by name.
    $script:taskEnvironment = @{
        PREFECT_API_URL = $api
        PSModulePath    = (Split-Path (Split-Path (Get-PrefectOpsModulePath))) + [IO.Path]::PathSeparator + $env:PSModulePath
        PREFECT_HOME    = $env:PREFECT_HOME
    }
    function script:Open-ExpiredWindow([string] $Tag) {
        $flows = @(Get-Flow -Tag $Tag | Where-Object Status -eq 'Active')
        $flows | Disable-FlowByTag -Until (Get-Date).AddHours(1) -Confirm:$false 6>$null
        foreach ($f in $flows) { Set-PrefectWindowTime -ApiUrl $api -Id $f.Id -Until (Get-Date).AddMinutes(-5) }
        $flows
    }
}

AfterAll { Stop-PrefectTestSession $session }

Describe 'end-maintenance.ps1 as a scheduled task' {
    AfterEach { Clear-SandboxFault -ApiUrl $api }

    It 'exits 0 when every expired window ended, and the transcript says what it did' {
        $flows = Open-ExpiredWindow finance
        $run = Invoke-ChildPwsh -File $taskScript -Environment $taskEnvironment
        $run.ExitCode | Should -Be 0 -Because $run.Errors
        foreach ($f in $flows) { (Get-PrefectDeployment $api $f.Id).Paused | Should -BeFalse }
        $transcript = Get-ChildItem $logs -Filter 'enable-*.log' | Get-Content -Raw
        $transcript | Should -Match "Enabled $($flows.Count) flows \(caught up \d+ runs?\), skipped 0, failed 0\."
    }

    It 'exits 1 when a flow fails, and the other flows are still enabled' {
        $flows = Open-ExpiredWindow nightly
        Add-SandboxFault -ApiUrl $api -Route 'PATCH /deployments/{id}' -Status 403 -PathContains $flows[0].Id
        $run = Invoke-ChildPwsh -File $taskScript -Environment $taskEnvironment
        $run.ExitCode | Should -Be 1
        $run.Output + $run.Errors | Should -Match ([regex]::Escape($flows[0].Name))
        (Get-PrefectDeployment $api $flows[0].Id).Marked | Should -BeTrue -Because 'the failed flow is left as it was, in maintenance'
        Clear-SandboxFault -ApiUrl $api
        $again = Invoke-ChildPwsh -File $taskScript -Environment $taskEnvironment
        $again.ExitCode | Should -Be 0 -Because 'the next run of the task completes it'
        foreach ($f in $flows) { (Get-PrefectDeployment $api $f.Id).Paused | Should -BeFalse }
    }

    It 'exits 1 when the server is down, naming the URL it tried' {
        $down = Get-UnreachableApiUrl
        $environment = $taskEnvironment.Clone()
        $environment.PREFECT_API_URL = $down
        $run = Invoke-ChildPwsh -File $taskScript -Environment $environment
        $run.ExitCode | Should -Be 1
        $run.Output + $run.Errors | Should -Match ([regex]::Escape($down))
    }
}
