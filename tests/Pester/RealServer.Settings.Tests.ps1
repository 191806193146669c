#Requires -Version 7.2
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

<#
    The DBA story against a real Prefect 3.8.3 (../shared/prefect-server) started with PREFECT_SERVER_API_AUTH_STRING and
    PREFECT_SERVER_CSRF_PROTECTION_ENABLED=true, with PrefectOps' settings taken from the environment, from a profile and
    from Connect-Prefect's parameters. Without the kit the tests fail. PREFECTOPS_REAL_SERVERS=0 leaves them out
    altogether (they are then not even discovered); the runner can also exclude the tag RealServer.
    PREFECTOPS_REAL_SERVER_PORT picks the port (default: a free one).
#>
if ($env:PREFECTOPS_REAL_SERVERS -ne '0') {
Describe 'Prefect client settings against a real Prefect 3.8.3 with an auth string and CSRF protection' -Tag 'RealServer' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
        Import-Module (Get-PrefectOpsModulePath) -Force
        $script:saved = Use-IsolatedPrefectEnvironment
        $script:user = 'dba'
        $script:password = 'Maint3nance-Secret'
        $script:auth = "${user}:$password"
        $script:server = Start-RealPrefect -Version 3 -ServerEnvironment @{
            PREFECT_SERVER_API_AUTH_STRING = $auth; PREFECT_SERVER_CSRF_PROTECTION_ENABLED = 'true' }
        $script:api = $server.ApiUrl

        function script:Invoke-Api([string] $Method, [string] $Path, $Body = $null) {
            Invoke-PrefectApi $api $Method $Path $Body -AuthString $auth -Csrf
        }

        function script:New-Estate([string] $Tag) {
            # Two flows on a 10-minute cron with the tag, a work pool with a queue, and a run to cancel and one to resume.
            # The kit keeps its database between runs: the names are new each time.
            $deployments = foreach ($i in 1..2) {
                $flow = Invoke-Api POST '/flows/' @{ name = "$Tag-flow-$i" }
                Invoke-Api POST '/deployments/' @{ name = "$Tag-nightly"; flow_id = $flow.id; tags = @($Tag)
                    schedules = @(@{ schedule = @{ cron = '*/10 * * * *'; timezone = 'UTC' }; active = $true }) }
            }
            $pool = "$Tag-pool"
            $null = Invoke-Api POST '/work_pools/' @{ name = $pool; type = 'process' }
            $null = Invoke-Api POST "/work_pools/$pool/queues" @{ name = 'critical' } # "queues/" redirects, and a redirect drops Authorization
            $toCancel = Invoke-Api POST "/deployments/$($deployments[0].id)/create_flow_run" @{ state = @{ type = 'SCHEDULED' } }
            $toResume = Invoke-Api POST "/deployments/$($deployments[1].id)/create_flow_run" @{}
            foreach ($type in 'PENDING', 'RUNNING') { $null = Invoke-Api POST "/flow_runs/$($toResume.id)/set_state" @{ state = @{ type = $type }; force = $true } }
            $null = Invoke-Api POST "/flow_runs/$($toResume.id)/set_state" @{ force = $true
                state = @{ type = 'PAUSED'; state_details = @{ pause_timeout = (Get-Date).ToUniversalTime().AddHours(1).ToString('o') } } }
            [pscustomobject]@{ Deployments = $deployments; Pool = $pool; ToCancel = [guid]$toCancel.id; ToResume = [guid]$toResume.id }
        }

        function script:Invoke-DbaStory([string] $Story) {
            $Tag = "$Story-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
            $estate = New-Estate $Tag
            (Get-FlowTag -Name $Tag).FlowCount | Should -Be 2
            @(Get-Flow -Tag $Tag).Status | Sort-Object -Unique | Should -Be 'Active'

            Disable-FlowByTag -Tag $Tag -Confirm:$false -InformationAction Ignore
            @(Get-Flow -Tag $Tag).Status | Sort-Object -Unique | Should -Be 'Maintenance'

            # The window opened an hour ago: six 10-minute slots were missed, and -CatchUp schedules them.
            $since = (Get-Date).ToUniversalTime().AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")
            foreach ($d in $estate.Deployments) {
                $tags = @((Invoke-Api GET "/deployments/$($d.id)").tags | Where-Object { $_ -notlike 'MAINTENANCE:since=*' }) + "MAINTENANCE:since=$since"
                $null = Invoke-Api PATCH "/deployments/$($d.id)" @{ tags = $tags }
            }
            $enabled = Enable-FlowByTag -Tag $Tag -CatchUp -Confirm:$false -PassThru -InformationAction Ignore
            @($enabled).Status | Sort-Object -Unique | Should -Be 'Active'
            foreach ($flow in $enabled) { $flow.CaughtUpRuns | Should -BeGreaterOrEqual 5 }

            Stop-FlowRun -Id $estate.ToCancel -Confirm:$false -InformationAction Ignore
            (Invoke-Api GET "/flow_runs/$($estate.ToCancel)").state.type | Should -Be 'CANCELLED'
            Resume-FlowRun -Id $estate.ToResume -Confirm:$false -InformationAction Ignore
            (Invoke-Api GET "/flow_runs/$($estate.ToResume)").state.type | Should -Be 'RUNNING'

            Suspend-WorkQueue -Name critical -WorkPool $estate.Pool -Confirm:$false -InformationAction Ignore
            (Get-WorkQueue -Name critical -WorkPool $estate.Pool).IsPaused | Should -BeTrue
            Resume-WorkQueue -Name critical -WorkPool $estate.Pool -Confirm:$false -InformationAction Ignore
            (Get-WorkQueue -Name critical -WorkPool $estate.Pool).IsPaused | Should -BeFalse
        }
    }

    AfterAll {
        Disconnect-Prefect
        Stop-RealPrefect $server
        Restore-PrefectEnvironment $saved
    }

    AfterEach {
        Disconnect-Prefect
        foreach ($name in 'PREFECT_API_URL', 'PREFECT_API_AUTH_STRING', 'PREFECT_PROFILE') { [Environment]::SetEnvironmentVariable($name, $null) }
        Remove-Item -LiteralPath (Join-Path $env:PREFECT_HOME 'profiles.toml') -ErrorAction SilentlyContinue
    }

    It 'runs the whole story with the URL and auth string from the environment' {
        $env:PREFECT_API_URL = $api
        $env:PREFECT_API_AUTH_STRING = $auth
        $connection = Connect-Prefect -PassThru
        $connection.HasAuthString | Should -BeTrue
        ($connection.Settings | Where-Object Name -eq 'PREFECT_API_AUTH_STRING').From | Should -Be 'environment'
        Invoke-DbaStory 'env-story'
    }

    It 'runs the whole story with the settings of the active profile, without Connect-Prefect' {
        Set-Content -LiteralPath (Join-Path $env:PREFECT_HOME 'profiles.toml') -Value @"
active = "onprem"

[profiles.onprem]
PREFECT_API_URL = "$api"
PREFECT_API_AUTH_STRING = "$auth"
PREFECT_CLIENT_CSRF_SUPPORT_ENABLED = "True"
"@
        Invoke-DbaStory 'profile-story'
    }

    It 'runs the whole story with Connect-Prefect -Credential' {
        $credential = [pscredential]::new($user, (ConvertTo-SecureString $password -AsPlainText -Force))
        Connect-Prefect -ApiUrl $api -Credential $credential -Headers @{ 'X-PrefectOps-Test' = 'real-server' }
        Invoke-DbaStory 'parameter-story'
    }

    It 'says in one error naming the URL that the auth string is wrong, and shows the secret in no stream' {
        $wrong = 'WrongAuth-9d2f'
        $credential = [pscredential]::new($user, (ConvertTo-SecureString $wrong -AsPlainText -Force))
        $captured = [System.Collections.Generic.List[string]]::new()
        $failure = $null
        try { Connect-Prefect -ApiUrl $api -Credential $credential -Verbose -Debug *>&1 | ForEach-Object { $captured.Add(($_ | Out-String)) } }
        catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -Be 'PrefectAuthenticationFailed,PrefectOps.Commands.ConnectPrefectCommand'
        $failure.Exception.Message | Should -Match ([regex]::Escape($api))
        $failure.Exception.Message | Should -Match 'PREFECT_API_AUTH_STRING'
        $captured.Add(($failure | Format-List * -Force | Out-String))
        for ($e = $failure.Exception; $e; $e = $e.InnerException) { $captured.Add($e.ToString()) }

        $env:PREFECT_API_URL = $api
        $env:PREFECT_API_AUTH_STRING = "${user}:$wrong"
        try { Get-Flow -Verbose -Debug *>&1 | ForEach-Object { $captured.Add(($_ | Out-String)) } } catch { $captured.Add(($_ | Format-List * -Force | Out-String)) }

        $encoded = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("${user}:$wrong"))
        foreach ($text in $captured) {
            $text | Should -Not -Match $wrong
            $text | Should -Not -Match ([regex]::Escape($encoded))
        }
    }
}
}
