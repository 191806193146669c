# How each example of the help runs in HelpExamples.Tests.ps1, keyed '<Command> <Number>'. Every example of docs/ has
# exactly one entry (the test fails on a missing or a stale one):
#   Setup    what the example's story assumes, made on its sandbox (a fresh demo estate) before it runs; may return a
#            hashtable of text to replace in the example (a made-up run id by a real one).
#   Then     what it changed, read back from the server.
#   Quiet    why the example prints nothing (otherwise it must print something).
#   Unshown  Output lines the sandbox cannot produce, with why (otherwise every Output line must show).
#   NotHere  why the example cannot run here; it is then not run, and the test says so by its name.
# Setup and Then run in the test's session, connected to the example's sandbox ($api), with the helpers of the test.
@{
    'Connect-Prefect 1'    = @{}
    'Connect-Prefect 2'    = @{ NotHere = 'Prefect Cloud: it needs an account, a workspace and an API key typed at a Read-Host prompt' }
    'Connect-Prefect 3'    = @{ NotHere = 'a Get-Credential prompt for the password of an HTTPS server with a company CA; the sandbox serves HTTPS only in-process, where ClientHttpSettingsTests cover -CertificateFile and Connect-Prefect.Settings.Tests -Credential' }
    'Connect-Prefect 4'    = @{}

    'Disconnect-Prefect 1' = @{ Quiet = 'Disconnect-Prefect and Connect-Prefect without -PassThru write nothing' }
    'Disconnect-Prefect 2' = @{}

    'Get-FlowTag 1'        = @{ Setup = { Set-PausedOnPurpose 'weekly-reindex' } }
    'Get-FlowTag 2'        = @{}
    'Get-FlowTag 3'        = @{ Setup = { Open-Window -Tag server-prod } }

    'Get-Flow 1'           = @{ Setup = { Set-PausedOnPurpose 'weekly-reindex' } }
    'Get-Flow 2'           = @{ Setup = { Open-Window -Tag server-prod } }
    'Get-Flow 3'           = @{}
    'Get-Flow 4'           = @{ Setup = { Write-FlowCsv 'nightly-load', 'crm-sync-15m' } }

    'Get-MaintenanceImpact 1' = @{
        Setup   = { $null = New-ExampleRun 'nightly-load' -ScheduledAt (Get-Date).AddHours(1) }
        Unshown = @{ "by jdoe (user)" = 'the sandbox, like a server without accounts, records no creator (created_by), so the warning names none' }
    }
    'Get-MaintenanceImpact 2' = @{ Setup = { $null = New-ExampleRun 'nightly-load' -ScheduledAt (Get-Date).Date.AddDays(1).AddHours(12) } }
    'Get-MaintenanceImpact 3' = @{
        Quiet = 'it writes impact.csv'
        Then  = {
            $rows = @(Import-Csv (Join-Path $workFolder 'impact.csv'))
            $rows.Count | Should -BeGreaterThan 0
            $rows[0].PSObject.Properties.Name | Should -Be 'Name', 'Impact', 'ScheduledRuns', 'FirstScheduledRun', 'LastScheduledRun', 'CatchUpRuns', 'Note'
        }
    }

    'Disable-FlowByTag 1'  = @{
        Setup = { Set-PausedOnPurpose 'weekly-reindex' }
        Then  = { Get-ServerProd | Where-Object Name -ne 'weekly-reindex' | ForEach-Object { $_.Marked | Should -BeTrue -Because $_.Name } }
    }
    'Disable-FlowByTag 2'  = @{ Then = { Get-ServerProd | ForEach-Object { $_.Marked | Should -BeFalse -Because "-WhatIf changes nothing ($($_.Name))" } } }
    'Disable-FlowByTag 3'  = @{
        # The story's flows use two systems: one server-prod flow is tagged etl as well.
        Setup = { Add-DeploymentTag 'nightly-load' 'etl' }
        Then  = { (Get-ServerProd | Where-Object Marked).Name | Should -Be 'nightly-load' }
    }
    'Disable-FlowByTag 4'  = @{
        Setup = { Write-FlowCsv 'nightly-load', 'crm-sync-15m' }
        Then  = { (Get-ServerProd | Where-Object Marked).Name | Sort-Object | Should -Be 'crm-sync-15m', 'nightly-load' }
    }

    'Enable-FlowByTag 1'   = @{
        Setup = { Set-PausedOnPurpose 'weekly-reindex'; Open-Window -Tag server-prod -HoursAgo 3 }
        Then  = { Get-ServerProd | ForEach-Object { $_.Marked | Should -BeFalse -Because $_.Name } }
    }
    'Enable-FlowByTag 2'   = @{
        Setup = { Open-Window -Tag server-prod -HoursAgo 3 -Expired }
        Then  = { Get-ServerProd | ForEach-Object { $_.Marked | Should -BeFalse -Because $_.Name } }
    }
    'Enable-FlowByTag 3'   = @{
        Setup = { Open-Window -Tag server-prod -HoursAgo 3 }
        Then  = { Get-ServerProd | ForEach-Object { $_.Marked | Should -BeTrue -Because "-WhatIf changes nothing ($($_.Name))" } }
    }
    'Enable-FlowByTag 4'   = @{
        Setup = { Open-Window -Tag server-prod -HoursAgo 3 }
        Then  = { Get-ServerProd | ForEach-Object { $_.Marked | Should -BeFalse -Because $_.Name } }
    }

    'Get-FlowRun 1'        = @{}
    'Get-FlowRun 2'        = @{
        # After a window of three hours ended with -CatchUp: the caught-up runs are Late.
        Setup = { Open-Window -Tag server-prod -HoursAgo 3; Enable-FlowByTag -Tag server-prod -CatchUp -Confirm:$false 6>$null; Set-LateRuns }
    }
    'Get-FlowRun 3'        = @{ Setup = { $null = New-ExampleRun 'nightly-load' -States RUNNING, PAUSED } }

    'Stop-FlowRun 1'       = @{
        # The demo estate has a running run of nightly-load; its worker stops it when asked.
        Setup = { $script:stopped = @(Get-FlowRun -Tag server-prod -State Running, Pending); Start-SandboxWorker }
        Then  = { $stopped | ForEach-Object { Get-PrefectRunState $api $_.Id | Should -Be 'CANCELLED' } }
    }
    'Stop-FlowRun 2'       = @{ Then = { @(Get-FlowRun -Tag server-prod -State Cancelled) | Should -BeNullOrEmpty -Because '-WhatIf cancels nothing' } }
    'Stop-FlowRun 3'       = @{
        Setup = { $script:exampleRun = New-ExampleRun 'nightly-load' -States PENDING, RUNNING; Start-SandboxWorker; @{ '5f0c6b0e-3a52-4b3c-9d0e-1c2f3a4b5c6d' = "$exampleRun" } }
        Then  = { Get-PrefectRunState $api $exampleRun | Should -Be 'CANCELLED' }
    }

    'Resume-FlowRun 1'     = @{
        Setup = { $script:exampleRun = New-ExampleRun 'nightly-load' -States RUNNING, PAUSED }
        Then  = { Get-PrefectRunState $api $exampleRun | Should -Be 'RUNNING' }
        Quiet = 'Resume-FlowRun without -PassThru writes nothing'
    }
    'Resume-FlowRun 2'     = @{
        Setup = { $script:exampleRun = New-ExampleRun 'nightly-load' -States RUNNING, PAUSED; @{ '5f0c6b0e-3a52-4b3c-9d0e-1c2f3a4b5c6d' = "$exampleRun" } }
        Then  = { Get-PrefectRunState $api $exampleRun | Should -Be 'RUNNING' }
    }
    'Resume-FlowRun 3'     = @{
        Setup = { $script:exampleRun = New-ExampleRun 'nightly-load' -States RUNNING, PAUSED }
        Then  = { Get-PrefectRunState $api $exampleRun | Should -Be 'PAUSED' -Because '-WhatIf resumes nothing' }
    }

    'Get-WorkQueue 1'      = @{ Setup = { New-DatabaseQueues } }
    'Get-WorkQueue 2'      = @{ Setup = { $null = New-ExampleRun 'crm-sync-15m' -ScheduledAt (Get-Date).AddMinutes(-30); Set-LateRuns } }

    'Suspend-WorkQueue 1'  = @{
        Setup = { New-DatabaseQueues }
        Then  = { Get-WorkQueue -Name 'db-*' | ForEach-Object { $_.IsPaused | Should -BeFalse -Because "$($_.Name) was resumed" } }
        Quiet = 'Suspend-WorkQueue and Resume-WorkQueue without -PassThru write nothing'
    }
    'Suspend-WorkQueue 2'  = @{ Setup = { New-DatabaseQueues }; Then = { (Get-WorkQueue -Name db-etl -WorkPool prod-pool).IsPaused | Should -BeTrue } }

    'Resume-WorkQueue 1'   = @{
        Setup = { New-DatabaseQueues; Get-WorkQueue -Name 'db-*' | Suspend-WorkQueue -Confirm:$false }
        Then  = { Get-WorkQueue -Name 'db-*' | ForEach-Object { $_.IsPaused | Should -BeFalse -Because $_.Name } }
        Quiet = 'Resume-WorkQueue without -PassThru writes nothing'
    }
    'Resume-WorkQueue 2'   = @{
        Setup = { New-DatabaseQueues; Suspend-WorkQueue -Name db-etl -WorkPool prod-pool -Confirm:$false }
        Then  = { (Get-WorkQueue -Name db-etl -WorkPool prod-pool).IsPaused | Should -BeFalse }
    }

    'Set-WorkQueue 1'      = @{
        Setup = { New-DatabaseQueues }
        Then  = { (Get-WorkQueue -Name db-etl -WorkPool prod-pool).ConcurrencyLimit | Should -BeNullOrEmpty }
        Quiet = 'Set-WorkQueue without -PassThru writes nothing'
    }
    'Set-WorkQueue 2'      = @{
        Setup = { New-DatabaseQueues }
        Then  = { Get-WorkQueue -Name 'db-*' | ForEach-Object { $_.ConcurrencyLimit | Should -Be 4 -Because $_.Name } }
    }
}
