#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# What PowerShell's common parameters do with PrefectOps commands, seen from the host: -Verbose and -Debug show the
# requests (after Connect-Prefect too, never the key), -ErrorAction Stop ends at the first failed item, -WhatIf sends
# no change, warnings and the one-line summary.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
    Import-Module (Get-PrefectOpsModulePath) -Force -Global
    $script:saved = Use-IsolatedPrefectEnvironment
    $script:keyText = 'pnu_COMMONPARAMS0123456789abcdefNOTREAL'
    $script:sandbox = Start-PrefectSandbox -PrefectVersion 2 -Seed demo -ExtraArguments '--api-key', $keyText
    $script:api = $sandbox.ApiUrl
    Connect-Prefect -ApiUrl $api -ApiKey (ConvertTo-SecureString $keyText -AsPlainText -Force)
    # The control API is outside /api and needs no key; the seed helpers send none, so read the server with one.
    function script:Read-Deployment([guid] $Id) {
        Invoke-RestMethod -Uri "$api/deployments/$Id" -Headers @{ Authorization = "Bearer $keyText" }
    }
}

AfterAll {
    Disconnect-Prefect
    Stop-PrefectSandbox $sandbox
    Restore-PrefectEnvironment $saved
}

Describe '-Verbose and -Debug' {
    It 'show every request of a command run after Connect-Prefect, with its answer' {
        $debug = Get-FlowTag -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
        @($debug.Message -match '^POST /deployments/filter -> 200 \(\d+ ms, attempt 1\)$').Count | Should -BeGreaterThan 0
        @($debug.Message -match '^POST /deployments/count -> 200 ').Count | Should -Be 1
    }

    It 'belong to the command that sent the requests, not to Connect-Prefect' {
        $connectDebug = @(Connect-Prefect -ApiUrl $api -ApiKey (ConvertTo-SecureString $keyText -AsPlainText -Force) -Debug 5>&1)
        ($connectDebug.Message -match '^GET /health -> 200').Count | Should -Be 1
        $flowDebug = @(Get-Flow -Tag server-prod -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] })
        ($flowDebug.Message -match '^GET /health').Count | Should -Be 0
        ($flowDebug.Message -match '^POST /deployments/filter -> 200').Count | Should -BeGreaterThan 0
    }

    It 'say with -Verbose what each flow went through' {
        $flow = Get-Flow -Tag finance | Where-Object Status -eq 'Active' | Select-Object -First 1
        $verbose = @(Disable-FlowByTag -Id $flow.Id -Confirm:$false -Verbose 4>&1 6>$null)
        $verbose.Message | Should -Contain "$($flow.Name): schedule paused and marked MAINTENANCE."
        $verbose = @(Enable-FlowByTag -Id $flow.Id -Confirm:$false -Verbose 4>&1 6>$null)
        @($verbose.Message -match "^$([regex]::Escape($flow.Name)): schedule resumed and MAINTENANCE marker removed; the window \S+ opened at .* is over\.$").Count | Should -Be 1
    }

    It 'never show the API key, in any stream of any command' {
        $text = @(
            Get-FlowTag -Verbose -Debug *>&1
            Get-Flow -Tag finance | Disable-FlowByTag -Confirm:$false -Verbose -Debug *>&1
            Enable-FlowByTag -Tag finance -CatchUp -Confirm:$false -Verbose -Debug *>&1
            Get-FlowRun -State Running -Verbose -Debug *>&1
            Get-WorkQueue -Verbose -Debug *>&1
            Stop-FlowRun -Id ([guid]::NewGuid()) -Confirm:$false -Verbose -Debug *>&1
        ) | Out-String
        $text | Should -Match 'POST /deployments/filter'
        $text | Should -Not -Match ([regex]::Escape($keyText))
        $text | Should -Not -Match 'Bearer'
    }
}

