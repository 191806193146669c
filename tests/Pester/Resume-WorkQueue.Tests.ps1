#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
    # Imports the built module, isolates PREFECT_* settings, starts the sandbox with the demo estate and connects.
    $script:session = Start-PrefectTestSession
    $script:api = $session.ApiUrl
}

AfterAll { Stop-PrefectTestSession $session }

Describe 'Resume-WorkQueue' {
    BeforeEach { Get-WorkQueue -WorkPool prod-pool | Suspend-WorkQueue -Confirm:$false }

    It 'resumes by -Name and -WorkPool' {
        $out = Resume-WorkQueue -Name critical -WorkPool prod-pool -Confirm:$false -PassThru
        $out.IsPaused | Should -BeFalse
        $out.Status | Should -Not -Be 'PAUSED'
        (Get-WorkQueue -Name bulk -WorkPool prod-pool).IsPaused | Should -BeTrue
    }

    It 'resumes queues piped from Get-WorkQueue' {
        Get-WorkQueue -WorkPool prod-pool | Resume-WorkQueue -Confirm:$false
        (Get-WorkQueue -WorkPool prod-pool).IsPaused | Sort-Object -Unique | Should -Be $false
    }

    It 'binds Name and WorkPool by property name' {
        [pscustomobject]@{ Name = 'bulk'; WorkPool = 'prod-pool' } | Resume-WorkQueue -Confirm:$false
        (Get-WorkQueue -Name bulk -WorkPool prod-pool).IsPaused | Should -BeFalse
    }

    It 'writes WorkQueueNotFound for an unknown queue' {
        Resume-WorkQueue -Name nope -WorkPool prod-pool -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'WorkQueueNotFound,*'
    }
}
