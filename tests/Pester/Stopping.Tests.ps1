#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Ctrl+C: stopping a pipeline (PowerShell.Stop(), what the console does on Ctrl+C) during a long bulk change ends the
# requests in flight at once and leaves no flow half-done; a re-run completes the change.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
    $script:session = Start-PrefectTestSession -ExtraArguments '--bulk-flows', '60'
    $script:api = $session.ApiUrl
    $script:bulk = @(Get-Flow -Tag bulk)

    function script:Wait-Until([scriptblock] $Condition, [int] $Seconds = 60) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Not true within $Seconds s: $Condition" }
            Start-Sleep -Milliseconds 50
        }
    }

    function script:Start-HostedPipeline([string] $Script) {
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$(Get-PrefectOpsModulePath)'; Connect-Prefect -ApiUrl '$api'; $Script")
        [pscustomobject]@{ PowerShell = $ps; Handle = $ps.BeginInvoke() }
    }

    function script:Assert-NothingHalfDone {
        foreach ($flow in $bulk) {
            $d = Get-PrefectDeployment $api $flow.Id
            $d.Paused | Should -Be $d.Marked -Because "$($flow.Name) must be paused exactly when it carries the marker"
        }
    }
}

AfterAll { Stop-PrefectTestSession $session }

Describe 'Stopping a bulk change' {
    AfterEach { Clear-SandboxFault -ApiUrl $api }

    It 'ends the hanging requests of Disable-FlowByTag within a second and leaves no flow half-done' {
        $bulk.Count | Should -Be 60
        # The 11th PATCH and every later one never answer, as a server that stopped responding.
        Add-SandboxFault -ApiUrl $api -Route 'PATCH /deployments/{id}' -Kind Hang -Skip 10
        $pipeline = Start-HostedPipeline 'Disable-FlowByTag -Tag bulk -Confirm:$false'
        Wait-Until { (Get-SandboxFaultHit -ApiUrl $api) -gt 0 }   # a request is hanging now

        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $pipeline.PowerShell.Stop()
        $watch.Stop()

        $pipeline.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 1 -Because 'Ctrl+C cancels the requests in flight (each would otherwise wait out its 60 s timeout)'
        $pipeline.PowerShell.Dispose()
        Assert-NothingHalfDone
        @($bulk | Where-Object { (Get-PrefectDeployment $api $_.Id).Marked }).Count | Should -BeGreaterOrEqual 10
    }

    It 'a re-run completes what the stopped one began' {
        Disable-FlowByTag -Tag bulk -Confirm:$false 6>$null
        foreach ($flow in $bulk) { (Get-PrefectDeployment $api $flow.Id).Marked | Should -BeTrue }
    }

    It 'ends Enable-FlowByTag -CatchUp too, without leaving a flow resumed and unmarked before its catch-up' {
        # Windows opened two hours ago, so each flow has missed runs to catch up.
        foreach ($flow in $bulk) { Set-PrefectWindowTime -ApiUrl $api -Id $flow.Id -Since (Get-Date).AddHours(-2) }
        Add-SandboxFault -ApiUrl $api -Route 'POST /deployments/{id}/schedule' -Kind Hang -Skip 5
        $pipeline = Start-HostedPipeline 'Enable-FlowByTag -Tag bulk -CatchUp -Confirm:$false'
        Wait-Until { (Get-SandboxFaultHit -ApiUrl $api) -gt 0 }
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $pipeline.PowerShell.Stop()
        $watch.Stop()
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 1
        $pipeline.PowerShell.Dispose()
        Clear-SandboxFault -ApiUrl $api
        Assert-NothingHalfDone
        Enable-FlowByTag -Tag bulk -CatchUp -Confirm:$false 6>$null
        foreach ($flow in $bulk) { (Get-PrefectDeployment $api $flow.Id).Paused | Should -BeFalse }
    }
}
