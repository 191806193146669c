#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Write-Progress during a bulk change: bounded (at most one record per percent, so 300 flows cost no more than 100
# updates) and harmless where no one watches (a non-interactive pwsh with redirected output, as a scheduled task runs).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
    $script:session = Start-PrefectTestSession -ExtraArguments '--bulk-flows', '300'
    $script:api = $session.ApiUrl
}

AfterAll { Stop-PrefectTestSession $session }

Describe 'Progress of bulk changes' {
    It 'writes at most one progress record per percent, and a completed one at the end' {
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$(Get-PrefectOpsModulePath)'; Connect-Prefect -ApiUrl '$api'; Disable-FlowByTag -Tag bulk -Confirm:`$false")
        $null = $ps.Invoke()
        $progress = @($ps.Streams.Progress | Where-Object Activity -eq 'Disabling flows for maintenance')
        $errors = @($ps.Streams.Error)
        $ps.Dispose()
        $errors | Should -BeNullOrEmpty
        @(Get-Flow -Tag bulk -InMaintenance).Count | Should -Be 300
        $progress.Count | Should -BeLessOrEqual 102 -Because "one per percent, 0 to 100, and the completed one"
        $progress.Count | Should -BeGreaterThan 10
        $progress[-1].RecordType | Should -Be 'Completed'
        $percents = @($progress | Where-Object RecordType -eq 'Processing' | ForEach-Object PercentComplete)
        ($percents | Sort-Object) -join ',' | Should -Be ($percents -join ',') -Because 'progress only moves forward'
    }

    It 'does not break a non-interactive pwsh whose output is redirected' {
        $script = Join-Path $TestDrive 'enable-bulk.ps1'
        Set-Content -Path $script -Value @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Get-PrefectOpsModulePath)'
Enable-FlowByTag -Tag bulk -Confirm:`$false
"@
        $run = Invoke-ChildPwsh -File $script -Environment @{ PREFECT_API_URL = $api }
        $run.ExitCode | Should -Be 0 -Because $run.Errors
        $run.Output.Trim() | Should -Be 'Enabled 300 flows, skipped 0, failed 0.'
        $run.Errors | Should -BeNullOrEmpty
        @(Get-Flow -Tag bulk -InMaintenance -WarningAction SilentlyContinue).Count | Should -Be 0
    }
}
