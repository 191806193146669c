#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The default table views, rendered by PowerShell at 80 and 120 columns with the demo estate's real data: every column
# shows with room for its values, the header is one line, and no line is wider than the console.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
    $script:session = Start-PrefectTestSession
    # One flow in maintenance, so the Until column has a value.
    Get-Flow -Tag finance | Select-Object -First 1 | Disable-FlowByTag -Until (Get-Date).AddHours(2) -Confirm:$false 6>$null

    function script:Get-Table([object[]] $Objects, [int] $Width) {
        $lines = @(($Objects | Out-String -Width $Width) -split "`r?`n" | Where-Object { $_.Trim() })
        # Column i runs from where its label starts to where the next one starts (the last: to the longest line).
        $starts = @([regex]::Matches($lines[0], '\S+') | ForEach-Object Index)
        $longest = ($lines | ForEach-Object { $_.TrimEnd().Length } | Measure-Object -Maximum).Maximum
        $widths = for ($i = 0; $i -lt $starts.Count; $i++) {
            $end = if ($i + 1 -lt $starts.Count) { $starts[$i + 1] - 1 } else { $longest }
            $end - $starts[$i]
        }
        [pscustomobject]@{ Header = $lines[0]; Rule = $lines[1]; Lines = $lines; Widths = @($widths) }
    }
}

AfterAll { Stop-PrefectTestSession $session }

Describe 'Default views' {
    It '<Type> at <Width> columns shows <Labels>, each with room, on one header line' -ForEach @(
        foreach ($width in 80, 120) {
            @{ Type = 'FlowTag'; Width = $width; Labels = 'Name', 'Flows', 'Active', 'Paused', 'Maintenance'; Objects = { Get-FlowTag } }
            @{ Type = 'Flow'; Width = $width; Labels = 'Name', 'Status', 'Until', 'Schedule', 'Tags'; Objects = { Get-Flow } }
            @{ Type = 'FlowRun'; Width = $width; Labels = 'Name', 'Flow', 'State', 'Scheduled', 'Started'; Objects = { Get-FlowRun } }
            @{ Type = 'WorkQueue'; Width = $width; Labels = 'Name', 'WorkPool', 'Paused', 'Limit', 'Priority', 'Status', 'LateRuns'; Objects = { Get-WorkQueue } }
            @{ Type = 'PrefectConnection'; Width = $width; Labels = 'Url', 'Backend', 'ServerVersion', 'ApiVersion', 'Source'; Objects = { Connect-Prefect -ApiUrl $session.ApiUrl -PassThru } }
        }
    ) {
        $objects = @(& $Objects)
        $objects.Count | Should -BeGreaterThan 0
        $table = Get-Table $objects $Width
        # One header line naming every column in order, then the rule of dashes (a wrapped header would break this).
        ($table.Header -split '\s+' | Where-Object { $_ }) | Should -Be $Labels
        $table.Rule | Should -Match '^[- ]+$'
        # No column cut to nothing: each is at least as wide as its label, and text columns have 10 or more.
        for ($i = 0; $i -lt $Labels.Count; $i++) {
            $table.Widths[$i] | Should -BeGreaterOrEqual ([Math]::Max(5, $Labels[$i].Length)) -Because "column $($Labels[$i]) at $Width"
        }
        $table.Lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual $Width }
    }

    It 'gives the text columns the extra room of a wider console' {
        $narrow = (Get-Table @(Get-Flow) 80).Widths
        $wide = (Get-Table @(Get-Flow) 120).Widths
        $wide[3] | Should -BeGreaterThan $narrow[3] -Because 'Schedule grows'
        $narrow[3] | Should -BeGreaterOrEqual 10
        $narrow[0] | Should -BeGreaterOrEqual 30 -Because 'flow names keep their room'
    }

    It 'shows the window end of a flow in maintenance in local time' {
        $flow = Get-Flow -InMaintenance | Select-Object -First 1
        $text = $flow | Out-String -Width 120
        $text | Should -Match ([regex]::Escape($flow.MaintenanceUntil.LocalDateTime.ToString('MM-dd HH:mm')))
        $text | Should -Match 'Maintenance'
    }
}
