#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# README's demo command, run as a user runs it (a new pwsh, build.ps1 -Task Demo), and what it printed read back:
# the whole story, from the tags to the flows back with their missed runs.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
    $root = Get-PrefectOpsRepoRoot
    $script = Join-Path $TestDrive 'demo.ps1'
    # -SkipBuild: the module in out/ is the one this suite tests (and has loaded).
    Set-Content -Path $script -Value "& '$(Join-Path $root 'build.ps1')' -Task Demo -SkipBuild"
    $script:run = Invoke-ChildPwsh -File $script -TimeoutSeconds 300 -Environment @{ NO_COLOR = '1' }
    $script:text = $run.Output -replace "`e\[[0-9;]*m", ''
}

Describe 'build.ps1 -Task Demo' {
    It 'runs to the end with exit code 0 and no error' {
        $run.ExitCode | Should -Be 0 -Because $run.Errors
        $text | Should -Match '# The story ran to the end\.'
        $run.Errors | Should -BeNullOrEmpty
    }

    It 'lists the server tags and the flows of server-prod' {
        $text | Should -Match '(?m)^server-prod\s+8\s+8\s+0\s+0\s*$'
        $text | Should -Match 'etl-warehouse/nightly-load'
    }

    It 'shows what -WhatIf would do, then disables the 8 flows' {
        @([regex]::Matches($text, 'What if: Performing the operation "Pause the schedule and mark it MAINTENANCE until')).Count | Should -Be 8
        $text | Should -Match 'Disabled 8 flows, skipped 0, failed 0\.'
        @([regex]::Matches($text, 'MaintenanceReason : CHG-1234 patching')).Count | Should -Be 8
    }

    It 'cancels the running run and holds the queue' {
        $text | Should -Match 'etl-warehouse/nightly-\S*\s+Cancelling'
        $text | Should -Match '(?m)^critical\s+prod-pool\s+True'
    }

    It 'brings the flows back with the runs their schedules missed, and the tag counts back to all active' {
        $text | Should -Match '(?m)^crm-sync/crm-sync-15m\s+Active\s+10\s*$'
        $text | Should -Match '(?m)^db-backup/log-backup\s+Active\s+10\s*$'
        $text | Should -Match 'Resumed 1 work queue, failed 0\.'
        ($text -split 'PS> Get-FlowTag ''server-\*''')[-1] | Should -Match '(?m)^server-prod\s+8\s+8\s+0\s+0\s*$'
    }
}
