#Requires -Version 7.2
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

Describe 'Disable-FlowByTag' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
        Import-Module (Get-PrefectOpsModulePath) -Force
        $savedEnvironment = Use-IsolatedPrefectEnvironment
        $sandbox = Start-PrefectSandbox -PrefectVersion 2 -Seed demo
        Connect-Prefect -ApiUrl $sandbox.ApiUrl

        # Discovered from the demo seed: a tag whose flows are all active (else any tag with active flows).
        $tags = @(Get-FlowTag | Where-Object ActiveCount -gt 0 | Sort-Object FlowCount)
        $tag = ($tags | Where-Object { $_.ActiveCount -eq $_.FlowCount } | Select-Object -First 1) ?? $tags[0]
        $activeBefore = @(Get-Flow -Tag $tag.Name | Where-Object Status -eq 'Active')
        # Whatever the seed already has in maintenance: "nothing changes" means this list stays as it is.
        $maintenanceBefore = @(Get-Flow -InMaintenance | ForEach-Object Id | Sort-Object)
        function Get-MaintenanceIds { @(Get-Flow -InMaintenance | ForEach-Object Id | Sort-Object) }
        $summaryPattern = '^Disabled \d+ flows?, skipped \d+, failed \d+\.$'
    }

    AfterAll {
        Disconnect-Prefect
        Stop-PrefectSandbox $sandbox
        Restore-PrefectEnvironment $savedEnvironment
        Remove-Module PrefectOps -ErrorAction SilentlyContinue
    }

    Context 'contract' {
        It 'supports -WhatIf/-Confirm and asks by default (ConfirmImpact High)' {
            $metadata = [System.Management.Automation.CommandMetadata]::new((Get-Command Disable-FlowByTag))
            $metadata.SupportsShouldProcess | Should -BeTrue
            "$($metadata.ConfirmImpact)" | Should -Be 'High'
        }

        It 'takes -Tag by position' {
            (Get-Command Disable-FlowByTag).Parameters['Tag'].ParameterSets['ByTag'].Position | Should -Be 0
        }
    }

    Context 'nothing changes' {
        It 'with -WhatIf, for flows piped from Get-Flow (bound by value to -InputObject)' {
            Get-Flow -Tag $tag.Name | Disable-FlowByTag -WhatIf 6>$null
            $after = @(Get-Flow -Tag $tag.Name)
            $after | Where-Object { $_.Id -in $activeBefore.Id } | ForEach-Object { "$($_.Status)" | Should -Be 'Active' }
            (Get-MaintenanceIds) -join "," | Should -Be ($maintenanceBefore -join ",")
        }

        It 'with -WhatIf, for FlowTag objects piped from Get-FlowTag (bound by the Tag alias)' {
            Get-FlowTag -Name $tag.Name | Disable-FlowByTag -WhatIf 6>$null
            (Get-MaintenanceIds) -join "," | Should -Be ($maintenanceBefore -join ",")
        }

        It 'InvalidTag for a wildcard tag, before anything is read' {
            { Disable-FlowByTag -Tag '*' -Confirm:$false } |
                Should -Throw -ErrorId 'InvalidTag,PrefectOps.Commands.DisableFlowByTagCommand'
            (Get-MaintenanceIds) -join "," | Should -Be ($maintenanceBefore -join ",")
        }

        It 'InvalidMaintenanceWindow for an -Until in the past' {
            { Disable-FlowByTag -Tag $tag.Name -Until (Get-Date).AddHours(-1) -Confirm:$false } |
                Should -Throw -ErrorId 'InvalidMaintenanceWindow,PrefectOps.Commands.DisableFlowByTagCommand'
            (Get-MaintenanceIds) -join "," | Should -Be ($maintenanceBefore -join ",")
        }

        It 'rejects an empty -Reason at binding' {
            { Disable-FlowByTag -Tag $tag.Name -Reason '' -Confirm:$false } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,PrefectOps.Commands.DisableFlowByTagCommand'
        }

        It 'FlowNotFound (non-terminating) for an unknown -Id' {
            Disable-FlowByTag -Id ([guid]::NewGuid()) -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue 6>$null
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be 'FlowNotFound,PrefectOps.Commands.DisableFlowByTagCommand'
        }
    }

    Context 'taking flows down' {
        BeforeAll {
            $until = (Get-Date).AddHours(1)
            $records = @(Disable-FlowByTag -Tag $tag.Name -Until $until -Reason 'CHG-1234 patching' -Confirm:$false -WarningVariable disableWarnings -WarningAction SilentlyContinue 6>&1)
        }

        It 'writes no objects without -PassThru, and one summary line on the information stream' {
            $records | Where-Object { $_ -isnot [System.Management.Automation.InformationRecord] } | Should -BeNullOrEmpty
            $summary = @($records | Get-InformationText)
            $summary.Count | Should -Be 1
            $summary[0] | Should -Match $summaryPattern
            $summary[0] | Should -Match "^Disabled $($activeBefore.Count) flows?, skipped $($tag.FlowCount - $activeBefore.Count), failed 0\.$"
            $info = $records | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | Select-Object -First 1
            $info.Tags | Should -Contain 'PSHOST'
        }

        It 'marks every active flow with the window: Until, Reason and start' {
            $after = @(Get-Flow -Tag $tag.Name | Where-Object { $_.Id -in $activeBefore.Id })
            $after.Count | Should -Be $activeBefore.Count
            foreach ($flow in $after) {
                "$($flow.Status)" | Should -Be 'Maintenance'
                $flow.MaintenanceReason | Should -Be 'CHG-1234 patching'
                [Math]::Abs(($flow.MaintenanceUntil - [DateTimeOffset]$until).TotalSeconds) | Should -BeLessThan 2
                $flow.MaintenanceSince | Should -Not -BeNullOrEmpty
                $flow.MaintenanceSince | Should -BeLessOrEqual ([DateTimeOffset]::UtcNow.AddSeconds(1))
                $flow.Tags | Should -Contain $tag.Name
                $flow.Tags | Where-Object { $_ -clike 'MAINTENANCE*' } | Should -BeNullOrEmpty -Because 'marker tags show as Status/Maintenance*, not in Tags'
            }
        }

        It 'leaves a flow paused by somebody else alone, with a warning, and Enable does not resume it' {
            # The demo seed has a flow paused on purpose (not by PrefectOps).
            $paused = Get-Flow | Where-Object Status -eq 'Paused' | Select-Object -First 1
            $paused | Should -Not -BeNullOrEmpty -Because 'the demo seed pauses one flow by hand'
            $pausedTag = $paused.Tags[0]
            Disable-FlowByTag -Tag $pausedTag -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue 6>$null
            "$((Get-Flow -Id $paused.Id).Status)" | Should -Be 'Paused'
            "$warned" | Should -Match ([regex]::Escape("$($paused.Name) is paused without the MAINTENANCE marker"))
            Enable-FlowByTag -Tag $pausedTag -Confirm:$false -WarningAction SilentlyContinue 6>$null
            "$((Get-Flow -Id $paused.Id).Status)" | Should -Be 'Paused'
        }

        It 'shows them with Get-Flow -InMaintenance' {
            $inMaintenance = Get-MaintenanceIds
            $activeBefore.Id | ForEach-Object { $inMaintenance | Should -Contain $_ }
            $inMaintenance.Count | Should -Be ($maintenanceBefore.Count + $activeBefore.Count)
        }

        It 'skips flows already in maintenance when run again' {
            $again = @(Disable-FlowByTag -Tag $tag.Name -Confirm:$false -WarningAction SilentlyContinue 6>&1)
            $summary = @($again | Get-InformationText)
            $summary[0] | Should -Match "^Disabled 0 flows, skipped $($tag.FlowCount), failed 0\.$"
            # The window of the first call is kept.
            (Get-Flow -Id $activeBefore[0].Id).MaintenanceReason | Should -Be 'CHG-1234 patching'
        }
    }

    Context '-PassThru and -Id' {
        It 'emits the flows as they are afterwards and then says nothing on the information stream' {
            $other = Get-Flow | Where-Object { $_.Status -eq 'Active' } | Select-Object -First 1
            if (-not $other) { Set-ItResult -Skipped -Because 'no active flow is left'; return }
            $records = @(Disable-FlowByTag -Id $other.Id -PassThru -Confirm:$false 6>&1)
            $flows = @($records | Where-Object { $_ -is [PrefectOps.Flow] })
            $flows.Count | Should -Be 1
            $flows[0].Id | Should -Be $other.Id
            "$($flows[0].Status)" | Should -Be 'Maintenance'
            @($records | Get-InformationText).Count | Should -Be 0
        }
    }
}
