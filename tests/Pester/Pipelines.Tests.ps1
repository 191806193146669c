#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The pipelines README and the help promise, run as a user types them; what changed is read back from the server.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
    $script:session = Start-PrefectTestSession
    $script:api = $session.ApiUrl
}

AfterAll { Stop-PrefectTestSession $session }

Describe 'README pipelines' {
    It "Get-FlowTag 'server-*' | Get-Flow: the flows of every matching tag" {
        $byTag = @(Get-FlowTag 'server-*')
        $byTag.Name | Should -Be @('server-dev', 'server-prod')
        $flows = @(Get-FlowTag 'server-*' | Get-Flow)
        $expected = @(Get-Flow -Tag server-dev) + @(Get-Flow -Tag server-prod)
        ($flows.Id | Sort-Object) | Should -Be ($expected.Id | Sort-Object)
    }

    It 'Get-Flow -Tag t | Disable-FlowByTag, then Enable-FlowByTag -Tag t: the server has them marked, then back' {
        $flows = @(Get-Flow -Tag finance | Where-Object Status -eq 'Active')
        $flows.Count | Should -BeGreaterThan 1
        Get-Flow -Tag finance | Disable-FlowByTag -Reason 'pipeline test' -Confirm:$false 6>$null
        foreach ($f in $flows) {
            $d = Get-PrefectDeployment $api $f.Id
            $d.Paused | Should -BeTrue
            $d.Marked | Should -BeTrue
        }
        Enable-FlowByTag -Tag finance -Confirm:$false 6>$null
        foreach ($f in $flows) {
            $d = Get-PrefectDeployment $api $f.Id
            $d.Paused | Should -BeFalse
            $d.Marked | Should -BeFalse
        }
    }

    It 'Import-Csv flows.csv | Enable-FlowByTag: an Id column binds by property name' {
        $flows = @(Get-Flow -Tag nightly | Where-Object Status -eq 'Active')
        $csv = Join-Path $TestDrive 'flows.csv'
        $flows | Disable-FlowByTag -PassThru -Confirm:$false 6>$null | Select-Object Id, Name | Export-Csv -Path $csv
        (Import-Csv $csv).Count | Should -Be $flows.Count
        Import-Csv $csv | Enable-FlowByTag -Confirm:$false 6>$null
        foreach ($f in $flows) { (Get-PrefectDeployment $api $f.Id).Paused | Should -BeFalse }
    }

    It 'Get-Flow | Get-FlowRun -State Running | Stop-FlowRun: the running runs go to Cancelling' {
        $running = @(Get-Flow | Get-FlowRun -State Running)
        $running.Count | Should -BeGreaterThan 0 -Because 'the demo estate has a running run'
        Get-Flow | Get-FlowRun -State Running | Stop-FlowRun -Confirm:$false 6>$null
        foreach ($run in $running) { Get-PrefectRunState $api $run.Id | Should -Be 'CANCELLING' }
    }

    It "Get-WorkQueue 'crit*' | Suspend-WorkQueue, then Resume-WorkQueue by -Name and -WorkPool" {
        $queues = @(Get-WorkQueue 'crit*')
        $queues.Count | Should -BeGreaterThan 0
        Get-WorkQueue 'crit*' | Suspend-WorkQueue -Confirm:$false 6>$null
        foreach ($q in $queues) { (Invoke-PrefectApi $api GET "/work_queues/$($q.Id)").is_paused | Should -BeTrue }
        $queues | ForEach-Object { Resume-WorkQueue -Name $_.Name -WorkPool $_.WorkPool -Confirm:$false 6>$null }
        foreach ($q in $queues) { (Invoke-PrefectApi $api GET "/work_queues/$($q.Id)").is_paused | Should -BeFalse }
    }

    It 'Get-FlowTag x | Get-FlowRun: the runs having the tag' {
        $expected = @(Get-FlowRun -Tag manual)
        $expected.Count | Should -BeGreaterThan 0 -Because 'the demo estate has runs tagged manual'
        $piped = @([pscustomobject]@{ Tag = 'manual' } | Get-FlowRun)
        ($piped.Id | Sort-Object) | Should -Be ($expected.Id | Sort-Object)
        $fromTags = @(Get-FlowTag server-prod | Get-FlowRun)
        ($fromTags.Id | Sort-Object) | Should -Be (@(Get-FlowRun -Tag server-prod).Id | Sort-Object)
        $fromTags.Count | Should -BeGreaterThan 0
    }
}

Describe 'Bindings the help promises' {
    It 'Get-Flow -Id and Get-FlowRun -Id bind objects with an Id property (CSV rows)' {
        $flow = Get-Flow -Tag server-prod | Select-Object -First 1
        ([pscustomobject]@{ Id = "$($flow.Id)" } | Get-Flow).Id | Should -Be $flow.Id
        $run = Get-FlowRun -Tag manual | Select-Object -First 1
        ([pscustomobject]@{ Id = "$($run.Id)" } | Get-FlowRun).Id | Should -Be $run.Id
    }

    It 'Disable-FlowByTag and Enable-FlowByTag take FlowTag objects (the Tag alias) and -Tag by position' {
        Get-FlowTag finance | Disable-FlowByTag -Confirm:$false 6>$null
        @(Get-Flow -Tag finance -InMaintenance).Count | Should -BeGreaterThan 0
        Enable-FlowByTag finance -Confirm:$false 6>$null
        @(Get-Flow -Tag finance -InMaintenance -WarningVariable none -WarningAction SilentlyContinue).Count | Should -Be 0
        "$none" | Should -Be "No flow with the tag 'finance' is in maintenance (MAINTENANCE)." 
    }

    It 'Stop-FlowRun and Resume-FlowRun take runs by value and ids by property name' {
        $id = New-PrefectTestRun $api -States PENDING, RUNNING
        $null = Invoke-PrefectApi $api POST "/flow_runs/$id/set_state" @{ state = @{ type = 'PAUSED' } }
        [pscustomobject]@{ Id = "$id" } | Resume-FlowRun -Confirm:$false 6>$null
        Get-PrefectRunState $api $id | Should -Be 'RUNNING'
        Get-FlowRun -Id $id | Stop-FlowRun -Confirm:$false 6>$null
        Get-PrefectRunState $api $id | Should -Be 'CANCELLING'
    }

    It 'Set-WorkQueue takes Name and WorkPool by property name (CSV rows) and queues by value' {
        [pscustomobject]@{ Name = 'bulk'; WorkPool = 'prod-pool' } | Set-WorkQueue -ConcurrencyLimit 3 -Confirm:$false 6>$null
        (Get-WorkQueue bulk -WorkPool prod-pool).ConcurrencyLimit | Should -Be 3
        Get-WorkQueue bulk -WorkPool prod-pool | Set-WorkQueue -ConcurrencyLimit $null -Confirm:$false 6>$null
        (Get-WorkQueue bulk -WorkPool prod-pool).ConcurrencyLimit | Should -BeNullOrEmpty
    }
}
