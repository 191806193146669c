#Requires -Version 7.2
<#
    Reads what the Pester tests of the documentation run: the code blocks of README.md and docs/*.md, and the package's
    file list as build.ps1 declares it. Import it in BeforeAll or BeforeDiscovery.
#>
Set-StrictMode -Version Latest
$script:RepoRoot = Split-Path (Split-Path $PSScriptRoot)   # tests/Pester -> the repository

function Get-MarkdownSection {
    <#
        One object per heading of a markdown file (and one for the text before the first): Level, Heading, Code (the
        fenced blocks, each with Language and Text) and Prose. A '#' line inside a code block is code, not a heading.
    #>
    param([Parameter(Mandatory)] [string] $Path)
    function New-Section([int] $Level, [string] $Heading) {
        [pscustomobject]@{ Level = $Level; Heading = $Heading; Code = [System.Collections.Generic.List[object]]::new(); Prose = [System.Text.StringBuilder]::new() }
    }
    $current = New-Section 0 ''
    $current
    $fence = $null
    $lines = $null
    foreach ($line in Get-Content -LiteralPath $Path) {
        if ($null -ne $fence) {
            if ($line -match '^\s*```\s*$') {
                $current.Code.Add([pscustomobject]@{ Language = $fence; Text = ($lines -join "`n") })
                $fence = $null
            }
            else { $lines.Add($line) }
            continue
        }
        if ($line -match '^\s*```(\S*)\s*$') {
            $fence = $Matches[1]
            $lines = [System.Collections.Generic.List[string]]::new()
            continue
        }
        if ($line -match '^(#{1,6})\s+(.*?)\s*$') {
            $current = New-Section $Matches[1].Length $Matches[2]
            $current
            continue
        }
        $null = $current.Prose.AppendLine($line)
    }
}

function Get-ReadmeCodeBlock {
    <# The code blocks of one '## ' section of README.md (its subsections included), optionally of one language. #>
    param([Parameter(Mandatory)] [string] $Section, [string] $Language)
    $readme = Join-Path $script:RepoRoot 'README.md'
    $inside = $false
    foreach ($s in Get-MarkdownSection $readme) {
        if ($s.Level -eq 2) { $inside = $s.Heading -eq $Section }
        if ($inside) { $s.Code | Where-Object { -not $Language -or $_.Language -eq $Language } }
    }
}

function Get-DocExample {
    <#
        The examples of a cmdlet's doc (docs/<Cmdlet>.md, the source of its help): Command, Number, Title, Code (the
        powershell block), Output (the Output block, or $null) and Remarks.
    #>
    param([Parameter(Mandatory)] [string] $Path)
    $command = [System.IO.Path]::GetFileNameWithoutExtension($Path)
    $inExamples = $false
    foreach ($s in Get-MarkdownSection $Path) {
        if ($s.Level -eq 2) { $inExamples = $s.Heading -eq 'EXAMPLES'; continue }
        if (-not $inExamples -or $s.Level -ne 3 -or $s.Heading -notmatch '^Example (\d+): (.*)$') { continue }
        [pscustomobject]@{
            Command = $command
            Number  = [int]$Matches[1]
            Title   = $Matches[2]
            Code    = @($s.Code | Where-Object Language -eq 'powershell' | ForEach-Object Text) -join "`n"
            Output  = @($s.Code | Where-Object Language -eq 'Output' | ForEach-Object Text) -join "`n"
            Remarks = $s.Prose.ToString().Trim()
        }
    }
}

function Get-PackageLayout {
    <# build.ps1's $PackageLayout (between its '# <package-layout>' markers), the one list of the package's files. #>
    $script = Get-Content -Raw (Join-Path $script:RepoRoot 'build.ps1')
    $block = [regex]::Match($script, '(?s)# <package-layout>(.*?)# </package-layout>').Groups[1].Value
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($block, [ref]$null, [ref]$null)
    $table = $ast.Find({ param($node) $node -is [System.Management.Automation.Language.HashtableAst] }, $true)
    if (-not $table) { throw "build.ps1 declares no `$PackageLayout hashtable between its package-layout markers." }
    $table.SafeGetValue()
}

Export-ModuleMember -Function Get-MarkdownSection, Get-ReadmeCodeBlock, Get-DocExample, Get-PackageLayout
