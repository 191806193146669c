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
