#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Every example of the help runs. The examples come from docs/ (the markdown the help is made from; each test checks
# that Get-Help shows the same code). Each runs as a user would type it: in a new `pwsh -NoProfile -NonInteractive
# -File` with the module imported and PREFECT_API_URL set, against a sandbox of its own seeded with the demo estate,
# with HelpExamples.Prelude.ps1 checking the property names it uses. The examples name made-up servers
# (prefect.example.com, prefect-prod.example.com, and 127.0.0.1:4200 for a local one): only those URLs are rewritten to
# the sandbox's, and a made-up run id to a real run's where HelpExamples.Plan.ps1 says so; nothing else of the text
# changes. It must end without an error; what its Output block shows must show (table headers as they are, messages
# with other counts and names); what it changes is read back. The plan lists the examples that cannot run here, each
# with its reason: for those a test checks only that their commands and parameters exist.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.DocsSupport.psm1') -Force
    $docs = Join-Path $PSScriptRoot '../../docs'
    $plan = & (Join-Path $PSScriptRoot 'HelpExamples.Plan.ps1')
    $examples = @(Get-ChildItem $docs -Filter '*-*.md' | Sort-Object Name | ForEach-Object { Get-DocExample $_.FullName } | ForEach-Object {
            $key = "$($_.Command) $($_.Number)"
            @{ Key = $key; Command = $_.Command; Number = $_.Number; Title = $_.Title; Code = $_.Code; Output = $_.Output
               NotHere = if ($plan[$key]) { $plan[$key].NotHere } }
        })
    $runnable = @($examples | Where-Object { -not $_.NotHere })
    $notHere = @($examples | Where-Object { $_.NotHere })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.DocsSupport.psm1') -Force
    Import-Module (Get-PrefectOpsModulePath) -Force -Global
    $script:savedEnvironment = Use-IsolatedPrefectEnvironment
    $script:plan = & (Join-Path $PSScriptRoot 'HelpExamples.Plan.ps1')
    $script:prelude = Join-Path $PSScriptRoot 'HelpExamples.Prelude.ps1'
    . (Join-Path $PSScriptRoot 'HelpExamples.Helpers.ps1')
}

AfterAll {
    Restore-PrefectEnvironment $savedEnvironment
    Remove-Module PrefectOps -ErrorAction SilentlyContinue
}

Describe 'Help examples' {
    It 'the plan has one entry per example of docs/, none for an example that is gone' {
        $keys = @(Get-ChildItem (Join-Path (Get-PrefectOpsRepoRoot) 'docs') -Filter '*-*.md' | ForEach-Object { Get-DocExample $_.FullName } |
            ForEach-Object { "$($_.Command) $($_.Number)" })
        @($keys | Where-Object { -not $plan.ContainsKey($_) }) | Should -BeNullOrEmpty -Because 'each example needs an entry in HelpExamples.Plan.ps1'
        @($plan.Keys | Where-Object { $_ -notin $keys }) | Should -BeNullOrEmpty -Because 'an entry without an example is stale'
    }

    It '<Key>: <Title>' -ForEach $runnable {
        $entry = $plan[$Key]
        Assert-HelpShowsExample -Command $Command -Number $Number -Code $Code
        $session = Start-PrefectTestSession
        $script:api = $session.ApiUrl
        $script:workFolder = Join-Path $TestDrive ($Key -replace ' ', '-')
        $null = New-Item -ItemType Directory $workFolder -Force
        try {
            $replace = if ($entry.Setup) { & $entry.Setup } else { $null }
            $result = Invoke-Example -Code $Code -ApiUrl $api -Replace $(if ($replace -is [hashtable]) { $replace } else { @{} })

            $result.ExitCode | Should -Be 0 -Because "the example ends without an error:`n$($result.Errors)`n$($result.Output)"
            $result.Errors | Should -BeNullOrEmpty -Because "the example writes no error:`n$($result.Output)"
            if (-not $entry.Quiet) { $result.Output.Trim() | Should -Not -BeNullOrEmpty -Because 'the example shows something' }
            Assert-OutputShows -Documented $Output -Actual $result.Output -Unshown $(if ($entry.Unshown) { $entry.Unshown } else { @{} })
            if ($entry.Then) { & $entry.Then }
        }
        finally { Stop-PrefectTestSession $session }
    }

    It '<Key> is not run here (<NotHere>); its commands and parameters exist' -ForEach $notHere {
        Assert-HelpShowsExample -Command $Command -Number $Number -Code $Code
        Assert-ExampleParametersExist -Code $Code
    }
}
