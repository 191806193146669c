#Requires -Version 7.2
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

Describe 'Disconnect-Prefect' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
        Import-Module (Get-PrefectOpsModulePath) -Force
        $savedEnvironment = Use-IsolatedPrefectEnvironment
        $sandbox = Start-PrefectSandbox -PrefectVersion 2 -Seed demo
    }

    AfterAll {
        Disconnect-Prefect
        Stop-PrefectSandbox $sandbox
        Restore-PrefectEnvironment $savedEnvironment
        Remove-Module PrefectOps -ErrorAction SilentlyContinue
    }

    AfterEach {
        Remove-Item Env:PREFECT_API_URL -ErrorAction SilentlyContinue
    }

    It 'takes no parameters of its own and writes nothing' {
        Connect-Prefect -ApiUrl $sandbox.ApiUrl
        $command = Get-Command Disconnect-Prefect
        $own = $command.Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.Cmdlet]::CommonParameters }
        $own | Should -BeNullOrEmpty
        Disconnect-Prefect | Should -BeNullOrEmpty
    }

    It 'is harmless when there is no connection' {
        Disconnect-Prefect
        { Disconnect-Prefect -ErrorAction Stop } | Should -Not -Throw
    }

    It 'forgets the connection: the next command resolves one again from PREFECT_API_URL' {
        Connect-Prefect -ApiUrl $sandbox.ApiUrl
        Disconnect-Prefect

        $env:PREFECT_API_URL = $sandbox.ApiUrl
        $verbose = Get-FlowTag -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'No Connect-Prefect in this session'
        ($verbose.Message -join "`n") | Should -Match 'PREFECT_API_URL'
    }

    It 'does not reuse the old connection after Disconnect' {
        Connect-Prefect -ApiUrl $sandbox.ApiUrl
        Disconnect-Prefect
        # PREFECT_API_URL points nowhere now: the command must try it (and fail), not use the forgotten connection.
        $env:PREFECT_API_URL = Get-UnreachableApiUrl
        { Get-FlowTag -ErrorAction Stop } |
            Should -Throw -ErrorId 'PrefectServerUnreachable,PrefectOps.Commands.GetFlowTagCommand'
    }
}
