#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
    # Imports the built module, isolates PREFECT_* settings, starts the sandbox with the demo estate and connects.
    $script:session = Start-PrefectTestSession
    $script:api = $session.ApiUrl
}

AfterAll { Stop-PrefectTestSession $session }

Describe 'Get-FlowRun' {
    It 'lists the runs of flows piped from Get-Flow, by state' {
        $runs = Get-Flow -Name 'etl-warehouse/nightly-load' | Get-FlowRun -State running
        $runs | Should -Not -BeNullOrEmpty
        $runs | ForEach-Object { $_ | Should -BeOfType ([PrefectOps.FlowRun]); $_.StateType | Should -Be 'RUNNING' }
        $runs[0].DeploymentName | Should -Be 'etl-warehouse/nightly-load'
    }

    It 'returns nothing when the pipeline brings no flows' {
        @() | Get-FlowRun | Should -BeNullOrEmpty
    }

    It 'filters by tag, state and expected start' {
        $completed = Get-FlowRun -State Completed,Failed
        $completed.StateType | Sort-Object -Unique | Should -Be @('COMPLETED', 'FAILED')
        Get-FlowRun -Tag manual -State Scheduled -Since (Get-Date).AddHours(12) | Should -HaveCount 1
        Get-FlowRun -Tag manual -Before (Get-Date).AddDays(-1) | Should -BeNullOrEmpty
    }

    It 'validates -State case-insensitively and rejects other names' {
        { Get-FlowRun -State RUNNING } | Should -Not -Throw
        { Get-FlowRun -State Runing } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PrefectOps.Commands.GetFlowRunCommand'
    }

    It 'completes state names' {
        $c = TabExpansion2 -inputScript 'Get-FlowRun -State Ca' -cursorColumn 'Get-FlowRun -State Ca'.Length
        ($c.CompletionMatches.CompletionText | Sort-Object) | Should -Be @('Cancelled', 'Cancelling')
    }

    It 'reads runs by id, by value of -Id or by property name, and reports unknown ids' {
        $one = Get-FlowRun -State Running | Select-Object -First 1
        (Get-FlowRun -Id $one.Id).Id | Should -Be $one.Id
        ($one | Get-FlowRun).Id | Should -Be $one.Id
        $missing = [guid]::NewGuid()
        Get-FlowRun -Id $missing -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FlowRunNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'shows the table view' {
        (Get-FlowRun -State Running | Format-Table | Out-String) | Should -Match 'Name\s+Flow\s+State\s+Scheduled\s+Started'
    }
}