Describe '-ErrorAction Stop' {
    It 'turns the first failed item into a terminating error with its ErrorId' {
        { Stop-FlowRun -Id ([guid]::NewGuid()) -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'FlowRunNotFound,PrefectOps.Commands.StopFlowRunCommand'
        { Get-Flow -Id ([guid]::NewGuid()) -ErrorAction Stop } |
            Should -Throw -ErrorId 'FlowNotFound,PrefectOps.Commands.GetFlowCommand'
    }

    It 'stops a bulk change at a failed flow and leaves every flow either done or untouched' {
        $flows = @(Get-Flow -Tag server-prod | Where-Object Status -eq 'Active')
        Add-SandboxFault -ApiUrl $api -Route 'PATCH /deployments/{id}' -Status 403 -PathContains $flows[2].Id
        try {
            { Disable-FlowByTag -Tag server-prod -Confirm:$false -ErrorAction Stop 6>$null } |
                Should -Throw -ErrorId 'PrefectPermissionDenied,PrefectOps.Commands.DisableFlowByTagCommand'
        }
        finally { Clear-SandboxFault -ApiUrl $api }
        foreach ($f in $flows) {
            $d = Read-Deployment $f.Id
            ([bool]$d.paused) | Should -Be (@($d.tags) -ccontains 'MAINTENANCE') -Because "$($f.Name) is paused exactly when it is marked"
        }
        (Read-Deployment $flows[2].Id).paused | Should -BeFalse
        Enable-FlowByTag -Tag server-prod -Confirm:$false 6>$null
    }
}

Describe '-WhatIf and -Confirm:$false' {
    It '-WhatIf sends no change to the server, for every command that changes something' {
        $before = Get-SandboxRequestCount -ApiUrl $api
        $run = Get-FlowRun -State Running | Select-Object -First 1
        Get-Flow -Tag server-prod | Disable-FlowByTag -WhatIf 6>$null
        Disable-FlowByTag -Tag server-prod -Until (Get-Date).AddHours(1) -WhatIf 6>$null
        Enable-FlowByTag -Tag server-prod -CatchUp -WhatIf 6>$null
        $run | Stop-FlowRun -WhatIf 6>$null
        Get-WorkQueue | Suspend-WorkQueue -WhatIf 6>$null
        Set-WorkQueue -Name bulk -WorkPool prod-pool -ConcurrencyLimit 1 -WhatIf 6>$null
        $after = Get-SandboxRequestCount -ApiUrl $api
        $writes = $after.Keys | Where-Object { $_ -match '^(PATCH|DELETE|PUT) ' -or $_ -match '/(set_state|schedule|resume|pause_deployment|create_flow_run)$' }
        foreach ($w in $writes) { $after[$w] | Should -Be ([int]$before[$w]) -Because "$w is a change" }
    }

    It '-WhatIf names each flow and what would happen to it, on the host' {
        $script = Join-Path $TestDrive 'whatif.ps1'
        Set-Content -Path $script -Value @"
Import-Module '$(Get-PrefectOpsModulePath)'
Disable-FlowByTag -Tag finance -Until ([datetime]'2099-01-01T12:00:00Z') -Reason 'CHG-1' -WhatIf
"@
        $child = Invoke-ChildPwsh -File $script -Environment @{ PREFECT_API_URL = $api; PREFECT_API_KEY = $keyText }
        $child.ExitCode | Should -Be 0
        foreach ($flow in Get-Flow -Tag finance | Where-Object Status -eq 'Active') {
            $child.Output | Should -Match ("What if: Performing the operation `"Pause the schedule and mark it MAINTENANCE until 2099-01-01 12:00Z \(CHG-1\): [^`"]+`" on target `"$([regex]::Escape($flow.Name))`"\.")
        }
        $child.Output + $child.Errors | Should -Not -Match ([regex]::Escape($keyText))
    }

    It '-PassThru emits the changed objects; without it the command writes only its summary' {
        $flow = Get-Flow -Tag finance | Where-Object Status -eq 'Active' | Select-Object -First 1
        $quiet = @(Disable-FlowByTag -Id $flow.Id -Confirm:$false 6>$null)
        $quiet.Count | Should -Be 0
        $loud = @(Enable-FlowByTag -Id $flow.Id -Confirm:$false -PassThru 6>$null)
        $loud.Count | Should -Be 1
        $loud[0] | Should -BeOfType ([PrefectOps.Flow])
        "$($loud[0].Status)" | Should -Be 'Active'
    }
}

Describe 'Warnings and the summary line' {
    It 'a flow paused on purpose is a warning, and the summary is one line on the information stream' {
        $records = @(Disable-FlowByTag -Tag server-dev -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue 6>&1)
        $summary = @($records | Get-InformationText)
        $summary.Count | Should -Be 1
        $summary[0] | Should -Match '^Disabled 2 flows, skipped 1, failed 0\.$'
        @($warned).Count | Should -Be 1
        "$warned" | Should -Match 'paused without the MAINTENANCE marker'
        Enable-FlowByTag -Tag server-dev -Confirm:$false 6>$null
    }

    It '-InformationAction Ignore silences the summary and nothing else' {
        $records = @(Enable-FlowByTag -Tag finance -Confirm:$false -InformationAction Ignore -WarningAction SilentlyContinue *>&1)
        @($records | Where-Object { $_ -is [System.Management.Automation.InformationRecord] }).Count | Should -Be 0
    }
}
