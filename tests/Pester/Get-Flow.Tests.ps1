#Requires -Version 7.2
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

Describe 'Get-Flow' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
        Import-Module (Get-PrefectOpsModulePath) -Force
        $savedEnvironment = Use-IsolatedPrefectEnvironment
        $sandbox = Start-PrefectSandbox -PrefectVersion 2 -Seed demo
        Connect-Prefect -ApiUrl $sandbox.ApiUrl
        $allFlows = @(Get-Flow)
        # The demo seed's data is discovered, not assumed: a tag with active flows.
        $tag = Get-FlowTag | Where-Object ActiveCount -gt 0 | Sort-Object FlowCount | Select-Object -First 1
    }

    AfterAll {
        Disconnect-Prefect
        Stop-PrefectSandbox $sandbox
        Restore-PrefectEnvironment $savedEnvironment
        Remove-Module PrefectOps -ErrorAction SilentlyContinue
    }

    It 'lists every flow as a PrefectOps.Flow' {
        $allFlows.Count | Should -BeGreaterThan 0
        $allFlows | ForEach-Object { $_ | Should -BeOfType ([PrefectOps.Flow]) }
        $tag | Should -Not -BeNullOrEmpty -Because 'the demo seed has tagged, active flows'
    }

    Context '-Tag' {
        It 'returns the flows having the tag (exact)' {
            $flows = @(Get-Flow -Tag $tag.Name)
            $flows.Count | Should -Be $tag.FlowCount
            $flows | ForEach-Object { $_.Tags | Should -Contain $tag.Name }
        }

        It 'binds FlowTag objects from Get-FlowTag by the Tag alias property' {
            $piped = @(Get-FlowTag -Name $tag.Name | Get-Flow)
            $direct = @(Get-Flow -Tag $tag.Name)
            ($piped.Id | Sort-Object) | Should -Be ($direct.Id | Sort-Object)
        }

        It 'with several tags returns the flows having all of them' {
            $flow = $allFlows | Where-Object { $_.Tags.Count -ge 2 } | Select-Object -First 1
            if (-not $flow) { Set-ItResult -Skipped -Because 'no demo flow has two tags'; return }
            $found = @(Get-Flow -Tag $flow.Tags[0], $flow.Tags[1])
            $found.Id | Should -Contain $flow.Id
            $found | ForEach-Object { $_.Tags | Should -Contain $flow.Tags[0]; $_.Tags | Should -Contain $flow.Tags[1] }
        }

        It 'InvalidTag for a wildcard, before any request' {
            { Get-Flow -Tag '*' } | Should -Throw -ErrorId 'InvalidTag,PrefectOps.Commands.GetFlowCommand'
            { Get-Flow -Tag 'srv-?' } | Should -Throw -ErrorId 'InvalidTag,PrefectOps.Commands.GetFlowCommand'
        }

        It 'InvalidTag even when no server could be reached (checked first)' {
            Disconnect-Prefect
            $saved = $env:PREFECT_API_URL
            try {
                $env:PREFECT_API_URL = Get-UnreachableApiUrl
                { Get-Flow -Tag '*' } | Should -Throw -ErrorId 'InvalidTag,PrefectOps.Commands.GetFlowCommand'
            }
            finally {
                $env:PREFECT_API_URL = $saved
                Connect-Prefect -ApiUrl $sandbox.ApiUrl
            }
        }

        It 'warns when no flow has the tag' {
            $found = Get-Flow -Tag 'no-such-tag-7f3a' -WarningVariable warnings -WarningAction SilentlyContinue
            $found | Should -BeNullOrEmpty
            "$warnings" | Should -Match "No flow has the tag 'no-such-tag-7f3a'"
        }

        It 'is not a wildcard parameter' {
            $parameter = (Get-Command Get-Flow).Parameters['Tag']
            $parameter.Attributes.Where({ $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count | Should -Be 0
        }
    }

    Context '-Name and -ExcludeName' {
        It 'matches names with wildcards, by position' {
            $flow = $allFlows | Select-Object -First 1
            $found = @(Get-Flow ($flow.Name.Substring(0, 1) + '*'))
            $found.Id | Should -Contain $flow.Id
        }

        It 'excludes names' {
            $flow = $allFlows | Select-Object -First 1
            $found = @(Get-Flow -ExcludeName $flow.Name)
            $found.Id | Should -Not -Contain $flow.Id
            $found.Count | Should -Be ($allFlows.Count - @($allFlows | Where-Object Name -eq $flow.Name).Count)
        }
    }

    Context '-Id' {
        It 'gets flows by id, also from piped objects with an Id property' {
            $two = @($allFlows | Select-Object -First 2)
            $byId = @(Get-Flow -Id $two.Id)
            $byId.Id | Should -Be $two.Id
            $piped = @($two | Get-Flow)
            $piped.Id | Should -Be $two.Id
            $fromCsv = @($two | Select-Object Id | Get-Flow)
            $fromCsv.Id | Should -Be $two.Id
        }

        It 'writes a non-terminating FlowNotFound for an unknown id and goes on' {
            $known = $allFlows[0].Id
            $found = @(Get-Flow -Id ([guid]::NewGuid()), $known -ErrorVariable errors -ErrorAction SilentlyContinue)
            $found.Id | Should -Be $known
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be 'FlowNotFound,PrefectOps.Commands.GetFlowCommand'
            "$($errors[0].CategoryInfo.Category)" | Should -Be 'ObjectNotFound'
        }

        It 'cannot be combined with -Tag (another parameter set)' {
            { Get-Flow -Id ([guid]::NewGuid()) -Tag $tag.Name } |
                Should -Throw -ErrorId 'AmbiguousParameterSet,PrefectOps.Commands.GetFlowCommand'
        }
    }

    Context '-InMaintenance' {
        It 'returns only flows carrying the marker' {
            $flow = Get-Flow -Tag $tag.Name | Where-Object Status -eq 'Active' | Select-Object -First 1
            # ForEach-Object, not .Id: build.ps1 runs the suite under Set-StrictMode -Version Latest, where .Id of an
            # empty array is an error.
            @(Get-Flow -InMaintenance | ForEach-Object Id) | Should -Not -Contain $flow.Id

            $flow | Disable-FlowByTag -Reason 'Get-Flow -InMaintenance test' -Confirm:$false 6>$null
            try {
                $inMaintenance = @(Get-Flow -InMaintenance)
                $inMaintenance.Id | Should -Contain $flow.Id
                $inMaintenance | ForEach-Object { "$($_.Status)" | Should -Be 'Maintenance' }
                ($inMaintenance | Where-Object Id -eq $flow.Id).MaintenanceReason | Should -Be 'Get-Flow -InMaintenance test'
            }
            finally {
                # By id: the piped $flow is the object as it was before Disable (no marker), so it would be skipped.
                Enable-FlowByTag -Id $flow.Id -Confirm:$false 6>$null
            }
            # ForEach-Object, not .Id: build.ps1 runs the suite under Set-StrictMode -Version Latest, where .Id of an
            # empty array is an error.
            @(Get-Flow -InMaintenance | ForEach-Object Id) | Should -Not -Contain $flow.Id
        }
    }

    It 'shows the default table view' {
        $text = $allFlows | Select-Object -First 3 | Out-String
        $text | Should -Match 'Name\s+Status\s+Until\s+Schedule\s+Tags'
    }
}
