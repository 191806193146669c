#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Each runspace has its own connection: parallel runspaces and thread jobs connect on their own and do not see or
# change the session's.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
    $script:session = Start-PrefectTestSession
    # A second server, Prefect 3 this time, so each runspace's answers tell which server it talked to.
    $script:other = Start-PrefectSandbox -PrefectVersion 3 -Seed demo
    $script:module = Get-PrefectOpsModulePath
}

AfterAll {
    Stop-PrefectSandbox $other
    Stop-PrefectTestSession $session
}

Describe 'Connections per runspace' {
    It 'ForEach-Object -Parallel: each runspace uses the server it connected to' {
        $results = $session.ApiUrl, $other.ApiUrl | ForEach-Object -ThrottleLimit 2 -Parallel {
            Import-Module $using:module
            $connection = Connect-Prefect -ApiUrl $_ -PassThru
            [pscustomobject]@{ Url = $_; Version = $connection.ServerVersion; Tags = (Get-FlowTag).Name -join ',' }
        }
        ($results | Where-Object Url -eq $session.ApiUrl).Version | Should -Match '^2\.'
        ($results | Where-Object Url -eq $other.ApiUrl).Version | Should -Match '^3\.'
        $results | ForEach-Object { $_.Tags | Should -Be 'finance,nightly,server-dev,server-prod' }
    }

    It 'Start-ThreadJob: a job connects on its own and leaves the session connection as it was' {
        $job = Start-ThreadJob -ScriptBlock {
            param($module, $url)
            Import-Module $module
            Connect-Prefect -ApiUrl $url
            (Connect-Prefect -ApiUrl $url -PassThru).ServerVersion
            @(Get-Flow -Tag server-prod).Count
        } -ArgumentList $module, $other.ApiUrl
        $out = @($job | Wait-Job -Timeout 120 | Receive-Job)
        $job | Remove-Job -Force
        $out[0] | Should -Match '^3\.'
        $out[1] | Should -Be 8
        # The session still talks to its own (Prefect 2) server.
        (Connect-Prefect -ApiUrl $session.ApiUrl -PassThru).ServerVersion | Should -Match '^2\.'
    }

    It 'a runspace without Connect-Prefect does not borrow the session connection' {
        # Where a runspace without a connection would go: the (isolated) Prefect profile, pointing at nothing.
        $unreachable = Get-UnreachableApiUrl
        $profiles = Join-Path $env:PREFECT_HOME 'profiles.toml'
        Set-Content -Path $profiles -Value "active = `"test`"`n[profiles.test]`nPREFECT_API_URL = `"$unreachable`""
        try {
            $job = Start-ThreadJob -ScriptBlock {
                param($module)
                Import-Module $module
                try { Get-FlowTag -ErrorAction Stop | Out-Null; 'listed' } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            } -ArgumentList $module
            $out = @($job | Wait-Job -Timeout 120 | Receive-Job)
            $job | Remove-Job -Force
        }
        finally { Remove-Item $profiles }
        $out[0] | Should -BeLike 'PrefectServerUnreachable,*'
        $out[1] | Should -Match ([regex]::Escape($unreachable))
    }
}
