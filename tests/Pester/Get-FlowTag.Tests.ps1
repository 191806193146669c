#Requires -Version 7.2
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

Describe 'Get-FlowTag' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
        Import-Module (Get-PrefectOpsModulePath) -Force
        $savedEnvironment = Use-IsolatedPrefectEnvironment
        $sandbox = Start-PrefectSandbox -PrefectVersion 2 -Seed demo
        Connect-Prefect -ApiUrl $sandbox.ApiUrl
        $allTags = @(Get-FlowTag)
    }

    AfterAll {
        Disconnect-Prefect
        Stop-PrefectSandbox $sandbox
        Restore-PrefectEnvironment $savedEnvironment
        Remove-Module PrefectOps -ErrorAction SilentlyContinue
    }

    It 'lists the demo tags as FlowTag objects, sorted by name' {
        $allTags.Count | Should -BeGreaterThan 0
        $allTags | ForEach-Object { $_ | Should -BeOfType ([PrefectOps.FlowTag]) }
        $names = $allTags.Name
        $names | Should -Be ($names | Sort-Object)
    }

    It 'counts each flow once, in exactly one state' {
        foreach ($tag in $allTags) {
            $tag.FlowCount | Should -BeGreaterThan 0
            ($tag.ActiveCount + $tag.PausedCount + $tag.MaintenanceCount) | Should -Be $tag.FlowCount -Because "tag $($tag.Name)"
        }
    }

    It 'agrees with Get-Flow about how many flows carry a tag' {
        $tag = $allTags | Select-Object -First 1
        @(Get-Flow -Tag $tag.Name).Count | Should -Be $tag.FlowCount
    }

    It 'does not list the maintenance marker or its window tags' {
        $allTags.Name | Where-Object { $_ -ceq 'MAINTENANCE' -or $_ -clike 'MAINTENANCE:*' } | Should -BeNullOrEmpty
    }

    It 'has a Tag alias property equal to Name (types.ps1xml), for piping to -Tag' {
        $tag = $allTags | Select-Object -First 1
        $tag.Tag | Should -BeExactly $tag.Name
        $tag.PSObject.Properties['Tag'].MemberType | Should -Be 'AliasProperty'
    }

    Context '-Name' {
        It 'filters with wildcards, by position' {
            $first = $allTags | Select-Object -First 1
            $pattern = $first.Name.Substring(0, [Math]::Min(2, $first.Name.Length)) + '*'
            $found = @(Get-FlowTag $pattern)
            $found.Name | Should -Contain $first.Name
            $found | ForEach-Object { $_.Name | Should -BeLike $pattern }
        }

        It 'takes names from the pipeline' {
            $two = @($allTags | Select-Object -First 2)
            $found = @($two.Name | Get-FlowTag)
            $found.Name | Should -Be $two.Name
        }

        It 'warns about an exact name no flow has, and writes nothing for it' {
            $found = Get-FlowTag -Name 'no-such-tag-7f3a' -WarningVariable warnings -WarningAction SilentlyContinue
            $found | Should -BeNullOrEmpty
            "$warnings" | Should -Match "No flow has the tag 'no-such-tag-7f3a'"
        }

        It 'does not warn when a wildcard matches nothing' {
            $found = Get-FlowTag -Name 'no-such-tag-*' -WarningVariable warnings -WarningAction SilentlyContinue
            $found | Should -BeNullOrEmpty
            $warnings.Count | Should -Be 0
        }

        It 'declares [SupportsWildcards] on -Name and a completer' {
            $parameter = (Get-Command Get-FlowTag).Parameters['Name']
            $parameter.Attributes.Where({ $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count | Should -Be 1
            $parameter.Attributes.Where({ $_ -is [System.Management.Automation.ArgumentCompleterAttribute] }).Count | Should -Be 1
        }
    }

    Context '-Marker' {
        It 'InvalidMarker for a marker with a wildcard or a colon' {
            { Get-FlowTag -Marker 'MAINT*' } | Should -Throw -ErrorId 'InvalidMarker,PrefectOps.Commands.GetFlowTagCommand'
            { Get-FlowTag -Marker 'a:b' } | Should -Throw -ErrorId 'InvalidMarker,PrefectOps.Commands.GetFlowTagCommand'
        }
    }

    It 'shows a table with the counts by default' {
        $text = $allTags | Out-String
        $text | Should -Match 'Name\s+Flows\s+Active\s+Paused\s+Maintenance'
    }
}
