#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/PrefectOps/PrefectOps.psd1') -Force
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $script:sandbox = Start-Process dotnet -ArgumentList @('run', '--project', (Join-Path $root 'tests/PrefectOps.Sandbox'), '--',
        '--prefect-version', '2', '--port', $port, '--seed', 'demo') -PassThru -WindowStyle Hidden
    $script:api = "http://127.0.0.1:$port/api"
    $deadline = (Get-Date).AddSeconds(90)
    while ($true) {
        try { if (Invoke-RestMethod "$api/health" -TimeoutSec 2) { break } } catch { }
        if ((Get-Date) -gt $deadline) { throw "The sandbox did not answer at $api/health." }
        Start-Sleep -Milliseconds 250
    }
    # Seeding helpers: the sandbox is a Prefect REST server, so plain REST calls play the flow's and the worker's part.
    function script:Invoke-Api([string] $Method, [string] $Path, $Body = $null) {
        $params = @{ Method = $Method; Uri = "$api$Path"; ContentType = 'application/json' }
        if ($null -ne $Body) { $params.Body = ($Body | ConvertTo-Json -Depth 10 -Compress) }
        Invoke-RestMethod @params
    }
    function script:New-TestRun([string[]] $States = @()) {
        $deployment = (Invoke-Api POST '/deployments/filter' @{ deployments = @{ name = @{ any_ = @('adhoc-report') } } })[0]
        $run = Invoke-Api POST "/deployments/$($deployment.id)/create_flow_run" @{}
        foreach ($s in $States) { $null = Invoke-Api POST "/flow_runs/$($run.id)/set_state" @{ state = @{ type = $s } } }
        [guid] $run.id
    }
    function script:Get-ServerState([guid] $Id) { (Invoke-Api GET "/flow_runs/$Id").state.type }
    Connect-Prefect -ApiUrl $api
}

AfterAll {
    Disconnect-Prefect
    # dotnet run starts the server as a child process: end the whole tree we started.
    if ($script:sandbox -and -not $script:sandbox.HasExited) { $script:sandbox.Kill($true) }
}

Describe 'Stop-FlowRun' {
    It 'moves a running run to Cancelling and a scheduled one to Cancelled' {
        $running = New-TestRun -States PENDING, RUNNING
        $scheduled = New-TestRun
        $out = Get-FlowRun -Id $running, $scheduled | Stop-FlowRun -Confirm:$false -PassThru
        ($out | Where-Object Id -EQ $running).StateType | Should -Be 'CANCELLING'
        ($out | Where-Object Id -EQ $scheduled).StateType | Should -Be 'CANCELLED'
        Get-ServerState $running | Should -Be 'CANCELLING'
        Get-ServerState $scheduled | Should -Be 'CANCELLED'
    }

    It 'warns about a run that has ended, without an error' {
        $done = New-TestRun -States RUNNING, COMPLETED
        Stop-FlowRun -Id $done -Confirm:$false -WarningVariable warn -ErrorVariable err -WarningAction SilentlyContinue
        $warn | Should -HaveCount 1
        $err | Should -BeNullOrEmpty
        Get-ServerState $done | Should -Be 'COMPLETED'
    }

    It 'writes FlowRunNotFound for an unknown id and goes on with the others' {
        $run = New-TestRun
        Stop-FlowRun -Id ([guid]::NewGuid()), $run -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FlowRunNotFound,*'
        Get-ServerState $run | Should -Be 'CANCELLED'
    }

    It 'changes nothing with -WhatIf' {
        $run = New-TestRun -States PENDING, RUNNING
        Stop-FlowRun -Id $run -WhatIf
        Get-ServerState $run | Should -Be 'RUNNING'
    }

    It 'has ConfirmImpact High' {
        $meta = [System.Management.Automation.CommandMetadata]::new((Get-Command Stop-FlowRun))
        $meta.ConfirmImpact | Should -Be 'High'
    }

    It 'times out with -Wait when no worker finishes the cancellation, naming the run' {
        $run = New-TestRun -States PENDING, RUNNING
        Stop-FlowRun -Id $run -Confirm:$false -Wait -Timeout 00:00:01 -PollInterval 00:00:00.200 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FlowRunWaitTimedOut,*'
        $err[0].Exception.Message | Should -Match $run
    }

    It 'returns with -Wait as soon as the worker reports Cancelled' {
        $run = New-TestRun -States PENDING, RUNNING
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
