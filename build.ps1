<#
.SYNOPSIS
    Builds, tests and demonstrates the PrefectOps module.
.DESCRIPTION
    -Task Build   publishes the module into out/PrefectOps (psd1, dlls, format/type files, help folder).
    -Task Test    runs `dotnet test` at the root, then the Pester tests under tests/Pester where pwsh has Pester 5.
    -Task Bench   runs the benchmark (bench/PrefectOps.Bench, Release): an estate of 5,000 deployments in the sandbox,
                  each step timed beside one request at a time, under 20 ms latency and a SQLite-like single writer.
                  -BenchArgs passes options on, e.g. -BenchArgs '--quick','--runs','1'. Results: BENCHMARKS.md.
    -Task Demo    starts the sandbox Prefect server with a demo estate, imports the built module and walks
                  through the DBA story: tags, flows with a tag, disable with -WhatIf, disable, enable with catch-up.
    -Task Docs    turns docs/ (PlatyPS 0.14 markdown) into out/help/en-US/PrefectOps.dll-Help.xml and
                  about_PrefectOps.help.txt with PlatyPS; stops with an error where no PlatyPS is installed.
    -Task Package Docs, then Build (which copies out/help/en-US into the module), then out/PrefectOps/<version>/
                  holding exactly the files of $PackageLayout, checked with Test-ModuleManifest, and the Gallery's
                  .nupkg out/PrefectOps.<version>.nupkg (PSResourceGet's Compress-PSResource), checked to hold the same.
    -Task Pester  packages the module, then runs only the Pester suite (tests/Pester), as -Task Test does after
                  dotnet test; the suite also publishes the package to a temporary repository, installs and uses it.
    Test and Pester start real Prefect 2.19.9 and 3.8.3 servers (../shared/prefect-server) on free ports with new
    databases, run the real-server tests against them (dotnet test: the sandbox's differential checks; Pester: the tag
    RealServer) and stop them at the end; a server that cannot start fails the task. -SkipRealServers leaves all that out.
    Default: Test.
    Run it with the PowerShell this repository pins: `dotnet tool restore` once, then `dotnet pwsh ./build.ps1`.
    Pester comes from NuGet (build/Toolchain.csproj), platyPS from ../shared/tools/Modules where none is installed.
.EXAMPLE
    dotnet pwsh ./build.ps1
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Demo
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Package
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench -BenchArgs '--quick'
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester', 'Demo', 'Docs', 'Package', 'Bench')]
    [string[]] $Task = @('Test'),
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # Passed to the benchmark: --quick, --runs N, --mode latency|single-writer|both.
    [string[]] $BenchArgs = @(),
    # Demo: use the module already in out/PrefectOps (the Pester suite runs the demo while that module is loaded).
    [switch] $SkipBuild,
    # Test, Pester: no real Prefect servers, and none of the tests that need them (for a quick local run; CI runs them).
    [switch] $SkipRealServers
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$moduleOut = Join-Path $root 'out/PrefectOps'
$docsFolder = Join-Path $root 'docs'
$helpOut = Join-Path $root 'out/help/en-US'
$PesterVersion = '5.9.1'

# The files of the Gallery package, relative to out/PrefectOps/<version>/, declared once: -Task Package copies exactly
# these and fails on a missing or undeclared one, and tests/PrefectOps.Tests/CmdletContract/PackageLayoutTests.cs reads
# this block (between the markers, as a psd1 hashtable) to check the manifest against it where no pwsh runs.
# <package-layout>
$PackageLayout = @{
    Files = @(
        'PrefectOps.psd1'
        'PrefectOps.dll'
        'PrefectOps.Core.dll'
        'Newtonsoft.Json.dll'
        'TimeZoneConverter.dll'
        # Tomlyn reads profiles.toml; on netstandard2.0 it brings System.Text.Json and the packages that one needs
        # (PowerShell 7 has its own, newer copies and keeps them; Windows PowerShell 5.1 loads these).
        'Tomlyn.dll'
        'System.Text.Json.dll'
        'System.Text.Encodings.Web.dll'
        'System.Collections.Immutable.dll'
        'System.IO.Pipelines.dll'
        'System.Memory.dll'
        'System.Buffers.dll'
        'System.Numerics.Vectors.dll'
        'System.Runtime.CompilerServices.Unsafe.dll'
        'System.Threading.Tasks.Extensions.dll'
        'Microsoft.Bcl.AsyncInterfaces.dll'
        'PrefectOps.format.ps1xml'
        'PrefectOps.types.ps1xml'
        'LICENSE'
        'en-US/PrefectOps.dll-Help.xml'
        'en-US/about_PrefectOps.help.txt'
    )
}
# </package-layout>

function Invoke-Native {
    param([string] $File, [string[]] $Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Invoke-Build {
    if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/PrefectOps/PrefectOps.csproj'), '-c', $Configuration, '-o', $moduleOut, '--nologo')
    # Only what the module needs at run time: no pdb/deps noise, never System.Management.Automation (PowerShell brings its own).
    Get-ChildItem $moduleOut -File | Where-Object { $_.Extension -in '.pdb', '.json' -or $_.Name -eq 'System.Management.Automation.dll' } | Remove-Item -Force
    Copy-Item (Join-Path $root 'PrefectOps.psd1') $moduleOut
    Copy-Item (Join-Path $root 'module/*.ps1xml') $moduleOut
    Copy-Item (Join-Path $root 'LICENSE') $moduleOut
    $help = Join-Path $root 'out/help/en-US'
    if (Test-Path $help) { Copy-Item $help (Join-Path $moduleOut 'en-US') -Recurse }
    Write-Host "Module built in $moduleOut"
}

function Get-ToolchainModule {
    <#
        A PowerShell module the build uses, from NuGet (build/Toolchain.csproj downloads it into the NuGet package
        folder; no PowerShell Gallery needed). Returns the path of its manifest.
    #>
    param([string] $Name, [string] $Version)
    $toolchain = Join-Path $root 'build/Toolchain.csproj'
    Invoke-Native dotnet @('restore', $toolchain, '--nologo', '-v', 'q')
    $packages = (& dotnet msbuild $toolchain -getProperty:NuGetPackageRoot -nologo).Trim()
    $manifest = Join-Path $packages "$($Name.ToLowerInvariant())/$Version/tools/$Name.psd1"
    if (-not (Test-Path $manifest)) { throw "$Name $Version was restored, but $manifest is not there." }
    $manifest
}

function Use-PlatyPS {
    # platyPS is not on NuGet: an installed one, else the build in ../shared/tools/Modules (its README says how it was built).
    if (Get-Module -ListAvailable platyPS, Microsoft.PowerShell.PlatyPS) { return }
    $shared = Join-Path $root '../shared/tools/Modules'
    if (Test-Path (Join-Path $shared 'platyPS')) {
        $env:PSModulePath = (Resolve-Path $shared).Path + [System.IO.Path]::PathSeparator + $env:PSModulePath
    }
}

function Invoke-Test {
    $servers = Start-RealServers
    try {
        $filter = if ($SkipRealServers) { @('--filter', 'Category!=RealServer') } else { @() }
        Invoke-Native dotnet (@('test', (Join-Path $root 'PrefectOps.sln'), '-c', $Configuration, '--nologo') + $filter)
        Invoke-Pester5 -Servers $servers
    }
    finally { Stop-RealServers $servers }
}

function Start-RealServers {
    <#
        Starts real Prefect 2.19.9 and 3.8.3 in the background (each cold start takes 20 to 45 s, spent beside the build)
        on free ports with new databases, and sets PREFECTOPS_PREFECT2_API_URL / PREFECTOPS_PREFECT3_API_URL for the
        tests. Nothing with -SkipRealServers.
    #>
    if ($SkipRealServers) { return @() }
    $module = Join-Path $root 'tests/Pester/RealPrefect.psm1'
    foreach ($version in '2', '3') {
        $port = Get-FreePort
        $job = Start-ThreadJob -ArgumentList $module, $version, $port -ScriptBlock {
            param($module, $version, $port)
            Import-Module $module
            Start-RealPrefect -Version $version -Port $port -Fresh
        }
        [Environment]::SetEnvironmentVariable("PREFECTOPS_PREFECT${version}_API_URL", "http://127.0.0.1:$port/api")
        [pscustomobject]@{ Version = $version; Port = $port; Job = $job; Started = (Get-Date) }
    }
}

function Wait-RealServers {
    # Throws when a server could not start: the real-server tests must fail, not skip.
    param([object[]] $Servers)
    foreach ($server in $Servers) {
        $started = @(Receive-Job $server.Job -Wait -ErrorAction Stop)[-1]
        if (-not $started.ApiUrl) { throw "Prefect $($server.Version) did not start on port $($server.Port)." }
        Write-Host "Real Prefect $($server.Version) at $($started.ApiUrl)"
    }
}

function Stop-RealServers {
    param([object[]] $Servers)
    if (-not $Servers) { return }
    Import-Module (Join-Path $root 'tests/Pester/RealPrefect.psm1') -Force
    foreach ($server in $Servers) {
        $null = $server.Job | Wait-Job
        $server.Job | Remove-Job -Force
        Stop-RealPrefect ([pscustomobject]@{ Version = $server.Version; Port = $server.Port; Kit = (Get-PrefectServerKit); Fresh = $true })
        [Environment]::SetEnvironmentVariable("PREFECTOPS_PREFECT$($server.Version)_API_URL", $null)
    }
}

function Invoke-Pester5 {
    # The Pester suite runs against the built module with its help (the files the package is copied from) and a sandbox
    # built once here (each test file starts its own), in a new pwsh: the tests see PowerShell's defaults, not this
    # script's strict mode and 'Stop' preference. Packaged here, before the suite loads the module, so nothing rebuilds
    # it while it is loaded; the suite publishes, installs and uses the package as README's Install section says. The
    # real servers are those Start-RealServers started.
    param([object[]] $Servers)
    Invoke-Package
    Wait-RealServers $Servers
    $sandbox = Join-Path $root 'tests/PrefectOps.Sandbox/PrefectOps.Sandbox.csproj'
    Invoke-Native dotnet @('build', $sandbox, '-c', $Configuration, '--nologo', '-v', 'q')
    $env:PREFECTOPS_SANDBOX_DLL = Join-Path $root "tests/PrefectOps.Sandbox/bin/$Configuration/net10.0/PrefectOps.Sandbox.dll"
    $env:PREFECTOPS_MODULE_PATH = Join-Path $moduleOut 'PrefectOps.psd1'
    $env:PREFECTOPS_PESTER_PATH = Get-ToolchainModule -Name Pester -Version $PesterVersion
    $runner = Join-Path $root 'tests/Pester/Invoke-PesterSuite.ps1'
    $pwsh = @(Get-ChildPwsh)
    $exclude = if ($SkipRealServers) { $env:PREFECTOPS_REAL_SERVERS = '0'; @('-ExcludeTag', 'RealServer') } else { @() }
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $runner -Path (Join-Path $root 'tests/Pester') -ResultPath (Join-Path $root 'out/pester-results.xml') @exclude
    if ($LASTEXITCODE -ne 0) { throw "The Pester suite failed (exit code $LASTEXITCODE)." }
}

function Get-ChildPwsh {
    # This PowerShell as a command for a new process: its executable, or dotnet with pwsh.dll (the .NET tool on Unix).
    foreach ($exe in 'pwsh.exe', 'pwsh') {
        $path = Join-Path $PSHOME $exe
        if (Test-Path $path -PathType Leaf) { return , @($path) }
    }
    , @('dotnet', (Join-Path $PSHOME 'pwsh.dll'))
}

function Invoke-Docs {
    Use-PlatyPS
    # PlatyPS, either generation; the docs are written in platyPS 0.14's markdown (schema 2.0.0), which both read.
    # - platyPS 0.14.x (preferred): New-ExternalHelp -Path docs -OutputPath out/help/en-US converts the cmdlet files
    #   (docs/*-*.md) into the MAML file their 'external help file' field names, PrefectOps.dll-Help.xml, and the about
    #   topic (recognised by its '## about_PrefectOps' heading) into about_PrefectOps.help.txt, in one call.
    # - Microsoft.PowerShell.PlatyPS 1.x: Import-MarkdownCommandHelp | Export-MamlCommandHelp for the cmdlets. It names
    #   the MAML file <Module>-Help.xml (in a <Module> folder in some 1.0 previews), so the file is found and renamed to
    #   the dll's name, which is what PowerShell looks for beside a binary module. 1.x has no about-topic converter
    #   (Import-MarkdownAboutHelp does not exist), so the about topic is written as plain text by ConvertTo-AboutHelpText.
    $legacy = Get-Module -ListAvailable platyPS |
        Where-Object { $_.Version -ge [version]'0.14.0' -and $_.Version -lt [version]'0.15.0' } |
        Sort-Object Version -Descending | Select-Object -First 1
    $modern = Get-Module -ListAvailable Microsoft.PowerShell.PlatyPS |
        Where-Object { $_.Version -ge [version]'1.0.0' } | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $legacy -and -not $modern) {
        throw 'PlatyPS is not installed, so no help was built. Install platyPS 0.14 (Install-Module platyPS -RequiredVersion 0.14.2) or Microsoft.PowerShell.PlatyPS 1.x (Install-Module Microsoft.PowerShell.PlatyPS), then run -Task Docs again.'
    }
    if (Test-Path $helpOut) { Remove-Item $helpOut -Recurse -Force }
    New-Item -ItemType Directory -Path $helpOut -Force | Out-Null
    $maml = Join-Path $helpOut 'PrefectOps.dll-Help.xml'
    $aboutText = Join-Path $helpOut 'about_PrefectOps.help.txt'

    if ($legacy) {
        Write-Host "Using platyPS $($legacy.Version): New-ExternalHelp"
        Import-Module $legacy -Force
        New-ExternalHelp -Path $docsFolder -OutputPath $helpOut -Force | Out-Null
    }
    else {
        Write-Host "Using Microsoft.PowerShell.PlatyPS $($modern.Version): Import-MarkdownCommandHelp | Export-MamlCommandHelp"
        Import-Module $modern -Force
        $staging = Join-Path $root 'out/help/maml'
        if (Test-Path $staging) { Remove-Item $staging -Recurse -Force }
        Get-ChildItem $docsFolder -Filter '*-*.md' | ForEach-Object { Import-MarkdownCommandHelp -Path $_.FullName } |
            Export-MamlCommandHelp -OutputFolder $staging -Force | Out-Null
        $written = @(Get-ChildItem $staging -Recurse -Filter '*-Help.xml')
        if ($written.Count -ne 1) { throw "Export-MamlCommandHelp wrote $($written.Count) MAML files under $staging; expected one for the module PrefectOps." }
        Move-Item $written[0].FullName $maml -Force
        Remove-Item $staging -Recurse -Force
        ConvertTo-AboutHelpText -Markdown (Join-Path $docsFolder 'about_PrefectOps.md') -Destination $aboutText
    }
    foreach ($file in $maml, $aboutText) {
        if (-not (Test-Path $file)) { throw "PlatyPS did not write $file; check the markdown in docs/ (the xunit tests in tests/PrefectOps.Tests/Docs check its layout)." }
    }
    Write-Host "Help written to $helpOut"
}

function ConvertTo-AboutHelpText {
    # About topics are plain text read by Get-Help about_PrefectOps. Laid out as platyPS 0.14 writes them: TOPIC and the
    # lookup name, section titles at the margin, text indented four spaces, code eight; fences and '#' marks removed.
    param([string] $Markdown, [string] $Destination)
    $lines = Get-Content -Path $Markdown
    $out = [System.Collections.Generic.List[string]]::new()
    $inCode = $false
    $headings = 0
    foreach ($line in $lines) {
        if ($line -match '^\s*```') { $inCode = -not $inCode; continue }
        if ($inCode) { $out.Add('        ' + $line); continue }
        if ($line -match '^(#+)\s+(.*)$') {
            $headings++
            if ($headings -eq 1) { continue }                                    # the topic's display name
            if ($headings -eq 2) { $out.Add('TOPIC'); $out.Add('    ' + $Matches[2]); continue }  # about_PrefectOps
            $out.Add(''); $out.Add($(if ($Matches[1].Length -eq 1) { $Matches[2].ToUpperInvariant() } else { '  ' + $Matches[2].ToUpperInvariant() }))
            continue
        }
        $out.Add($(if ($line.Trim()) { '    ' + $line } else { '' }))
    }
    [System.IO.File]::WriteAllLines($Destination, $out, [System.Text.UTF8Encoding]::new($false))
}

function Invoke-Package {
    # PSResourceGet packs the module as the Gallery receives it (PowerShell 7.4+ ships it; elsewhere
    # Install-Module Microsoft.PowerShell.PSResourceGet). Missing commands stop the task before anything is built.
    foreach ($command in 'Test-ModuleManifest', 'Compress-PSResource') {
        if (-not (Get-Command $command -ErrorAction SilentlyContinue)) {
            throw "$command is not available (it comes with PowerShell 7.4+ / Microsoft.PowerShell.PSResourceGet 1.1+), so the package cannot be checked; nothing was packaged."
        }
    }
    Invoke-Docs
    Invoke-Build   # copies out/help/en-US into out/PrefectOps/en-US

    $version = (Import-PowerShellDataFile (Join-Path $root 'PrefectOps.psd1')).ModuleVersion
    # <module>/<version>/ is the folder layout Install-PSResource creates, and Publish-PSResource -Path takes it.
    $packageDir = Join-Path $moduleOut $version
    $built = @(Get-ChildItem $moduleOut -Recurse -File | ForEach-Object { $_.FullName.Substring($moduleOut.Length + 1).Replace('\', '/') })
    Assert-PackageFiles -Files $built -What 'The build'
    New-Item -ItemType Directory -Path $packageDir -Force | Out-Null
    foreach ($file in $PackageLayout.Files) {
        $target = Join-Path $packageDir $file
        New-Item -ItemType Directory -Path (Split-Path $target -Parent) -Force | Out-Null
        Copy-Item (Join-Path $moduleOut $file) $target
    }

    $manifest = Test-ModuleManifest -Path (Join-Path $packageDir 'PrefectOps.psd1') -ErrorAction Stop
    Write-Host "Test-ModuleManifest: $($manifest.Name) $($manifest.Version), $($manifest.ExportedCmdlets.Count) cmdlets"

    # The .nupkg the Gallery would receive (Publish-PSResource packs the same way): exactly the declared files, besides
    # NuGet's own packaging parts.
    Get-ChildItem (Join-Path $root 'out') -Filter '*.nupkg' | Remove-Item -Force
    Compress-PSResource -Path $packageDir -DestinationPath (Join-Path $root 'out')
    $nupkg = Join-Path $root "out/PrefectOps.$version.nupkg"
    $zip = [System.IO.Compression.ZipFile]::OpenRead($nupkg)
    try { $entries = @($zip.Entries.FullName) } finally { $zip.Dispose() }
    $nugetParts = '^(_rels/|package/services/metadata/|\[Content_Types\]\.xml$|PrefectOps\.nuspec$)'
    Assert-PackageFiles -Files @($entries | Where-Object { $_ -notmatch $nugetParts }) -What $nupkg
    Write-Host "Package ready in $packageDir and $nupkg"
}

function Assert-PackageFiles {
    # Fails unless the files are exactly those of $PackageLayout: none missing, no leftover of a test or the build.
    param([string[]] $Files, [string] $What)
    $missing = @($PackageLayout.Files | Where-Object { $_ -notin $Files })
    $undeclared = @($Files | Where-Object { $_ -notin $PackageLayout.Files })
    if ($missing) { throw "$What lacks $($missing -join ', '), which the package layout in build.ps1 declares." }
    if ($undeclared) { throw "$What holds $($undeclared -join ', '), which the package layout in build.ps1 does not declare: add it to `$PackageLayout (and check PackageLayoutTests) or stop producing it." }
}

function Invoke-Bench {
    # Always Release: a Debug build would measure the JIT's unoptimised code. Not part of the solution, so built by path.
    $bench = Join-Path $root 'bench/PrefectOps.Bench/PrefectOps.Bench.csproj'
    Invoke-Native dotnet (@('run', '-c', 'Release', '--project', $bench, '--') + $BenchArgs)
}

function Get-FreePort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Invoke-Demo {
    # The README's story against the sandbox with its demo estate. Each step shows its command, then runs it; any
    # error ends the demo with a non-zero exit (tests/Pester/Demo.Tests.ps1 runs it and reads what it printed).
    if (-not $SkipBuild) { Invoke-Build }
    $port = Get-FreePort
    $sandbox = Join-Path $root 'tests/PrefectOps.Sandbox/PrefectOps.Sandbox.csproj'
    Invoke-Native dotnet @('build', $sandbox, '-c', $Configuration, '--nologo', '-v', 'q')
    # Both streams to files: a server that inherited ours would hold them open after the demo ends.
    $server = Start-Process dotnet -ArgumentList @('run', '--no-build', '-c', $Configuration, '--project', "`"$sandbox`"", '--', '--prefect-version', '2', '--port', $port, '--seed', 'demo') `
        -PassThru -NoNewWindow -RedirectStandardOutput (Join-Path $root 'out/demo-sandbox.log') -RedirectStandardError (Join-Path $root 'out/demo-sandbox.err.log')
    try {
        $url = "http://127.0.0.1:$port/api"
        $deadline = (Get-Date).AddSeconds(60)
        # The sandbox says it is listening once its demo estate is seeded.
        while (-not (Select-String -Path (Join-Path $root 'out/demo-sandbox.log') -Pattern 'listening at' -Quiet -ErrorAction SilentlyContinue)) {
            if ($server.HasExited) { throw "The sandbox server exited with code $($server.ExitCode)." }
            if ((Get-Date) -gt $deadline) { throw "The sandbox server did not start at $url within 60 s." }
            Start-Sleep -Milliseconds 250
        }
        Import-Module (Join-Path $moduleOut 'PrefectOps.psd1') -Force
        $env:PREFECT_API_URL = $url
        Show-DemoStep '# A sandbox Prefect 2.19 server with a demo estate is running at PREFECT_API_URL.'
        Show-DemoStep { Connect-Prefect -PassThru }
        Show-DemoStep '# Before the maintenance of server-prod: which tags name it, and which flows use it?'
        Show-DemoStep { Get-FlowTag 'server-*' }
        Show-DemoStep { Get-Flow -Tag server-prod }
        Show-DemoStep { Get-Flow -Tag server-prod | Disable-FlowByTag -Until (Get-Date).AddHours(2) -Reason 'CHG-1234 patching' -WhatIf }
        Show-DemoStep { Disable-FlowByTag -Tag server-prod -Until (Get-Date).AddHours(2) -Reason 'CHG-1234 patching' -Confirm:$false }
        Show-DemoStep { Get-Flow -InMaintenance | Format-List Name, Status, MaintenanceSince, MaintenanceUntil, MaintenanceReason }
        Show-DemoStep '# Runs already going on server-prod are not stopped by the disable: cancel them. Hold its busiest queue.'
        Show-DemoStep { Get-Flow -Tag server-prod | Get-FlowRun -State Running | Stop-FlowRun -Confirm:$false -PassThru }
        Show-DemoStep { Suspend-WorkQueue -Name critical -WorkPool prod-pool -Confirm:$false -PassThru }
        Show-DemoStep '# ... maintenance ... (the demo moves the windows back 3 hours, as if it had taken that long)'
        foreach ($flow in Get-Flow -InMaintenance) { Move-DemoWindow -Url $url -Id $flow.Id -Hours 3 }
        Show-DemoStep '# Afterwards: the flows come back with the runs their schedules missed, the queue takes runs again.'
        Show-DemoStep { Enable-FlowByTag -Tag server-prod -CatchUp -Confirm:$false -PassThru | Format-Table Name, Status, CaughtUpRuns }
        Show-DemoStep { Resume-WorkQueue -Name critical -WorkPool prod-pool -Confirm:$false }
        Show-DemoStep { Get-Flow -Tag server-prod | Get-FlowRun -State Scheduled -Before (Get-Date) | Select-Object -First 5 }
        Show-DemoStep { Get-FlowTag 'server-*' }
        Show-DemoStep '# The story ran to the end.'
    }
    finally {
        Remove-Item Env:PREFECT_API_URL -ErrorAction SilentlyContinue
        # dotnet run starts the server as its child: end the whole tree.
        if (-not $server.HasExited) { $server.Kill($true); $null = $server.WaitForExit(10000) }
    }
}

function Show-DemoStep {
    # A comment is printed as it is; a command is printed after a prompt, then run, its output formatted to the host.
    param($Step)
    if ($Step -is [string]) { Write-Host "`n$Step" -ForegroundColor DarkGray; return }
    Write-Host "`nPS> $($Step.ToString().Trim())" -ForegroundColor Cyan
    & $Step | Out-Host
}

function Move-DemoWindow {
    # Rewrites a flow's MAINTENANCE:since= tag on the server, as if the window had opened earlier.
    param([string] $Url, [guid] $Id, [int] $Hours)
    $deployment = Invoke-RestMethod "$Url/deployments/$Id"
    $since = (Get-Date).ToUniversalTime().AddHours(-$Hours).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [cultureinfo]::InvariantCulture)
    $tags = @($deployment.tags | Where-Object { $_ -notlike 'MAINTENANCE:since=*' }) + "MAINTENANCE:since=$since"
    $null = Invoke-RestMethod -Method Patch "$Url/deployments/$Id" -ContentType 'application/json' -Body (@{ tags = $tags } | ConvertTo-Json)
}

foreach ($t in $Task) {
    Write-Host "== $t" -ForegroundColor Green
    switch ($t) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Pester' { $servers = Start-RealServers; try { Invoke-Pester5 -Servers $servers } finally { Stop-RealServers $servers } }
        'Demo' { Invoke-Demo }
        'Docs' { Invoke-Docs }
        'Package' { Invoke-Package }
        'Bench' { Invoke-Bench }
    }
}
