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

Describe 'Get-FlowRun' {
    It 'lists the runs of flows piped from Get-Flow, by state' {
        $runs = Get-Flow -Name 'etl-warehouse/nightly-load' | Get-FlowRun -State running
        $runs | Should -Not -BeNullOrEmpty
        $runs | ForEach-Object { $_ | Should -BeOfType ([PrefectOps.FlowRun]); $_.StateType | Should -Be 'RUNNING' }
        $runs[0].DeploymentName | Should -Be 'etl-warehouse/nightly-load'
    }

    It 'returns nothing when the pipeline brings no flows' {
        @() | Get-FlowRun | Should -BeNullOrEmpty
    }

    It 'filters by tag, state and expected start' {
        $completed = Get-FlowRun -State Completed,Failed
        $completed.StateType | Sort-Object -Unique | Should -Be @('COMPLETED', 'FAILED')
        Get-FlowRun -Tag manual -State Scheduled -Since (Get-Date).AddHours(12) | Should -HaveCount 1
        Get-FlowRun -Tag manual -Before (Get-Date).AddDays(-1) | Should -BeNullOrEmpty
    }

    It 'validates -State case-insensitively and rejects other names' {
        { Get-FlowRun -State RUNNING } | Should -Not -Throw
        { Get-FlowRun -State Runing } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PrefectOps.Commands.GetFlowRunCommand'
    }

    It 'completes state names' {
        $c = TabExpansion2 -inputScript 'Get-FlowRun -State Ca' -cursorColumn 'Get-FlowRun -State Ca'.Length
        $c.CompletionMatches.CompletionText | Should -Be @('Cancelling', 'Cancelled')
    }

    It 'reads runs by id, by value of -Id or by property name, and reports unknown ids' {
        $one = Get-FlowRun -State Running | Select-Object -First 1
        (Get-FlowRun -Id $one.Id).Id | Should -Be $one.Id
        ($one | Get-FlowRun).Id | Should -Be $one.Id
        $missing = [guid]::NewGuid()
        Get-FlowRun -Id $missing -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FlowRunNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'shows the table view' {
        (Get-FlowRun -State Running | Format-Table | Out-String) | Should -Match 'Scheduled \(UTC\)'
    }
}
