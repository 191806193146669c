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

Describe 'Resume-FlowRun' {
    BeforeAll {
        function script:New-PausedRun([datetime] $Timeout = (Get-Date).AddHours(1)) {
            $id = New-TestRun -States PENDING, RUNNING
            $null = Invoke-Api POST "/flow_runs/$id/set_state" @{ state = @{ type = 'PAUSED'; state_details = @{ pause_timeout = $Timeout.ToUniversalTime().ToString('o') } } }
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
        $run = New-TestRun -States PENDING, RUNNING
        Resume-FlowRun -Id $run -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FlowRunNotPaused,*'
    }

    It 'says FlowRunNotFound for an unknown id' {
        Resume-FlowRun -Id ([guid]::NewGuid()) -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FlowRunNotFound,*'
    }

    It 'says FlowRunPauseTimedOut when the pause has expired' {
        $run = New-PausedRun -Timeout (Get-Date).AddSeconds(1)
        Start-Sleep -Seconds 2
        Resume-FlowRun -Id $run -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FlowRunPauseTimedOut,*'
        Get-ServerState $run | Should -Be 'FAILED'
    }

    It 'changes nothing with -WhatIf' {
        $run = New-PausedRun
        Resume-FlowRun -Id $run -WhatIf
        Get-ServerState $run | Should -Be 'PAUSED'
    }
}
