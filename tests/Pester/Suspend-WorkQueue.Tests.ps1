#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
    # Imports the built module, isolates PREFECT_* settings, starts the sandbox with the demo estate and connects.
    $script:session = Start-PrefectTestSession
    $script:api = $session.ApiUrl
}

AfterAll { Stop-PrefectTestSession $session }

Describe 'Suspend-WorkQueue' {
    BeforeEach {
        # Every test starts from running queues.
        Get-WorkQueue | Resume-WorkQueue -Confirm:$false -InformationAction Ignore
    }

    It 'pauses queues piped from Get-WorkQueue and keeps their runs' {
        # The demo's manual run of adhoc-report waits in prod-pool/bulk.
        $waiting = Get-FlowRun -Tag manual -State Scheduled
        $out = Get-WorkQueue -Name 'crit*', 'bulk' -WorkPool prod-pool | Suspend-WorkQueue -Confirm:$false -PassThru
        $out | Should -HaveCount 2
        $out.IsPaused | Sort-Object -Unique | Should -Be $true
        $out.Status | Sort-Object -Unique | Should -Be 'PAUSED'
        (Get-FlowRun -Id $waiting.Id).StateType | Should -Be 'SCHEDULED'
    }

    It 'pauses by -Name and -WorkPool' {
        Suspend-WorkQueue -Name sandbox -WorkPool dev-pool -Confirm:$false
        (Get-WorkQueue -Name sandbox -WorkPool dev-pool).IsPaused | Should -BeTrue
    }

    It 'writes an error for a name that matches nothing, in the default pool without -WorkPool' {
        Suspend-WorkQueue -Name sandbox -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'WorkQueueNotFound,*'
        $err[0].Exception.Message | Should -Match 'default work pool'
    }

    It 'pauses every queue a wildcard matches in -WorkPool, and says so when it matches none' {
        Suspend-WorkQueue -Name 'crit*' -WorkPool prod-pool -Confirm:$false
        (Get-WorkQueue -Name critical -WorkPool prod-pool).IsPaused | Should -BeTrue
        (Get-WorkQueue -Name bulk -WorkPool prod-pool).IsPaused | Should -BeFalse
        Resume-WorkQueue -Name 'crit*' -WorkPool prod-pool -Confirm:$false
        Suspend-WorkQueue -Name 'nothing-*' -WorkPool prod-pool -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'WorkQueueNotFound,*'
    }

    It 'changes nothing with -WhatIf' {
        Resume-WorkQueue -Name sandbox -WorkPool dev-pool -Confirm:$false
        Suspend-WorkQueue -Name sandbox -WorkPool dev-pool -WhatIf
        (Get-WorkQueue -Name sandbox -WorkPool dev-pool).IsPaused | Should -BeFalse
    }
}
