#Requires -Version 7.2
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

Describe 'Get-MaintenanceImpact' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
        $session = Start-PrefectTestSession
        $api = $session.ApiUrl
        # The demo seed's crm-sync/crm-sync-15m runs every 15 minutes; somebody schedules one run of it by hand.
        $crm = Get-Flow -Name 'crm-sync/crm-sync-15m'
        $at = [DateTimeOffset]::UtcNow.AddHours(2)
        $handMade = Invoke-PrefectApi $api POST "/deployments/$($crm.Id)/create_flow_run" @{
            state = @{ type = 'SCHEDULED'; state_details = @{ scheduled_time = $at.ToString('o') } }
        }
        $tag = 'server-prod'
        $tagFlows = @(Get-Flow -Tag $tag)
        $until = (Get-Date).AddDays(7)
        $records = @(Get-MaintenanceImpact -Tag $tag -Until $until -WarningVariable previewWarnings -WarningAction SilentlyContinue 6>&1)
        $impacts = @($records | Where-Object { $_ -is [PrefectOps.MaintenanceImpact] })
        $expectedBy = if ([Environment]::UserDomainName -and [Environment]::UserDomainName -ne [Environment]::MachineName) {
            "$([Environment]::UserDomainName)\$([Environment]::UserName)@$([Environment]::MachineName)"
        } else { "$([Environment]::UserName)@$([Environment]::MachineName)" }
    }

    AfterAll {
        Stop-PrefectTestSession $session
        Remove-Module PrefectOps -ErrorAction SilentlyContinue
    }

    Context 'contract' {
        It 'reads only: no -WhatIf/-Confirm, and -Until is mandatory in every set' {
            $command = Get-Command Get-MaintenanceImpact
            $command.Parameters.ContainsKey('WhatIf') | Should -BeFalse
            $command.Parameters['Until'].ParameterSets['__AllParameterSets'].IsMandatory | Should -BeTrue
            $command.OutputType.Name | Should -Contain 'PrefectOps.MaintenanceImpact'
        }

        It 'InvalidMaintenanceWindow when -Until is not after -Start, before anything is read' {
            { Get-MaintenanceImpact -Tag $tag -Start (Get-Date).AddDays(2) -Until (Get-Date).AddDays(1) } |
                Should -Throw -ErrorId 'InvalidMaintenanceWindow,PrefectOps.Commands.GetMaintenanceImpactCommand'
        }
    }

    Context 'the preview' {
        It 'writes one object per flow of the tag' {
            $impacts.Count | Should -Be $tagFlows.Count
            ($impacts.Id | Sort-Object) -join ',' | Should -Be (($tagFlows.Id | Sort-Object) -join ',')
        }

        It 'counts a week of a 15-minute schedule from the schedule, with what catch-up would bring back' {
            $impact = $impacts | Where-Object Id -eq $crm.Id
            "$($impact.Impact)" | Should -Be 'Disable'
            $impact.ScheduledRuns | Should -Be (7 * 96)
            $impact.CatchUpRuns | Should -Be 10
            $impact.FirstScheduledRun | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddMinutes(-1))
            $impact.LastScheduledRun | Should -BeLessOrEqual ([DateTimeOffset]$until)
        }

        It 'lists the run scheduled by hand, which a disable leaves in place, and warns about it' {
            $impact = $impacts | Where-Object Id -eq $crm.Id
            $impact.HandScheduledRuns.Count | Should -Be 1
            $impact.HandScheduledRuns[0].Id | Should -Be $handMade.id
            $impact.HandScheduledRuns[0].AutoScheduled | Should -BeFalse
            "$previewWarnings" | Should -Match ([regex]::Escape("$($crm.Name): 1 run scheduled by hand, by an automation or through the API will still run"))
            "$previewWarnings" | Should -Match ([regex]::Escape("'$($handMade.name)' at"))
        }

        It 'ends with one summary line on the information stream' {
            $summary = @($records | Get-InformationText)
            $summary.Count | Should -Be 1
            $summary[0] | Should -Match "^$($tagFlows.Count) flows: [\d,]+ scheduled runs? skipped, 1 hand-scheduled run will still run, \d+ runs? in flight"
        }

        It 'binds flows piped from Get-Flow (by value) and ids (by property name) to the same answer' {
            $piped = Get-Flow -Name 'crm-sync/crm-sync-15m' | Get-MaintenanceImpact -Until $until -WarningAction SilentlyContinue 6>$null
            $byId = [pscustomobject]@{ Id = $crm.Id } | Get-MaintenanceImpact -Until $until -WarningAction SilentlyContinue 6>$null
            $piped.ScheduledRuns, $byId.ScheduledRuns | Should -Be @((7 * 96), (7 * 96))
        }

        It 'shows a table that fits 80 columns' {
            $lines = ($impacts | Format-Table | Out-String -Width 80) -split "`r?`n" | Where-Object { $_ }
            $lines[0] | Should -Match '^Name\s+Impact\s+Skipped\s+CatchUp\s+ByHand\s+InFlight$'
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
            $lines | Where-Object { $_ -like "$($crm.Name) *" } | Should -Match "Disable\s+672\s+10\s+1\s+\d+$"
        }
    }

    Context 'Disable-FlowByTag -WhatIf -Until and the marker' {
        It 'names the same counts per flow in its -WhatIf message, and changes nothing' {
            $transcript = Join-Path ([System.IO.Path]::GetTempPath()) "prefectops-whatif-$([guid]::NewGuid().ToString('N')).txt"
            $null = Start-Transcript -Path $transcript
            try { Disable-FlowByTag -Tag $tag -Until $until -WhatIf -WarningAction SilentlyContinue 6>$null }
            finally { $null = Stop-Transcript }
            $whatIf = @(Get-Content $transcript | Where-Object { $_ -like "What if:*`"$($crm.Name)`"*" })
            Remove-Item $transcript
            $whatIf.Count | Should -Be 1
            $whatIf[0] | Should -Match '672 scheduled runs skipped \(.+ to .+\), 10 caught up by Enable-FlowByTag -CatchUp; 1 hand-scheduled run will still run; \d+ runs? in flight'
            @(Get-Flow -InMaintenance).Count | Should -Be 0
        }

        It 'records who took the flow down: Get-Flow -InMaintenance shows MaintenanceBy, Enable -Verbose says whose window ends' {
            Disable-FlowByTag -Id $crm.Id -Until $until -Reason 'CHG-42' -Confirm:$false 6>$null
            $down = Get-Flow -InMaintenance | Where-Object Id -eq $crm.Id
            $down.MaintenanceBy | Should -Be $expectedBy
            $view = ($down | Out-String -Width 80) -split "`r?`n" | Where-Object { $_ }
            $view[0] | Should -Match '^Name\s+Since\s+Until\s+MaintenanceBy\s+Reason$'
            $view | Where-Object { $_ -like "$($crm.Name) *" } | Should -Match ([regex]::Escape($expectedBy) + '\s+CHG-42$')

            $verbose = @(Enable-FlowByTag -Id $crm.Id -Confirm:$false -Verbose 4>&1 6>$null | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
            "$verbose" | Should -Match ([regex]::Escape("the window $expectedBy opened at"))
            "$((Get-Flow -Id $crm.Id).Status)" | Should -Be 'Active'
        }
    }
}
