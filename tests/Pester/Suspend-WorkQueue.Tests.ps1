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

Describe 'Suspend-WorkQueue' {
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
