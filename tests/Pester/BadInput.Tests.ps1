#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# README's "Troubleshooting: bad input and what you get", row by row, in real PowerShell: the ErrorId, the category,
# and, where README says "no request", that the server heard nothing (not even the connection's GET /health).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
    $script:session = Start-PrefectTestSession
    $script:api = $session.ApiUrl

    # A second sandbox that only the "no request" checks point at, through PREFECT_API_URL, with no connection open:
    # a command that sent anything would first connect to it.
    $script:quiet = Start-PrefectSandbox -PrefectVersion 2 -Seed demo
    function script:Assert-NoRequest([scriptblock] $Command, [string] $ErrorId, [string] $Category) {
        Disconnect-Prefect
        $before = (Get-SandboxRequestCount -ApiUrl $quiet.ApiUrl).Values | Measure-Object -Sum | ForEach-Object Sum
        $env:PREFECT_API_URL = $quiet.ApiUrl
        try {
            $failure = $Command | Should -Throw -PassThru
            $failure.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
            if ($Category) { "$($failure.CategoryInfo.Category)" | Should -Be $Category }
        }
        finally {
            Remove-Item Env:PREFECT_API_URL
            Connect-Prefect -ApiUrl $api
        }
        $after = (Get-SandboxRequestCount -ApiUrl $quiet.ApiUrl).Values | Measure-Object -Sum | ForEach-Object Sum
        $after | Should -Be $before -Because 'the input alone shows it is wrong, so nothing is sent'
        $failure
    }
}

AfterAll {
    Stop-PrefectSandbox $quiet
    Stop-PrefectTestSession $session
}

Describe 'Bad input, refused before any request' {
    It "-Tag '' and -Tag '  ': InvalidTag" {
        Assert-NoRequest { Get-Flow -Tag '' } InvalidTag InvalidArgument
        Assert-NoRequest { Disable-FlowByTag -Tag '  ' -Confirm:$false } InvalidTag InvalidArgument
    }

    It "-Tag 'server-*': InvalidTag, naming Get-FlowTag -Name for wildcards" {
        $failure = Assert-NoRequest { Enable-FlowByTag -Tag 'server-*' -Confirm:$false } InvalidTag InvalidArgument
        $failure.Exception.Message | Should -Match "Get-FlowTag -Name 'server-\*'"
    }

    It 'Stop-FlowRun -Id not-a-guid: PowerShell refuses the argument' {
        Assert-NoRequest { Stop-FlowRun -Id not-a-guid -Confirm:$false } CannotConvertArgumentNoMessage InvalidArgument
    }

    It 'Disable-FlowByTag -Until in the past: InvalidMaintenanceWindow' {
        Assert-NoRequest { Disable-FlowByTag -Tag server-prod -Until (Get-Date).AddHours(-1) -Confirm:$false } InvalidMaintenanceWindow InvalidArgument
    }

    It 'Enable-FlowByTag -MaxCatchUpRuns 0 or negative: PowerShell refuses it (1 to 10000)' {
        Assert-NoRequest { Enable-FlowByTag -Tag server-prod -CatchUp -MaxCatchUpRuns 0 -Confirm:$false } ParameterArgumentValidationError InvalidData
        Assert-NoRequest { Enable-FlowByTag -Tag server-prod -CatchUp -MaxCatchUpRuns -5 -Confirm:$false } ParameterArgumentValidationError InvalidData
    }

    It "-Marker 'has space' and -Marker 'A*': InvalidMarker" {
        Assert-NoRequest { Disable-FlowByTag -Tag server-prod -Marker 'has space' -Confirm:$false } InvalidMarker InvalidArgument
        Assert-NoRequest { Get-Flow -Marker 'A*' } InvalidMarker InvalidArgument
    }

    It 'Get-FlowRun -State Runing: PowerShell lists the valid states' {
        $failure = Assert-NoRequest { Get-FlowRun -State Runing } ParameterArgumentValidationError InvalidData
        $failure.Exception.Message | Should -Match 'Running'
    }

    It 'Connect-Prefect with no scheme, ftp:// or user:password in the URL: InvalidApiUrl' {
        foreach ($url in '127.0.0.1:4200/api', 'ftp://example.org/api', 'http://user:password@127.0.0.1:4200/api') {
            $failure = Assert-NoRequest { Connect-Prefect -ApiUrl $url } InvalidApiUrl InvalidArgument
            $failure.Exception.Message | Should -Not -Match 'password'
        }
    }

    It 'a profiles.toml that is not TOML, or PREFECT_PROFILE naming a missing profile: PrefectProfileUnreadable naming the file' {
        $profiles = Join-Path $env:PREFECT_HOME 'profiles.toml'
        Set-Content -Path $profiles -Value "active = `"default`"`n[profiles.default`nPREFECT_API_URL = 'x'"
        try {
            Disconnect-Prefect
            $failure = { Connect-Prefect } | Should -Throw -PassThru
            $failure.FullyQualifiedErrorId | Should -BeLike 'PrefectProfileUnreadable,*'
            $failure.Exception.Message | Should -Match ([regex]::Escape($profiles))
            Set-Content -Path $profiles -Value "active = `"default`"`n[profiles.default]`nPREFECT_API_URL = `"$api`""
            $env:PREFECT_PROFILE = 'nope'
            $failure = { Connect-Prefect } | Should -Throw -PassThru
            $failure.FullyQualifiedErrorId | Should -BeLike 'PrefectProfileUnreadable,*'
            "$($failure.CategoryInfo.Category)" | Should -Be 'InvalidArgument'
        }
        finally {
            Remove-Item Env:PREFECT_PROFILE -ErrorAction SilentlyContinue
            Remove-Item $profiles
            Connect-Prefect -ApiUrl $api
        }
    }
}

