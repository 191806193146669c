#Requires -Version 7.2
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

Describe 'Connect-Prefect' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
        Import-Module (Get-PrefectOpsModulePath) -Force
        $savedEnvironment = Use-IsolatedPrefectEnvironment
        $sandbox = Start-PrefectSandbox -PrefectVersion 2 -Seed demo
        $notPrefect = Start-NotPrefectServer
        # A made-up key: it must never show up in any stream, object or error text.
        $fakeKeyText = 'pnu_FAKEkey0123456789abcdefNOTREAL'
        $fakeKey = ConvertTo-SecureString -String $fakeKeyText -AsPlainText -Force
    }

    AfterAll {
        Disconnect-Prefect
        Stop-NotPrefectServer $notPrefect
        Stop-PrefectSandbox $sandbox
        Restore-PrefectEnvironment $savedEnvironment
        Remove-Module PrefectOps -ErrorAction SilentlyContinue
    }

    Context 'parameters' {
        It 'takes the API URL by position and as -Url' {
            $command = Get-Command Connect-Prefect
            $command.Parameters['ApiUrl'].Aliases | Should -Contain 'Url'
            $connection = Connect-Prefect $sandbox.ApiUrl -PassThru
            $connection.Url.AbsoluteUri.TrimEnd('/') | Should -Be $sandbox.ApiUrl.TrimEnd('/')
            $connection = Connect-Prefect -Url $sandbox.ApiUrl -PassThru
            $connection.Url.AbsoluteUri.TrimEnd('/') | Should -Be $sandbox.ApiUrl.TrimEnd('/')
        }

        It 'rejects -TimeoutSeconds outside 1..3600 before connecting' {
            { Connect-Prefect -ApiUrl $sandbox.ApiUrl -TimeoutSeconds 0 } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,PrefectOps.Commands.ConnectPrefectCommand'
        }

        It 'does not support -WhatIf (it changes the session, not the server)' {
            (Get-Command Connect-Prefect).Parameters.ContainsKey('WhatIf') | Should -BeFalse
        }
    }

    Context 'connecting' {
        It 'writes nothing without -PassThru' {
            $output = Connect-Prefect -ApiUrl $sandbox.ApiUrl
            $output | Should -BeNullOrEmpty
        }

        It 'returns the connection with -PassThru: REST backend, Prefect 2' {
            $connection = Connect-Prefect -ApiUrl $sandbox.ApiUrl -PassThru
            $connection | Should -BeOfType ([PrefectOps.Core.Connection.PrefectConnection])
            "$($connection.BackendKind)" | Should -Be 'Rest'
            $connection.ServerVersion | Should -Match '^2\.'
            $connection.HasApiKey | Should -BeFalse
        }

        It 'makes the connection the default for the other cmdlets' {
            Connect-Prefect -ApiUrl $sandbox.ApiUrl
            { Get-FlowTag -ErrorAction Stop } | Should -Not -Throw
        }

        It 'warns that -SkipCertificateCheck is for lab servers' {
            $null = Connect-Prefect -ApiUrl $sandbox.ApiUrl -SkipCertificateCheck -WarningVariable warnings -WarningAction SilentlyContinue
            $warnings.Count | Should -Be 1
            "$($warnings[0])" | Should -Match 'lab servers'
        }
    }

    Context 'errors' {
        It 'InvalidApiUrl for something that is not an http(s) URL' {
            { Connect-Prefect -ApiUrl 'ftp://example.org/api' } |
                Should -Throw -ErrorId 'InvalidApiUrl,PrefectOps.Commands.ConnectPrefectCommand'
        }

        It 'PrefectServerUnreachable when nothing listens on the port' {
            $url = Get-UnreachableApiUrl
            $failure = { Connect-Prefect -ApiUrl $url -MaxAttempts 1 -TimeoutSeconds 5 } |
                Should -Throw -ErrorId 'PrefectServerUnreachable,PrefectOps.Commands.ConnectPrefectCommand' -PassThru
            $failure.CategoryInfo.Category | Should -Be 'ConnectionError'
        }

        It 'NotAPrefectServer when an HTTP server answers, but not as Prefect' {
            $failure = { Connect-Prefect -ApiUrl $notPrefect.ApiUrl -MaxAttempts 1 -TimeoutSeconds 5 } |
                Should -Throw -ErrorId 'NotAPrefectServer,PrefectOps.Commands.ConnectPrefectCommand' -PassThru
            $failure.Exception.Message | Should -Match '4200/api'
        }

        It 'keeps the previous connection when a new one fails' {
            Connect-Prefect -ApiUrl $sandbox.ApiUrl
            { Connect-Prefect -ApiUrl (Get-UnreachableApiUrl) -MaxAttempts 1 -TimeoutSeconds 5 } | Should -Throw
            { Get-FlowTag -ErrorAction Stop } | Should -Not -Throw
        }
    }

    Context 'the API key stays secret' {
        It 'never shows the key in output, streams, formatting or errors' {
            $captured = [System.Collections.Generic.List[string]]::new()

            # Success: every stream, plus what the user would see of the connection object.
            $all = Connect-Prefect -ApiUrl $sandbox.ApiUrl -ApiKey $fakeKey -PassThru -Verbose -Debug *>&1
            $connection = $all | Where-Object { $_ -is [PrefectOps.Core.Connection.PrefectConnection] }
            $connection | Should -Not -BeNullOrEmpty
            $connection.HasApiKey | Should -BeTrue
            $captured.Add(($all | Out-String))
            $captured.Add(($connection | Format-List * | Out-String))
            $captured.Add(($connection | Format-Table | Out-String))
            $captured.Add("$connection")
            $captured.Add((Get-FlowTag -Verbose -Debug *>&1 | Out-String))

            # Failure: the error record, its exception chain and the message PowerShell would print.
            try {
                Connect-Prefect -ApiUrl $notPrefect.ApiUrl -ApiKey $fakeKey -MaxAttempts 1 -TimeoutSeconds 5 -Verbose -Debug *>&1 |
                    ForEach-Object { $captured.Add(($_ | Out-String)) }
            }
            catch {
                $captured.Add(($_ | Out-String))
                $captured.Add(($_ | Format-List * -Force | Out-String))
                for ($e = $_.Exception; $e; $e = $e.InnerException) { $captured.Add($e.ToString()) }
            }

            $captured.Count | Should -BeGreaterThan 5
            foreach ($text in $captured) {
                $text | Should -Not -Match ([regex]::Escape($fakeKeyText))
            }
        }
    }
}
