#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
    # Imports the built module, isolates PREFECT_* settings, starts the sandbox with the demo estate and connects.
    $script:session = Start-PrefectTestSession
    $script:api = $session.ApiUrl
}

AfterAll { Stop-PrefectTestSession $session }

Describe 'Stop-FlowRun' {
    It 'moves a running run to Cancelling and a scheduled one to Cancelled' {
        $running = New-PrefectTestRun $api -States PENDING, RUNNING
        $scheduled = New-PrefectTestRun $api
        $out = Get-FlowRun -Id $running, $scheduled | Stop-FlowRun -Confirm:$false -PassThru
        ($out | Where-Object Id -EQ $running).StateType | Should -Be 'CANCELLING'
        ($out | Where-Object Id -EQ $scheduled).StateType | Should -Be 'CANCELLED'
        Get-PrefectRunState $api $running | Should -Be 'CANCELLING'
        Get-PrefectRunState $api $scheduled | Should -Be 'CANCELLED'
    }

    It 'warns about a run that has ended, without an error' {
        $done = New-PrefectTestRun $api -States RUNNING, COMPLETED
        Stop-FlowRun -Id $done -Confirm:$false -WarningVariable warn -ErrorVariable err -WarningAction SilentlyContinue
        $warn | Should -HaveCount 1
        $err | Should -BeNullOrEmpty
        Get-PrefectRunState $api $done | Should -Be 'COMPLETED'
    }

    It 'writes FlowRunNotFound for an unknown id and goes on with the others' {
        $run = New-PrefectTestRun $api
        Stop-FlowRun -Id ([guid]::NewGuid()), $run -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FlowRunNotFound,*'
        Get-PrefectRunState $api $run | Should -Be 'CANCELLED'
    }

    It 'changes nothing with -WhatIf' {
        $run = New-PrefectTestRun $api -States PENDING, RUNNING
        Stop-FlowRun -Id $run -WhatIf
        Get-PrefectRunState $api $run | Should -Be 'RUNNING'
    }

    It 'has ConfirmImpact High' {
        $meta = [System.Management.Automation.CommandMetadata]::new((Get-Command Stop-FlowRun))
        $meta.ConfirmImpact | Should -Be 'High'
    }

    It 'times out with -Wait when no worker finishes the cancellation, naming the run' {
        $run = New-PrefectTestRun $api -States PENDING, RUNNING
        Stop-FlowRun -Id $run -Confirm:$false -Wait -Timeout 00:00:01 -PollInterval 00:00:00.200 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FlowRunWaitTimedOut,*'
        $err[0].Exception.Message | Should -Match $run
    }

    It 'returns with -Wait as soon as the worker reports Cancelled' {
        $run = New-PrefectTestRun $api -States PENDING, RUNNING
        $job = Start-ThreadJob { param($api, $id)
            # The worker's part: report Cancelled once the run is Cancelling.
            for ($i = 0; $i -lt 100; $i++) {
                if ((Invoke-RestMethod "$api/flow_runs/$id").state.type -eq 'CANCELLING') {
                    Invoke-RestMethod -Method Post "$api/flow_runs/$id/set_state" -ContentType 'application/json' -Body '{"state":{"type":"CANCELLED"}}' | Out-Null
                    return
                }
                Start-Sleep -Milliseconds 100
            }
        } -ArgumentList $api, $run
        $out = Stop-FlowRun -Id $run -Confirm:$false -Wait -Timeout 00:00:30 -PollInterval 00:00:00.200 -PassThru
        $job | Wait-Job | Remove-Job
        $out.StateType | Should -Be 'CANCELLED'
    }
}
