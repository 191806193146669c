#Requires -Version 7.2
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

Describe 'Enable-FlowByTag' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
        Import-Module (Get-PrefectOpsModulePath) -Force
        $savedEnvironment = Use-IsolatedPrefectEnvironment
        $sandbox = Start-PrefectSandbox -PrefectVersion 2 -Seed demo
        Connect-Prefect -ApiUrl $sandbox.ApiUrl

        $tags = @(Get-FlowTag | Where-Object ActiveCount -gt 0 | Sort-Object FlowCount)
        $tag = ($tags | Where-Object { $_.ActiveCount -eq $_.FlowCount } | Select-Object -First 1) ?? $tags[0]
        $tagged = @(Get-Flow -Tag $tag.Name | Where-Object Status -eq 'Active')
        $summaryPattern = '^Enabled \d+ flows?( \(caught up \d+ runs?\))?, skipped \d+, failed \d+\.$'

        function Disable-ForTest {
            param([string] $Tag, [guid[]] $Id, [datetime] $Until = (Get-Date).AddHours(1))
            if ($Tag) { Disable-FlowByTag -Tag $Tag -Until $Until -Reason 'Enable-FlowByTag tests' -Confirm:$false -WarningAction SilentlyContinue 6>$null }
            else { Disable-FlowByTag -Id $Id -Until $Until -Reason 'Enable-FlowByTag tests' -Confirm:$false -WarningAction SilentlyContinue 6>$null }
        }
    }

    AfterAll {
        Disconnect-Prefect
        Stop-PrefectSandbox $sandbox
        Restore-PrefectEnvironment $savedEnvironment
        Remove-Module PrefectOps -ErrorAction SilentlyContinue
    }

    Context 'contract' {
        It 'supports -WhatIf/-Confirm and asks by default (ConfirmImpact High)' {
            $metadata = [System.Management.Automation.CommandMetadata]::new((Get-Command Enable-FlowByTag))
            $metadata.SupportsShouldProcess | Should -BeTrue
            "$($metadata.ConfirmImpact)" | Should -Be 'High'
        }

        It 'has the parameter sets ByTag (default), ByInputObject, ById and Expired' {
            $command = Get-Command Enable-FlowByTag
            ($command.ParameterSets.Name | Sort-Object) | Should -Be @('ById', 'ByInputObject', 'ByTag', 'Expired')
            ($command.ParameterSets | Where-Object IsDefault).Name | Should -Be 'ByTag'
        }

        It 'rejects -MaxCatchUpRuns 0 at binding' {
            { Enable-FlowByTag -Tag $tag.Name -CatchUp -MaxCatchUpRuns 0 -Confirm:$false } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,PrefectOps.Commands.EnableFlowByTagCommand'
        }
    }

    Context 'nothing changes' {
        BeforeAll {
            Disable-ForTest -Tag $tag.Name
        }

        It 'with -WhatIf' {
            Enable-FlowByTag -Tag $tag.Name -WhatIf 6>$null
            Get-Flow -Id $tagged.Id | ForEach-Object { "$($_.Status)" | Should -Be 'Maintenance' }
        }

        It 'with -WhatIf, for flows piped from Get-Flow -InMaintenance' {
            Get-Flow -InMaintenance | Enable-FlowByTag -WhatIf 6>$null
            Get-Flow -Id $tagged.Id | ForEach-Object { "$($_.Status)" | Should -Be 'Maintenance' }
        }

        It 'InvalidTag for a wildcard tag' {
            { Enable-FlowByTag -Tag 'db-*' -Confirm:$false } |
                Should -Throw -ErrorId 'InvalidTag,PrefectOps.Commands.EnableFlowByTagCommand'
            Get-Flow -Id $tagged.Id | ForEach-Object { "$($_.Status)" | Should -Be 'Maintenance' }
        }
    }

    Context 'bringing flows back with -CatchUp' {
        BeforeAll {
            # Still in maintenance from the previous context (Pester runs contexts in order); make sure.
            if (@(Get-Flow -InMaintenance | Where-Object { $_.Id -in $tagged.Id }).Count -eq 0) { Disable-ForTest -Tag $tag.Name }
            $records = @(Enable-FlowByTag -Tag $tag.Name -CatchUp -Confirm:$false 6>&1)
        }

        It 'writes one summary line, with the runs caught up, on the information stream' {
            $records | Where-Object { $_ -isnot [System.Management.Automation.InformationRecord] } | Should -BeNullOrEmpty
            $summary = @($records | Get-InformationText)
            $summary.Count | Should -Be 1
            $summary[0] | Should -Match $summaryPattern
            $summary[0] | Should -Match "^Enabled $($tagged.Count) flows? \(caught up \d+ runs?\), skipped 0, failed 0\.$"
        }

        It 'makes the flows active again and removes the window' {
            foreach ($flow in Get-Flow -Id $tagged.Id) {
                "$($flow.Status)" | Should -Be 'Active'
                $flow.MaintenanceSince | Should -BeNullOrEmpty
                $flow.MaintenanceUntil | Should -BeNullOrEmpty
                $flow.MaintenanceReason | Should -BeNullOrEmpty
                $flow.Tags | Should -Contain $tag.Name
            }
            @(Get-Flow -InMaintenance | Where-Object { $_.Id -in $tagged.Id }).Count | Should -Be 0
        }

        It 'warns and changes nothing when no flow with the tag is in maintenance' {
            $again = @(Enable-FlowByTag -Tag $tag.Name -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue 6>&1)
            "$warnings" | Should -Match 'nothing to enable'
            @($again | Get-InformationText)[0] | Should -Match "^Enabled 0 flows, skipped $($tag.FlowCount), failed 0\.$"
        }
    }

    Context '-PassThru' {
        It 'emits the flows as they are afterwards, with CaughtUpRuns when -CatchUp is given' {
            $flow = $tagged[0]
            Disable-ForTest -Id $flow.Id
            $records = @(Enable-FlowByTag -Id $flow.Id -CatchUp -MaxCatchUpRuns 5 -PassThru -Confirm:$false 6>&1)
            $flows = @($records | Where-Object { $_ -is [PrefectOps.Flow] })
            $flows.Count | Should -Be 1
            "$($flows[0].Status)" | Should -Be 'Active'
            $flows[0].CaughtUpRuns | Should -Not -BeNullOrEmpty -Because '-CatchUp reports how many runs it created (0 included)'
            $flows[0].CaughtUpRuns | Should -BeLessOrEqual 5
            @($records | Get-InformationText).Count | Should -Be 0 -Because 'with -PassThru and nothing skipped or failed, the objects say it all'
        }
    }

    Context '-Expired' {
        It 'brings back only the flows whose -Until has passed' {
            $two = @(Get-Flow | Where-Object Status -eq 'Active' | Select-Object -First 2)
            $two.Count | Should -Be 2 -Because 'the demo seed has active flows'
            $longWindow, $shortWindow = $two
            Disable-ForTest -Id $longWindow.Id -Until (Get-Date).AddHours(1)
            Disable-ForTest -Id $shortWindow.Id -Until (Get-Date).AddHours(1)
            Set-PrefectWindowTime -ApiUrl $sandbox.ApiUrl -Id $shortWindow.Id -Until (Get-Date).AddMinutes(-1)

            $records = @(Enable-FlowByTag -Expired -Confirm:$false 6>&1)

            "$((Get-Flow -Id $shortWindow.Id).Status)" | Should -Be 'Active'
            "$((Get-Flow -Id $longWindow.Id).Status)" | Should -Be 'Maintenance'
            @($records | Get-InformationText)[0] | Should -Match '^Enabled 1 flow, skipped \d+, failed 0\.$'

            Enable-FlowByTag -Id $longWindow.Id -Confirm:$false 6>$null
            "$((Get-Flow -Id $longWindow.Id).Status)" | Should -Be 'Active'
        }
    }
}
