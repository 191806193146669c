#Requires -Version 7.2
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

<#
    The DBA story through the cmdlets against real Prefect servers (../shared/prefect-server): 2.19.9 and 3.8.3 each.
    Every outcome is checked by reading the server with plain REST calls, not through PrefectOps. build.ps1 -Task Test
    starts both servers and passes their URLs (PREFECTOPS_PREFECT2_API_URL, PREFECTOPS_PREFECT3_API_URL); without them
    each block starts its own server through the kit and fails when it cannot. Each block seeds an estate of its own
    under a new prefix, so it does not depend on what else the server holds.
#>

BeforeDiscovery {
    $servers = @(@{ Version = '2'; Expected = '2.19.9' }, @{ Version = '3'; Expected = '3.8.3' })
}

Describe 'The DBA story on a real Prefect <Expected>' -Tag 'RealServer' -ForEach $servers {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
        Import-Module (Get-PrefectOpsModulePath) -Force
        $script:saved = Use-IsolatedPrefectEnvironment
        $script:own = $null
        $script:api = Get-RealPrefectUrl $Version
        if ($api) { Wait-RealPrefect $api } else { $script:own = Start-RealPrefect -Version $Version -Fresh; $script:api = $own.ApiUrl }

        function script:Api([string] $Method, [string] $Path, $Body = $null) { Invoke-RealPrefectApi $api $Method $Path $Body }
        function script:Deployment([guid] $Id) { Api GET "/deployments/$Id" }
        function script:IsPaused($d) { $null -ne $d.PSObject.Properties['paused'] ? [bool]$d.paused : -not [bool]$d.is_schedule_active }
        function script:RunsOf([guid] $DeploymentId, [string[]] $States) {
            $filter = @{ deployments = @{ id = @{ any_ = @("$DeploymentId") } }; limit = 200 }
            if ($States) { $filter.flow_runs = @{ state = @{ type = @{ any_ = $States } } } }
            @(Api POST '/flow_runs/filter' $filter)
        }
        function script:NewRun([guid] $DeploymentId, [string[]] $States) {
            # A manual run moved through the given states as its worker would report them.
            $run = Api POST "/deployments/$DeploymentId/create_flow_run" @{ tags = @("$p-manual") }
            foreach ($s in $States) { $null = Api POST "/flow_runs/$($run.id)/set_state" @{ state = @{ type = $s }; force = $true } }
            [guid]$run.id
        }
        function script:Stamp([datetime] $t) { $t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [cultureinfo]::InvariantCulture) }

        # The estate: a pool with two queues; three flows; prod flows on an hourly cron and a 30-minute interval, one
        # paused on purpose, one dev flow. The prefix keeps names apart from anything else on the server.
        $script:p = 'dba' + [guid]::NewGuid().ToString('N').Substring(0, 6)
        $script:pool = "$p-pool"
        $null = Api POST '/work_pools/' @{ name = $pool; type = 'process' }
        foreach ($q in 'critical', 'bulk') { $null = Api POST "/work_pools/$pool/queues" @{ name = "$p-$q" } }
        $flows = @{}
        foreach ($f in 'etl', 'backup', 'reports') { $flows[$f] = (Api POST '/flows/' @{ name = "$p-$f" }).id }
        function script:NewDeployment([string] $Flow, [string] $Name, [string[]] $Tags, $Schedule, [bool] $Paused = $false) {
            $body = @{ name = $Name; flow_id = $flows[$Flow]; tags = $Tags; paused = $Paused; work_pool_name = $pool; work_queue_name = "$p-critical" }
            if ($Schedule) { $body.schedules = @(@{ schedule = $Schedule; active = $true }) }
            Api POST '/deployments/' $body
        }
        $script:nightly = NewDeployment etl nightly @("$p-prod", "$p-nightly") @{ cron = '0 * * * *'; timezone = 'UTC' }
        $script:delta = NewDeployment etl delta @("$p-prod") @{ interval = 1800; anchor_date = '2026-01-01T00:00:00+00:00'; timezone = 'UTC' }
        $script:onPurpose = NewDeployment backup full @("$p-prod", "$p-nightly") @{ cron = '30 1 * * *'; timezone = 'Europe/Berlin' } -Paused $true
        $script:dev = NewDeployment reports daily @("$p-dev") @{ cron = '0 6 * * *'; timezone = 'America/New_York' }
        $script:prodIds = @($nightly.id, $delta.id, $onPurpose.id) | Sort-Object

        Connect-Prefect -ApiUrl $api
    }

    AfterAll {
        Disconnect-Prefect
        Stop-RealPrefect $own
        Restore-PrefectEnvironment $saved
    }

    It 'connects and names the server''s version' {
        (Connect-Prefect -ApiUrl $api -PassThru).ServerVersion | Should -Be $Expected
        Api GET '/admin/version' | Should -Be $Expected
    }

    It 'Get-FlowTag counts the flows of each tag as the server has them' {
        $tags = @(Get-FlowTag "$p-*")
        $tags.Name | Should -Be @("$p-dev", "$p-nightly", "$p-prod")
        foreach ($tag in $tags) {
            $onServer = @(Api POST '/deployments/filter' @{ deployments = @{ tags = @{ all_ = @($tag.Name) } } })
            $tag.FlowCount | Should -Be $onServer.Count
            $tag.PausedCount | Should -Be @($onServer | Where-Object { IsPaused $_ }).Count
            $tag.ActiveCount | Should -Be @($onServer | Where-Object { -not (IsPaused $_) }).Count
        }
    }

    It 'Get-Flow -Tag lists the flows the server has with that tag, named flow/deployment' {
        $listed = @(Get-Flow -Tag "$p-prod")
        ($listed.Id | ForEach-Object { "$_" } | Sort-Object) | Should -Be $prodIds
        ($listed | Where-Object Id -EQ $nightly.id).Name | Should -Be "$p-etl/nightly"
        ($listed | Where-Object Id -EQ $onPurpose.id).Status | Should -Be 'Paused'
        @(Get-Flow -Tag "$p-prod", "$p-nightly").Count | Should -Be 2
    }

    It 'Disable-FlowByTag pauses and marks the active flows, and leaves the one paused on purpose alone' {
        $until = (Get-Date).AddHours(2)
        Disable-FlowByTag -Tag "$p-prod" -Until $until -Reason 'CHG-1234 patching' -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue 6>$null
        foreach ($id in $nightly.id, $delta.id) {
            $d = Deployment $id
            IsPaused $d | Should -BeTrue
            $d.tags | Should -Contain 'MAINTENANCE'
            $d.tags | Should -Contain 'MAINTENANCE:reason=CHG-1234 patching'
            @($d.tags | Where-Object { $_ -like 'MAINTENANCE:until=*' }) | Should -HaveCount 1
        }
        $d = Deployment $onPurpose.id
        IsPaused $d | Should -BeTrue
        $d.tags | Should -Not -Contain 'MAINTENANCE'
        "$warned" | Should -Match 'full'
        IsPaused (Deployment $dev.id) | Should -BeFalse
    }

    It 'Get-Flow -InMaintenance shows the window the server holds' {
        $down = @(Get-Flow -InMaintenance | Where-Object { "$($_.Id)" -in $prodIds })
        ($down.Id | ForEach-Object { "$_" } | Sort-Object) | Should -Be (@($nightly.id, $delta.id) | Sort-Object)
        $down.MaintenanceReason | Sort-Object -Unique | Should -Be 'CHG-1234 patching'
    }

    It 'Enable-FlowByTag -Expired -CatchUp resumes, unmarks and creates the runs the window missed' {
        # As if the window had opened three hours ago and ended a minute ago (the tags are the window's record).
        $since = (Get-Date).AddHours(-3); $until = (Get-Date).AddMinutes(-1)
        foreach ($id in $nightly.id, $delta.id) {
            $tags = @((Deployment $id).tags | Where-Object { $_ -notlike 'MAINTENANCE:since=*' -and $_ -notlike 'MAINTENANCE:until=*' }) +
                "MAINTENANCE:since=$(Stamp $since)", "MAINTENANCE:until=$(Stamp $until)"
            $null = Api PATCH "/deployments/$id" @{ tags = $tags }
        }
        $out = @(Enable-FlowByTag -Expired -CatchUp -Confirm:$false -PassThru 6>$null | Where-Object { "$($_.Id)" -in $prodIds })
        $out | Should -HaveCount 2
        foreach ($id in $nightly.id, $delta.id) {
            $d = Deployment $id
            IsPaused $d | Should -BeFalse
            @($d.tags | Where-Object { $_ -like 'MAINTENANCE*' }) | Should -BeNullOrEmpty
        }
        IsPaused (Deployment $onPurpose.id) | Should -BeTrue
        # Hourly: 3 runs in the window; every 30 minutes: 6. Read from the server, by scheduled time inside the window.
        $inWindow = { param($id) @(RunsOf $id | Where-Object { $t = [datetime]$_.expected_start_time; $t -ge $since.AddSeconds(-1) -and $t -le (Get-Date) }) }
        (& $inWindow $nightly.id).Count | Should -Be 3
        (& $inWindow $delta.id).Count | Should -Be 6
        ($out | Where-Object Id -EQ $nightly.id).CaughtUpRuns | Should -Be 3
        $script:caughtUp = (& $inWindow $nightly.id).Count + (& $inWindow $delta.id).Count
        $script:window = $since
    }

    It 'a second window over the same hours catches up nothing twice' {
        Disable-FlowByTag -Id $nightly.id, $delta.id -Reason 'again' -Confirm:$false 6>$null
        foreach ($id in $nightly.id, $delta.id) {
            $tags = @((Deployment $id).tags | Where-Object { $_ -notlike 'MAINTENANCE:since=*' }) + "MAINTENANCE:since=$(Stamp $window)"
            $null = Api PATCH "/deployments/$id" @{ tags = $tags }
        }
        Enable-FlowByTag -Tag "$p-prod" -CatchUp -Confirm:$false 6>$null
        $now = Get-Date
        $count = 0
        foreach ($id in $nightly.id, $delta.id) {
            $count += @(RunsOf $id | Where-Object { $t = [datetime]$_.expected_start_time; $t -ge $window.AddSeconds(-1) -and $t -le $now }).Count
        }
        $count | Should -Be $caughtUp
    }

    It 'Get-FlowRun lists the runs of the tag''s flows as the server has them' {
        # The server's scheduler may add runs while we read (3.8.3 does, right after a resume): every run the server held
        # before the listing must be listed, and nothing it did not hold after.
        $scheduled = { @(RunsOf $nightly.id -States SCHEDULED) + @(RunsOf $onPurpose.id -States SCHEDULED) | ForEach-Object { "$($_.id)" } }
        $before = @(& $scheduled)
        $listed = @(Get-Flow -Tag "$p-nightly" | Get-FlowRun -State Scheduled)
        $after = @(& $scheduled)
        $listedIds = @($listed.Id | ForEach-Object { "$_" })
        $before | Should -Not -BeNullOrEmpty
        @($before | Where-Object { $_ -notin $listedIds }) | Should -BeNullOrEmpty -Because 'every scheduled run the server held is listed'
        @($listedIds | Where-Object { $_ -notin $after }) | Should -BeNullOrEmpty -Because 'nothing is listed that the server does not hold'
        $listed.DeploymentName | Sort-Object -Unique | Should -Be "$p-etl/nightly"
    }

    It 'Stop-FlowRun cancels a scheduled run at once and waits (-Wait) for the worker to end a running one' {
        $scheduled = NewRun $dev.id
        $running = NewRun $dev.id PENDING, RUNNING
        # The worker's part: once the run is Cancelling, it stops the infrastructure and reports Cancelled.
        $worker = Start-ThreadJob {
            param($api, $id)
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ([DateTime]::UtcNow -lt $deadline) {
                $state = try { (Invoke-RestMethod "$api/flow_runs/$id").state.type } catch { $null }
                if ($state -eq 'CANCELLING') {
                    $answer = Invoke-RestMethod -Method Post "$api/flow_runs/$id/set_state" -ContentType 'application/json' -Body '{"state":{"type":"CANCELLED","name":"Cancelled"}}' -SkipHttpErrorCheck -StatusCodeVariable code
                    if ($code -lt 300) { return }
                }
                Start-Sleep -Milliseconds 200
            }
        } -ArgumentList $api, $running
        try {
            $out = @(Get-FlowRun -Id $scheduled, $running | Stop-FlowRun -Wait -Timeout 00:01:00 -PollInterval 00:00:00.500 -Confirm:$false -PassThru)
        }
        finally { $worker | Wait-Job -Timeout 70 | Remove-Job -Force }
        ($out | Where-Object Id -EQ $running).StateType | Should -Be 'CANCELLED'
        (Api GET "/flow_runs/$running").state.type | Should -Be 'CANCELLED'
        (Api GET "/flow_runs/$scheduled").state.type | Should -Be 'CANCELLED'
    }

    Context 'a run that waits for input' {
        BeforeAll {
            function script:NewRunWaitingForInput {
                # What Prefect's pause_flow_run(wait_for_input=...) does: propose PAUSED with a pause key and the keyset
                # of its inputs, then store the schema the input must fit under keyset["schema"].
                $id = NewRun $dev.id PENDING, RUNNING
                $keyset = @{ description = 'paused-1-description'; response = 'paused-1-response'; schema = 'paused-1-schema' }
                $details = @{ pause_timeout = Stamp (Get-Date).AddHours(1); pause_reschedule = $false; pause_key = '1'; run_input_keyset = $keyset }
                $null = Api POST "/flow_runs/$id/set_state" @{ state = @{ type = 'PAUSED'; name = 'Paused'; state_details = $details } }
                $schema = @{ title = 'Approval'; type = 'object'; additionalProperties = $false; required = @('approved')
                    properties = @{ approved = @{ title = 'Approved'; type = 'boolean' }; ticket = @{ title = 'Ticket'; type = 'string' } } }
                $null = Api POST "/flow_runs/$id/input" @{ key = 'paused-1-schema'; value = ($schema | ConvertTo-Json -Depth 5 -Compress) }
                $id
            }
        }

        It 'Resume-FlowRun -RunInput resumes it and the server keeps the input as the flow''s answer' {
            $id = NewRunWaitingForInput
            Get-FlowRun -Id $id | Select-Object -ExpandProperty StateType | Should -Be 'PAUSED'
            $out = Resume-FlowRun -Id $id -RunInput @{ approved = $true; ticket = 'CHG-1234' } -PassThru
            $out.StateType | Should -Be 'RUNNING'
            (Api GET "/flow_runs/$id").state.type | Should -Be 'RUNNING'
            # GET /flow_runs/{id}/input/{key} answers the stored JSON itself.
            $stored = Api GET "/flow_runs/$id/input/paused-1-response"
            $stored.approved | Should -BeTrue
            $stored.ticket | Should -Be 'CHG-1234'
        }

        It 'input that does not fit the schema is FlowRunResumeRejected with the server''s reason, and the run stays paused' {
            $id = NewRunWaitingForInput
            Resume-FlowRun -Id $id -RunInput @{ ticket = 'CHG-1234' } -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'FlowRunResumeRejected,*'
            $err[0].Exception.Message | Should -Match 'approved'
            (Api GET "/flow_runs/$id").state.type | Should -Be 'PAUSED'
        }
    }

    Context 'work queues' {
        It 'Get-WorkQueue lists the pool''s queues as the server has them' {
            $listed = @(Get-WorkQueue -WorkPool $pool)
            $onServer = @(Api POST "/work_pools/$pool/queues/filter" @{})
            ($listed.Name | Sort-Object) | Should -Be ($onServer.name | Sort-Object)
            ($listed.Name | Sort-Object) | Should -Contain "$p-critical"
        }

        It 'Suspend-WorkQueue and Resume-WorkQueue pause and resume the queue on the server' {
            Suspend-WorkQueue -Name "$p-critical" -WorkPool $pool -Confirm:$false
            (Api GET "/work_pools/$pool/queues/$p-critical").is_paused | Should -BeTrue
            (Api GET "/work_pools/$pool/queues/$p-bulk").is_paused | Should -BeFalse
            Get-WorkQueue -Name "$p-*" -WorkPool $pool | Resume-WorkQueue -Confirm:$false
            (Api GET "/work_pools/$pool/queues/$p-critical").is_paused | Should -BeFalse
        }

        It 'Set-WorkQueue sets and clears the concurrency limit on the server' {
            Set-WorkQueue -Name "$p-bulk" -WorkPool $pool -ConcurrencyLimit 2 -Confirm:$false
            (Api GET "/work_pools/$pool/queues/$p-bulk").concurrency_limit | Should -Be 2
            Set-WorkQueue -Name "$p-bulk" -WorkPool $pool -ConcurrencyLimit $null -Confirm:$false
            (Api GET "/work_pools/$pool/queues/$p-bulk").concurrency_limit | Should -BeNullOrEmpty
        }

        It 'a queue name that the pool does not have is WorkQueueNotFound' {
            Suspend-WorkQueue -Name "$p-nope" -WorkPool $pool -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'WorkQueueNotFound,*'
        }
    }

    It 'offers the server''s tags and flow names on TAB' {
        Connect-Prefect -ApiUrl $api
        $line = "Get-Flow -Tag $p-pr"
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) | Should -Be @("$p-prod")
        $line = "Get-Flow -Name $p-etl/n"
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) | Should -Be @("$p-etl/nightly")
    }
}
