#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
    # Imports the built module, isolates PREFECT_* settings, starts the sandbox with the demo estate and connects.
    $script:session = Start-PrefectTestSession
    $script:api = $session.ApiUrl
}

AfterAll { Stop-PrefectTestSession $session }

Describe 'Set-WorkQueue' {
    It 'sets the concurrency limit' {
        $out = Set-WorkQueue -Name bulk -WorkPool prod-pool -ConcurrencyLimit 3 -Confirm:$false -PassThru
        $out.ConcurrencyLimit | Should -Be 3
    }

    It 'clears it with $null' {
        Get-WorkQueue -Name bulk -WorkPool prod-pool | Set-WorkQueue -ConcurrencyLimit $null -Confirm:$false
        (Get-WorkQueue -Name bulk -WorkPool prod-pool).ConcurrencyLimit | Should -BeNullOrEmpty
    }

    It 'rejects a negative limit before any request' {
        { Set-WorkQueue -Name bulk -WorkPool prod-pool -ConcurrencyLimit -1 -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidConcurrencyLimit,PrefectOps.Commands.SetWorkQueueCommand'
    }

    It 'changes nothing with -WhatIf' {
        Set-WorkQueue -Name critical -WorkPool prod-pool -ConcurrencyLimit 1 -WhatIf
        (Get-WorkQueue -Name critical -WorkPool prod-pool).ConcurrencyLimit | Should -Be 5
    }
}
