#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# README's Install section, run as CI: its PowerShell blocks taken from README.md, only the repository's name changed
# (a folder repository of this test for PSGallery and for README's PrefectOpsLocal), each in a new `pwsh -NoProfile`
# whose home and module path are empty folders of this test, so nothing installed on the machine counts. The package
# is the one build.ps1 -Task Package made (-Task Test and -Task Pester make it before the suite runs). Between install
# and uninstall a new pwsh imports PrefectOps by name and reads what a user gets: help, commands, views.
# HOME and XDG_* place PowerShell's user folders on Linux and macOS, where CI runs; on Windows they do not move them.

BeforeDiscovery {
    $manifest = Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../PrefectOps.psd1')
    $script:exported = @($manifest.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    # Windows keeps the current user's module folder in Documents whatever HOME says: installing there would touch the
    # account's own modules, so the test refuses (it fails, it does not skip).
    if ($IsWindows) { throw 'Package.Tests.ps1 isolates the user folders through HOME and XDG_*, which Windows ignores; run it on Linux or macOS.' }
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'PrefectOps.DocsSupport.psm1') -Force
    $script:root = Get-PrefectOpsRepoRoot
    $script:version = (Import-PowerShellDataFile (Join-Path $root 'PrefectOps.psd1')).ModuleVersion
    $script:savedEnvironment = Use-IsolatedPrefectEnvironment
    $script:sandbox = Start-PrefectSandbox -PrefectVersion 2 -Seed demo

    # README's blocks: publish to a folder repository, install (and use), uninstall.
    $script:blocks = @(Get-ReadmeCodeBlock -Section 'Install' -Language powershell | ForEach-Object Text)
    $script:buildBlock = @(Get-ReadmeCodeBlock -Section 'Install' -Language sh | ForEach-Object Text) -join "`n"
    $publish = @($blocks | Where-Object { $_ -match 'Publish-PSResource' })
    $install = @($blocks | Where-Object { $_ -match '(?m)^Install-PSResource' })
    $uninstall = @($blocks | Where-Object { $_ -match 'Uninstall-PSResource' })
    $script:repositoryName = 'PrefectOpsCI' + [guid]::NewGuid().ToString('N').Substring(0, 8)

    # A home with nothing in it but the folders a Linux account has and an empty module folder. Without ~/.config and
    # ~/.local/share, PSResourceGet 1.2.1 writes its repository list to PSResourceGet/ and NuGet's settings to
    # NuGet/NuGet.Config in the current folder (.NET reports a missing special folder as '').
    $script:userHome = Join-Path $TestDrive 'home'
    $script:userModules = Join-Path $userHome '.local/share/powershell/Modules'
    $null = New-Item -ItemType Directory (Join-Path $userHome '.config'), $userModules
    $script:childEnvironment = @{
        HOME            = $userHome
        XDG_CONFIG_HOME = Join-Path $userHome '.config'
        XDG_DATA_HOME   = Join-Path $userHome '.local/share'
        XDG_CACHE_HOME  = Join-Path $userHome '.cache'
        PSModulePath    = $userModules   # pwsh adds its own folders (PSHOME's modules, PSResourceGet among them)
        PREFECT_HOME    = $env:PREFECT_HOME
        SANDBOX_API_URL = $sandbox.ApiUrl
        RESULT_PATH     = Join-Path $TestDrive 'use.json'
    }

    function script:Invoke-ReadmeBlock([string] $Name, [string] $Code) {
        # At the repository's root, as README says; 'Stop' so that a failing command fails the run.
        $file = Join-Path $TestDrive "$Name.ps1"
        Set-Content -LiteralPath $file -Value "`$ErrorActionPreference = 'Stop'`nSet-Location -LiteralPath '$root'`n$Code"
        Invoke-ChildPwsh -File $file -Environment $childEnvironment -TimeoutSeconds 300
    }

    function script:Get-Tree([string] $Path) {
        # Every folder and file under a path, relative; pwsh's own caches (startup data, module analysis, telemetry id)
        # are left out: any pwsh run writes them, installed or not.
        Get-ChildItem -LiteralPath $Path -Recurse -Force | ForEach-Object { [IO.Path]::GetRelativePath($Path, $_.FullName) } |
            Where-Object { $_ -notlike '.cache/powershell*' } | Sort-Object
    }

    function script:Get-Untracked {
        @(git -C $root status --porcelain --untracked-files=all | Where-Object { $_ -like '`?`? *' })
    }

    $repositoryFolder = Join-Path $root 'out/repository'
    if (Test-Path $repositoryFolder) { Remove-Item $repositoryFolder -Recurse -Force }
    $untrackedBefore = Get-Untracked

    $script:published = if ($publish.Count -eq 1) { Invoke-ReadmeBlock publish $publish[0].Replace('PrefectOpsLocal', $repositoryName) }
    $script:untrackedAfterPublish = @(Get-Untracked | Where-Object { $_ -notin $untrackedBefore })
    $script:homeBefore = @(Get-Tree $userHome)
    $script:installed = if ($install.Count -eq 1) { Invoke-ReadmeBlock install $install[0].Replace('PSGallery', $repositoryName) }
    $script:installedFolder = Join-Path $userModules "PrefectOps/$version"
    $script:installedFiles = @(if (Test-Path $installedFolder) { Get-Tree $installedFolder | Where-Object { Test-Path -PathType Leaf (Join-Path $installedFolder $_) } })

    # What a user gets, in a new pwsh: PrefectOps imported by name, nothing given by path.
    $useScript = Join-Path $TestDrive 'use.ps1'
    Set-Content -LiteralPath $useScript -Value @'
$ErrorActionPreference = 'Stop'
Import-Module PrefectOps
$module = Get-Module PrefectOps
$manifest = Import-PowerShellDataFile (Join-Path $module.ModuleBase 'PrefectOps.psd1')
$common = [System.Management.Automation.PSCmdlet]::CommonParameters
$commands = foreach ($command in Get-Command -Module PrefectOps) {
    $help = Get-Help $command.Name -Full
    $described = @{}
    foreach ($p in @($help.parameters.parameter | Where-Object { $_ })) { $described[$p.name] = (@($p.description | ForEach-Object Text) -join ' ').Trim() }
    [pscustomobject]@{
        Name        = $command.Name
        Synopsis    = "$($help.Synopsis)".Trim()
        Description = (@($help.description | ForEach-Object Text) -join ' ').Trim()
        Examples    = @($help.examples.example | Where-Object { $_ }).Count
        Parameters  = @($command.Parameters.Keys | Where-Object { $_ -notin $common } | ForEach-Object { [pscustomobject]@{ Name = $_; Description = "$($described[$_])" } })
    }
}
Connect-Prefect -ApiUrl $env:SANDBOX_API_URL
[pscustomobject]@{
    ModuleBase      = $module.ModuleBase
    CmdletsToExport = @($manifest.CmdletsToExport)
    Commands        = @($commands)
    About           = Get-Help about_PrefectOps | Out-String
    FlowTable       = Get-Flow | Out-String -Width 120
    FlowTagTag      = "$((Get-FlowTag | Select-Object -First 1).PSObject.Properties['Tag'].MemberType)"
} | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $env:RESULT_PATH
'@
    $script:used = Invoke-ChildPwsh -File $useScript -Environment $childEnvironment
    $script:use = if (Test-Path $childEnvironment.RESULT_PATH) { Get-Content -Raw $childEnvironment.RESULT_PATH | ConvertFrom-Json }

    $script:uninstalled = if ($uninstall.Count -eq 1) { Invoke-ReadmeBlock uninstall $uninstall[0] }
    $script:homeAfter = @(Get-Tree $userHome)
}

