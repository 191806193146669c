#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
    # Imports the built module, isolates PREFECT_* settings, starts the sandbox with the demo estate and connects.
    $script:session = Start-PrefectTestSession
    $script:api = $session.ApiUrl
}

AfterAll { Stop-PrefectTestSession $session }

Describe 'Get-WorkQueue' {
    It 'lists the queues of every pool' {
        $all = Get-WorkQueue
        $all | ForEach-Object { $_ | Should -BeOfType ([PrefectOps.WorkQueue]) }
        $all.WorkPool | Sort-Object -Unique | Should -Contain 'prod-pool'
        $all.WorkPool | Sort-Object -Unique | Should -Contain 'dev-pool'
    }

    It 'matches names with wildcards and limits to one pool' {
        $q = Get-WorkQueue -Name 'CRIT*' -WorkPool prod-pool
        $q | Should -HaveCount 1
        $q.Name | Should -Be 'critical'
        $q.ConcurrencyLimit | Should -Be 5
        $q.LateRuns | Should -Not -BeNullOrEmpty
    }

    It 'writes WorkQueueNotFound for an exact name that matches nothing, not for a wildcard' {
        Get-WorkQueue -Name 'no-such-queue', 'no-such-*' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'WorkQueueNotFound,*'
    }

    It 'ends with WorkPoolNotFound for an unknown pool' {
        { Get-WorkQueue -WorkPool no-such-pool -ErrorAction Stop } | Should -Throw -ErrorId 'WorkPoolNotFound,PrefectOps.Commands.GetWorkQueueCommand'
    }

    It 'shows the table view' {
        (Get-WorkQueue | Format-Table | Out-String) | Should -Match 'LateRuns'
    }
}
