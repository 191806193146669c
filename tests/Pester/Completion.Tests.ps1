#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Tab completion as the console asks for it (TabExpansion2), for every kind of name the commands take.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
    $script:session = Start-PrefectTestSession
    function script:Complete([string] $Line) {
        # ForEach-Object: under build.ps1's StrictMode, .CompletionText of an empty list would be an error.
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText)
    }
}

AfterAll { Stop-PrefectTestSession $session }

Describe 'Tab completion' {
    It 'offers the tags in use on the first TAB after Connect-Prefect' {
        Connect-Prefect -ApiUrl $session.ApiUrl
        Complete 'Get-Flow -Tag serv' | Should -Be @('server-dev', 'server-prod')
    }

    It 'offers tags to every -Tag and to Get-FlowTag -Name' {
        Complete 'Disable-FlowByTag -Tag fin' | Should -Be @('finance')
        Complete 'Enable-FlowByTag nig' | Should -Be @('nightly')
        Complete 'Get-FlowRun -Tag server-p' | Should -Be @('server-prod')
        Complete 'Get-FlowTag serv' | Should -Be @('server-dev', 'server-prod')
    }

    It 'offers flow names ("flow/deployment") to Get-Flow -Name and -ExcludeName' {
        Complete 'Get-Flow -Name finance-reports/d' | Should -Be @('finance-reports/daily-pnl')
        Complete 'Get-Flow -ExcludeName db-backup/' | Should -Be @('db-backup/dev-backup', 'db-backup/full-backup', 'db-backup/log-backup')
    }

    It 'offers the run states, in any case' {
        (Complete 'Get-FlowRun -State ca' | Sort-Object) | Should -Be @('Cancelled', 'Cancelling')
    }

    It 'offers work queue and work pool names' {
        Complete 'Suspend-WorkQueue -Name cri' | Should -Be @('critical')
        Complete 'Get-WorkQueue -WorkPool pro' | Should -Be @('prod-pool')
        Complete 'Set-WorkQueue -Name bulk -WorkPool d' | Should -Be @('default-agent-pool', 'dev-pool')
    }

    It 'offers nothing, and does not connect, where the session has no connection' {
        Disconnect-Prefect
        $env:PREFECT_API_URL = $session.ApiUrl
        try {
            Complete 'Get-Flow -Tag serv' | Should -BeNullOrEmpty
        }
        finally {
            Remove-Item Env:PREFECT_API_URL
            Connect-Prefect -ApiUrl $session.ApiUrl
        }
    }
}