AfterAll {
    Stop-PrefectSandbox $sandbox
    Restore-PrefectEnvironment $savedEnvironment
    Remove-Item (Join-Path $root 'out/repository') -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'README Install, as CI runs it' {
    It 'has one block each to build, publish, install and uninstall' {
        $buildBlock | Should -Match '(?m)^dotnet tool restore && dotnet pwsh \./build\.ps1 -Task Package$'
        @($blocks | Where-Object { $_ -match 'Publish-PSResource' }) | Should -HaveCount 1
        @($blocks | Where-Object { $_ -match '(?m)^Install-PSResource -Name PrefectOps -Repository PSGallery ' }) | Should -HaveCount 1
        @($blocks | Where-Object { $_ -match '(?m)^Uninstall-PSResource -Name PrefectOps ' }) | Should -HaveCount 1
    }

    It 'publishes the package build.ps1 made to a folder repository, leaving nothing in the working tree' {
        $published.ExitCode | Should -Be 0 -Because "$($published.Errors)"
        $published.Errors | Should -BeNullOrEmpty
        Join-Path $root "out/repository/PrefectOps.$version.nupkg" | Should -Exist
        $untrackedAfterPublish | Should -BeNullOrEmpty
    }

    It 'installs it by name from that repository into the empty module path, and shows about_PrefectOps' {
        $installed.ExitCode | Should -Be 0 -Because "$($installed.Errors)"
        $installed.Errors | Should -BeNullOrEmpty
        $installed.Output | Should -Match 'about_PrefectOps'
        $installed.Output | Should -Match 'SHORT DESCRIPTION'
    }

    It 'installs exactly the files of the package layout (and PSResourceGet''s record of the install)' {
        $expected = @((Get-PackageLayout).Files) + 'PSGetModuleInfo.xml' | Sort-Object
        ($installedFiles -replace '\\', '/' | Sort-Object) | Should -Be $expected
    }

    It 'imports PrefectOps by name in a new pwsh -NoProfile, from the installed folder' {
        $used.ExitCode | Should -Be 0 -Because "$($used.Errors)"
        $use.ModuleBase | Should -Be $installedFolder
    }

    It 'Get-Command -Module PrefectOps lists exactly the manifest''s CmdletsToExport' {
        @($use.Commands.Name | Sort-Object) | Should -Be @($use.CmdletsToExport | Sort-Object)
        @($use.CmdletsToExport | Sort-Object) | Should -Be @((Import-PowerShellDataFile (Join-Path $root 'PrefectOps.psd1')).CmdletsToExport | Sort-Object)
    }

    It '<Name> has help: a synopsis, a description, every parameter described, two examples or more' -ForEach $exported {
        $command = $use.Commands | Where-Object Name -eq $Name
        $command | Should -Not -BeNullOrEmpty -Because "$Name is exported"
        # Without help, Get-Help makes the synopsis from the syntax: the command's name and its parameters.
        $command.Synopsis | Should -Not -Match "^$Name\b"
        $command.Synopsis.Length | Should -BeGreaterThan 20
        $command.Description.Length | Should -BeGreaterThan 40
        $command.Parameters | Where-Object { -not $_.Description } | ForEach-Object Name | Should -BeNullOrEmpty -Because 'every parameter is described'
        $command.Examples | Should -BeGreaterOrEqual 2
    }

    It 'Get-Help about_PrefectOps shows the about topic' {
        $use.About | Should -Match 'SHORT DESCRIPTION'
        $use.About | Should -Match 'Disable-FlowByTag'
    }

    It 'loads the format file: a flow shows as its table view' {
        # The view's header, not the list PowerShell makes of an object of many properties without a view.
        $use.FlowTable | Should -Match '(?m)^Name\s+Status\s+Until\s+Schedule\s+Tags\s*$'
        $use.FlowTable | Should -Not -Match '(?m)^Id\s+:'
    }

    It 'loads the type file: a FlowTag has its Tag alias' {
        $use.FlowTagTag | Should -Be 'AliasProperty'
    }

    It 'Uninstall-PSResource leaves nothing behind' {
        $uninstalled.ExitCode | Should -Be 0 -Because "$($uninstalled.Errors)"
        $uninstalled.Errors | Should -BeNullOrEmpty
        Join-Path $userModules 'PrefectOps' | Should -Not -Exist
        Compare-Object $homeBefore $homeAfter | ForEach-Object { "$($_.SideIndicator) $($_.InputObject)" } |
            Should -BeNullOrEmpty -Because 'the home is as it was before the install'
    }
}
