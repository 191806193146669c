#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
    # Imports the built module, isolates PREFECT_* settings, starts the sandbox with the demo estate and connects.
    $script:session = Start-PrefectTestSession
    $script:api = $session.ApiUrl
}

AfterAll { Stop-PrefectTestSession $session }

Describe 'Resume-FlowRun' {
    BeforeAll {
        function script:New-PausedRun([datetime] $Timeout = (Get-Date).AddHours(1)) {
            $id = New-PrefectTestRun $api -States PENDING, RUNNING
            $null = Invoke-PrefectApi $api POST "/flow_runs/$id/set_state" @{ state = @{ type = 'PAUSED'; state_details = @{ pause_timeout = $Timeout.ToUniversalTime().ToString('o') } } }
            $id
        }
    }

    It 'resumes paused runs from the pipeline' {
        $a = New-PausedRun; $b = New-PausedRun
        $out = Get-FlowRun -Id $a, $b | Resume-FlowRun -PassThru -RunInput @{ approved = $true; tag = 'server-prod' }
        $out | Should -HaveCount 2
        $out.StateType | Sort-Object -Unique | Should -Be 'RUNNING'
    }

    It 'says FlowRunNotPaused for a run that is not paused' {
        $run = New-PrefectTestRun $api -States PENDING, RUNNING
        Resume-FlowRun -Id $run -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FlowRunNotPaused,*'
    }

    It 'says FlowRunNotFound for an unknown id' {
        Resume-FlowRun -Id ([guid]::NewGuid()) -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FlowRunNotFound,*'
    }

    It 'says FlowRunPauseTimedOut when the pause has expired' {
        # A pause whose timeout has passed already (the server takes it as given), so no test waits for one to pass.
        $run = New-PausedRun -Timeout (Get-Date).AddMinutes(-1)
        Resume-FlowRun -Id $run -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FlowRunPauseTimedOut,*'
        Get-PrefectRunState $api $run | Should -Be 'FAILED'
    }

    It 'changes nothing with -WhatIf' {
        $run = New-PausedRun
        Resume-FlowRun -Id $run -WhatIf
        Get-PrefectRunState $api $run | Should -Be 'PAUSED'
    }
}
