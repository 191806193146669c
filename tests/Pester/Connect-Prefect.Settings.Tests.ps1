#Requires -Version 7.2
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

# Prefect's client settings as a user meets them in PowerShell, against the sandbox modelling a Prefect 3 server with an
# auth string and CSRF protection (tests/PrefectOps.Sandbox/recorded/prefect3-auth-csrf.md).
Describe 'Connect-Prefect with Prefect''s client settings' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
        Import-Module (Get-PrefectOpsModulePath) -Force
        $saved = Use-IsolatedPrefectEnvironment
        $authText = 'admin:Sandbox-AUTHSECRET'
        $sandbox = Start-PrefectSandbox -PrefectVersion 3 -Seed demo -ExtraArguments '--auth-string', $authText, '--csrf'
        $credential = [pscredential]::new('admin', (ConvertTo-SecureString 'Sandbox-AUTHSECRET' -AsPlainText -Force))
    }

    AfterAll {
        Disconnect-Prefect
        Stop-PrefectSandbox $sandbox
        Restore-PrefectEnvironment $saved
    }

    AfterEach {
        Disconnect-Prefect
        foreach ($name in 'PREFECT_API_URL', 'PREFECT_API_AUTH_STRING', 'PREFECT_API_REQUEST_TIMEOUT', 'PREFECT_CLIENT_CUSTOM_HEADERS') {
            [Environment]::SetEnvironmentVariable($name, $null)
        }
        Remove-Item -LiteralPath (Join-Path $env:PREFECT_HOME 'profiles.toml') -ErrorAction SilentlyContinue
    }

    It 'disables and enables by tag with -Credential on a server with an auth string and CSRF protection' {
        Connect-Prefect -ApiUrl $sandbox.ApiUrl -Credential $credential
        Disable-FlowByTag -Tag nightly -Confirm:$false -InformationAction Ignore
        @(Get-Flow -Tag nightly).Status | Sort-Object -Unique | Should -Be 'Maintenance'
        Enable-FlowByTag -Tag nightly -Confirm:$false -InformationAction Ignore
        @(Get-Flow -Tag nightly).Status | Sort-Object -Unique | Should -Be 'Active'
    }

    It 'shows in -PassThru where each setting came from: parameter, environment, profile, default' {
        $env:PREFECT_API_AUTH_STRING = $authText
        $env:PREFECT_CLIENT_CUSTOM_HEADERS = '{"X-Gateway-Token": "HEADERSECRET"}'
        Set-Content -LiteralPath (Join-Path $env:PREFECT_HOME 'profiles.toml') -Value @"
active = "onprem"
[profiles.onprem]
PREFECT_API_URL = "$($sandbox.ApiUrl)"
PREFECT_API_REQUEST_TIMEOUT = "45"
"@
        $connection = Connect-Prefect -MaxAttempts 3 -PassThru
        $settings = @{}
        $connection.Settings | ForEach-Object { $settings[$_.Name] = $_ }
        $settings['PREFECT_CLIENT_MAX_RETRIES'].From | Should -Be '-MaxAttempts'
        $settings['PREFECT_API_AUTH_STRING'].From | Should -Be 'environment'
        $settings['PREFECT_API_AUTH_STRING'].Value | Should -Be '(set)'
        $settings['PREFECT_CLIENT_CUSTOM_HEADERS'].Value | Should -Be 'X-Gateway-Token'
        $settings['PREFECT_API_REQUEST_TIMEOUT'].From | Should -Be "profile 'onprem'"
        $settings['PREFECT_API_REQUEST_TIMEOUT'].Value | Should -Be '45 s'
        $settings['PREFECT_CLIENT_CSRF_SUPPORT_ENABLED'].From | Should -Be 'default'
        $shown = ($connection | Format-List * | Out-String) + ($connection.Settings | Format-Table | Out-String)
        $shown | Should -Not -Match 'AUTHSECRET|HEADERSECRET'
    }

    It 'says which setting is wrong and where it came from' {
        $env:PREFECT_API_URL = $sandbox.ApiUrl
        $env:PREFECT_API_REQUEST_TIMEOUT = 'soon'
        { Connect-Prefect } | Should -Throw -ErrorId 'PrefectInvalidSetting,PrefectOps.Commands.ConnectPrefectCommand' -ExpectedMessage '*PREFECT_API_REQUEST_TIMEOUT from the environment*'
    }

    It 'refuses a wrong auth string in one error naming the URL, and the secret shows in no stream' {
        $wrong = [pscredential]::new('admin', (ConvertTo-SecureString 'WRONGSECRET' -AsPlainText -Force))
        $captured = [System.Collections.Generic.List[string]]::new()
        try { Connect-Prefect -ApiUrl $sandbox.ApiUrl -Credential $wrong -Verbose -Debug *>&1 | ForEach-Object { $captured.Add(($_ | Out-String)) } }
        catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -Be 'PrefectAuthenticationFailed,PrefectOps.Commands.ConnectPrefectCommand'
        $failure.Exception.Message | Should -Match ([regex]::Escape($sandbox.ApiUrl))
        $captured.Add(($failure | Format-List * -Force | Out-String))
        # A good connection's -Debug output (CSRF token requests included) shows neither secret.
        Connect-Prefect -ApiUrl $sandbox.ApiUrl -Credential $credential -Verbose -Debug *>&1 | ForEach-Object { $captured.Add(($_ | Out-String)) }
        Get-Flow -Tag nightly -Debug *>&1 | ForEach-Object { $captured.Add(($_ | Out-String)) }
        foreach ($text in $captured) { $text | Should -Not -Match 'WRONGSECRET|AUTHSECRET' }
    }
}

Describe 'Proxies on PowerShell 7: what HttpClient does with HTTP_PROXY and NO_PROXY' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
        # The proxy: a loopback server that answers everything with a web page. .NET reads the proxy variables once per
        # process, so each case runs in a child pwsh.
        $proxy = Start-NotPrefectServer
        $sandbox = Start-PrefectSandbox -PrefectVersion 3 -Seed demo
        $module = Get-PrefectOpsModulePath
        # This PowerShell again: pwsh itself, or `dotnet pwsh.dll` when it runs as a dotnet tool.
        $pwsh = @(Get-PwshCommand)
        function script:Invoke-Child([hashtable] $Environment, [string] $Url) {
            $script = "Import-Module '$module'; try { `$null = Connect-Prefect -ApiUrl '$Url' -MaxAttempts 1 -TimeoutSeconds 10; 'connected' } catch { `$_.FullyQualifiedErrorId }"
            $saved = @{}
            foreach ($name in $Environment.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $Environment[$name]) }
            try { & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script }
            finally { foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) } }
        }
        $proxyUrl = 'http://127.0.0.1:' + ([uri]$proxy.ApiUrl).Port
    }

    AfterAll {
        Stop-PrefectSandbox $sandbox
        Stop-NotPrefectServer $proxy
    }

    It 'sends requests through HTTP_PROXY, even to 127.0.0.1' {
        Invoke-Child @{ HTTP_PROXY = $proxyUrl; NO_PROXY = $null; PREFECT_API_URL = $null } $sandbox.ApiUrl | Should -BeLike 'NotAPrefectServer,*'
    }

    It 'goes straight to a host NO_PROXY names' {
        Invoke-Child @{ HTTP_PROXY = $proxyUrl; NO_PROXY = '127.0.0.1,localhost'; PREFECT_API_URL = $null } $sandbox.ApiUrl | Should -Be 'connected'
    }
}
