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