Describe 'Bad input the server shows to be wrong' {
    It '-Tag no-such-tag: a warning, nothing changed' {
        Disable-FlowByTag -Tag no-such-tag -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue 6>$null
        "$warned" | Should -Match "No flow has the tag 'no-such-tag'"
        @(Get-Flow -InMaintenance -WarningAction SilentlyContinue).Count | Should -Be 0
    }

    It 'Get-FlowTag -Name no-such-tag: a warning' {
        Get-FlowTag -Name no-such-tag -WarningVariable warned -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        "$warned" | Should -Match "No flow has the tag 'no-such-tag'"
    }

    It 'Stop-FlowRun -Id (an unknown id): FlowRunNotFound for it, the others go on' {
        $run = New-PrefectTestRun $api -States PENDING, RUNNING
        Stop-FlowRun -Id ([guid]::NewGuid()), $run -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue 6>$null
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'FlowRunNotFound,*'
        "$($failed[0].CategoryInfo.Category)" | Should -Be 'ObjectNotFound'
        Get-PrefectRunState $api $run | Should -Be 'CANCELLING'
    }

    It 'Resume-FlowRun on a run that is not paused, or whose pause timed out: FlowRunNotPaused, FlowRunPauseTimedOut' {
        $running = New-PrefectTestRun $api -States PENDING, RUNNING
        $expired = New-PrefectTestRun $api -States PENDING, RUNNING
        $null = Invoke-PrefectApi $api POST "/flow_runs/$expired/set_state" @{ state = @{ type = 'PAUSED'; state_details = @{ pause_timeout = (Get-Date).AddMinutes(-1).ToUniversalTime().ToString('o') } } }
        Resume-FlowRun -Id $running, $expired -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue 6>$null
        ($failed.FullyQualifiedErrorId -replace ',.*') | Should -Be @('FlowRunNotPaused', 'FlowRunPauseTimedOut')
        Get-PrefectRunState $api $running | Should -Be 'RUNNING'
    }

    It 'Suspend-WorkQueue -Name nope: WorkQueueNotFound per name, in -WorkPool or else the default pool' {
        Suspend-WorkQueue -Name nope, critical -WorkPool prod-pool -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue 6>$null
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'WorkQueueNotFound,*'
        "$($failed[0].CategoryInfo.Category)" | Should -Be 'ObjectNotFound'
        (Get-WorkQueue critical -WorkPool prod-pool).IsPaused | Should -BeTrue
        Resume-WorkQueue -Name critical -WorkPool prod-pool -Confirm:$false 6>$null
        Suspend-WorkQueue -Name nope -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue 6>$null
        $failed[0].Exception.Message | Should -Match 'default work pool'
    }

    It 'a URL that is some other web server: NotAPrefectServer naming the URL and the API roots to try' {
        $other = Start-NotPrefectServer
        try {
            $failure = { Connect-Prefect -ApiUrl $other.ApiUrl -MaxAttempts 1 } | Should -Throw -PassThru
        }
        finally { Stop-NotPrefectServer $other; Connect-Prefect -ApiUrl $api }
        $failure.FullyQualifiedErrorId | Should -BeLike 'NotAPrefectServer,*'
        "$($failure.CategoryInfo.Category)" | Should -Be 'InvalidResult'
        $failure.Exception.Message | Should -Match ([regex]::Escape($other.ApiUrl))
        $failure.Exception.Message | Should -Match '4200/api'
    }

    It 'nothing listening at the URL: PrefectServerUnreachable naming the URL' {
        $url = Get-UnreachableApiUrl
        $failure = { Connect-Prefect -ApiUrl $url -MaxAttempts 2 } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'PrefectServerUnreachable,*'
        "$($failure.CategoryInfo.Category)" | Should -Be 'ConnectionError'
        $failure.Exception.Message | Should -Match ([regex]::Escape($url))
    }

    It 'a wrong API key: PrefectAuthenticationFailed naming the URL, never the key' {
        $keyed = Start-PrefectSandbox -PrefectVersion 2 -Seed none -ExtraArguments '--api-key', 'pnu_RIGHT_key_0123456789'
        try {
            $wrong = 'pnu_WRONG_key_9876543210'
            $failure = { Connect-Prefect -ApiUrl $keyed.ApiUrl -ApiKey (ConvertTo-SecureString $wrong -AsPlainText -Force) } | Should -Throw -PassThru
        }
        finally { Stop-PrefectSandbox $keyed }
        $failure.FullyQualifiedErrorId | Should -BeLike 'PrefectAuthenticationFailed,*'
        "$($failure.CategoryInfo.Category)" | Should -Be 'AuthenticationError'
        $failure.Exception.Message | Should -Match ([regex]::Escape($keyed.ApiUrl))
        ($failure | Format-List * -Force | Out-String) | Should -Not -Match 'WRONG_key'
    }
}
