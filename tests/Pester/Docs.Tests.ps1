#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# platyPS keeps docs/ in step with the built module: Update-MarkdownHelp on a copy of docs/ must change nothing, so a
# new parameter without docs, a changed type, set or pipeline binding fails here with the diff platyPS would make.
# (The xunit tests in tests/PrefectOps.Tests/Docs check the same from the dll's metadata, where no pwsh runs.)
# platyPS 0.14 comes from PSModulePath: build.ps1 puts ../shared/tools/Modules there where none is installed.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
    $script:docs = Join-Path (Get-PrefectOpsRepoRoot) 'docs'
    $script:copy = Join-Path $TestDrive 'docs'
    Copy-Item $docs $copy -Recurse
    # A second copy with one parameter's section taken out, as a parameter added to a cmdlet without docs would be:
    # proves that the update notices what is missing.
    $script:lacking = Join-Path $TestDrive 'lacking'
    Copy-Item $docs $lacking -Recurse
    $getFlow = Join-Path $lacking 'Get-Flow.md'
    $text = Get-Content -Raw $getFlow
    [IO.File]::WriteAllText($getFlow, ($text -replace '(?s)### -ExcludeName\r?\n.*?(?=### -Id)', ''))

    # The built module without its help, so platyPS sees only the dll and the markdown: with the MAML beside it, platyPS
    # would fill a missing section from the MAML, which is made from docs/ itself.
    $module = Join-Path $TestDrive 'PrefectOps'
    $null = New-Item -ItemType Directory $module
    Get-ChildItem (Split-Path (Get-PrefectOpsModulePath)) -File | Copy-Item -Destination $module

    # In a new pwsh, so platyPS's assemblies stay out of the suite's session.
    $updater = Join-Path $TestDrive 'update.ps1'
    Set-Content $updater @'
$ErrorActionPreference = 'Stop'
Import-Module platyPS -MinimumVersion 0.14.0 -MaximumVersion 0.14.999
Import-Module $env:PREFECTOPS_MODULE_PATH
foreach ($folder in $env:DOCS_TO_UPDATE -split [IO.Path]::PathSeparator) {
    Update-MarkdownHelp -Path $folder -AlphabeticParamsOrder | Out-Null
}
'@
    $script:run = Invoke-ChildPwsh -File $updater -Environment @{
        PREFECTOPS_MODULE_PATH = Join-Path $module 'PrefectOps.psd1'
        DOCS_TO_UPDATE         = $copy + [IO.Path]::PathSeparator + $lacking
    }

    function script:Get-DocsDiff([string] $Before, [string] $After) {
        # platyPS writes CRLF; the repository keeps LF. Only content counts.
        @(git diff --no-index --ignore-cr-at-eol -- $Before $After)
    }
}

Describe 'docs/ and platyPS' {
    It 'Update-MarkdownHelp runs against the built module' {
        $run.ExitCode | Should -Be 0 -Because "$($run.Errors)$($run.Output)"
    }

    It 'Update-MarkdownHelp on a copy of docs/ changes nothing' {
        $diff = Get-DocsDiff $docs $copy
        $diff | Should -BeNullOrEmpty -Because (
            "platyPS would change docs/ (import the built module and run Update-MarkdownHelp -Path docs -AlphabeticParamsOrder, " +
            "then describe what it added):`n$($diff -join "`n")")
    }

    It 'shows a parameter that docs/ lack in its diff, so the test above fails on it' {
        (Get-Content -Raw (Join-Path $lacking 'Get-Flow.md')) | Should -Match '### -ExcludeName' -Because 'the update writes the section back'
        (Get-DocsDiff $docs $lacking) -join "`n" | Should -Match '\+\{\{ ?Fill ExcludeName Description ?\}\}'
    }
}
