#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
<#
    The commands on Prefect 1 (GraphQL), where they differ from REST: flows are flow groups, the marker is a label,
    the window lives in the group's description, catch-up uses create_flow_run, runs resume through their paused task
    runs, -RunInput and work queues are refused. Starts the Node Prefect 1 sandbox (tests/graphql-sandbox, demo seed:
    nightly-index-maintenance, hourly-etl and adhoc-export carry the tag db-maint).
#>

BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/PrefectOps/PrefectOps.psd1') -Force
    $sandboxDir = Join-Path $root 'tests/graphql-sandbox'
    if (-not (Test-Path (Join-Path $sandboxDir 'node_modules/graphql'))) {
        Push-Location $sandboxDir
        try { npm ci --no-audit --no-fund | Out-Null } finally { Pop-Location }
    }
    $psi = [System.Diagnostics.ProcessStartInfo]::new('node')
    foreach ($a in @((Join-Path $sandboxDir 'server.js'), '--port', '0', '--seed', 'demo')) { $psi.ArgumentList.Add($a) }
    $psi.WorkingDirectory = $sandboxDir
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardInput = $true   # the server exits when its stdin closes
    $psi.UseShellExecute = $false
    $script:node = [System.Diagnostics.Process]::Start($psi)
    $line = $script:node.StandardOutput.ReadLine()
    if ($line -notlike 'LISTENING *') { throw "The Prefect 1 sandbox did not start: $line" }
    $script:graphql = $line.Substring('LISTENING '.Length).Trim()
    $script:root = $script:graphql -replace '/graphql$', ''

    function script:Invoke-GraphQL([string] $Query, [hashtable] $Variables = @{}) {
        $body = @{ query = $Query; variables = $Variables } | ConvertTo-Json -Depth 10 -Compress
        (Invoke-RestMethod -Method Post -Uri $script:graphql -ContentType 'application/json' -Body $body).data
    }
    function script:Get-Group([string] $FlowName) {
        (Invoke-GraphQL 'query($n: String!) { flow(where: {name: {_eq: $n}, archived: {_eq: false}}) { is_schedule_active flow_group { id labels description } } }' @{ n = $FlowName }).flow[0]
    }
    Connect-Prefect -ApiUrl $script:root
}

AfterAll {
    Disconnect-Prefect
    if ($script:node -and -not $script:node.HasExited) {
        $script:node.StandardInput.Close()
        if (-not $script:node.WaitForExit(3000)) { $script:node.Kill($true) }
    }
}

Describe 'Prefect 1' {
    It 'is recognised by -Backend Auto at the root URL and at /graphql' {
        (Connect-Prefect -ApiUrl $script:root -PassThru).BackendKind | Should -Be 'GraphQL'
        (Connect-Prefect -ApiUrl $script:graphql -PassThru).BackendKind | Should -Be 'GraphQL'
    }

    It 'counts task tags per flow group with Get-FlowTag' {
        $tag = Get-FlowTag -Name 'db-maint'
        $tag.FlowCount | Should -Be 3
    }

    It 'shows the flow name and the clocks in Get-Flow' {
        $flow = Get-Flow -Name 'nightly-index-maintenance'
        $flow.Schedule | Should -Be 'cron 0 2 * * * (Europe/Berlin)'
        $flow.Tags | Should -Be @('db-maint', 'sqlserver')
    }

    It 'disables by tag with a label and a description block, and enables back exactly' {
        $before = Get-Group 'nightly-index-maintenance'
        Disable-FlowByTag -Tag 'db-maint' -Until (Get-Date).AddHours(2) -Reason 'CHG-42 patching' -Confirm:$false 6>$null
        $during = Get-Group 'nightly-index-maintenance'
        $during.is_schedule_active | Should -BeFalse
        $during.flow_group.labels | Should -Be @('prod', 'sql01', 'MAINTENANCE')
        $during.flow_group.description | Should -BeLike 'Rebuilds indexes every night.*<!-- prefectops:maintenance*CHG-42 patching*'
        (Get-Flow -InMaintenance -Name 'nightly-index-maintenance').MaintenanceReason | Should -Be 'CHG-42 patching'

        Enable-FlowByTag -Tag 'db-maint' -CatchUp -Confirm:$false 6>$null
        $after = Get-Group 'nightly-index-maintenance'
        $after.is_schedule_active | Should -BeTrue
        $after.flow_group.labels | Should -Be $before.flow_group.labels
        $after.flow_group.description | Should -Be $before.flow_group.description
        (Get-Group 'hourly-etl').flow_group.labels | Should -BeNullOrEmpty
    }

    It 'refuses -RunInput with one terminating error before touching any run' {
        { Get-FlowRun -State Paused | Resume-FlowRun -RunInput @{ approved = $true } -Confirm:$false } |
            Should -Throw -ErrorId 'RunInputNotSupported,PrefectOps.Commands.ResumeFlowRunCommand'
        (Get-FlowRun -State Paused).Name | Should -Contain 'export-awaiting-approval'
    }

    It 'resumes a run by resuming its paused task runs' {
        $run = Get-FlowRun -State Paused | Where-Object Name -eq 'export-awaiting-approval'
        ($run | Resume-FlowRun -PassThru -Confirm:$false).State | Should -Be 'Running'
        (Get-FlowRun -Id $run.Id).State | Should -Be 'Running'
    }

    It 'cancels a running run to Cancelling' {
        $run = Get-FlowRun -State Running | Where-Object Name -eq 'export-awaiting-approval'
        ($run | Stop-FlowRun -PassThru -Confirm:$false 6>$null).State | Should -Be 'Cancelling'
    }

    It 'refuses the work-queue commands with one clear error naming Prefect 1' {
        $failure = { Get-WorkQueue } | Should -Throw -ErrorId 'WorkQueuesNotSupported,PrefectOps.Commands.GetWorkQueueCommand' -PassThru
        $failure.Exception.Message | Should -BeLike '*Prefect 1*'
        { Suspend-WorkQueue -Name 'default', 'other' -Confirm:$false } |
            Should -Throw -ErrorId 'WorkQueuesNotSupported,PrefectOps.Commands.SuspendWorkQueueCommand'
        { Set-WorkQueue -Name 'default' -ConcurrencyLimit 1 -Confirm:$false } |
            Should -Throw -ErrorId 'WorkQueuesNotSupported,PrefectOps.Commands.SetWorkQueueCommand'
    }
}
