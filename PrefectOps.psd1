@{
    RootModule           = 'PrefectOps.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = 'cfff98f4-9831-4ee8-bd0e-099a46394852'
    Author               = 'PrefectOps'
    CompanyName          = 'PrefectOps'
    Copyright            = '(c) PrefectOps. MIT licence.'
    Description          = 'Take part of a Prefect estate offline for maintenance and bring it back safely: list tags and flows, disable flows by tag with a MAINTENANCE marker, enable exactly those again and catch up the runs missed meanwhile; list, cancel and resume flow runs; pause, resume and throttle work queues. Prefect 2.x and 3.x (server and Cloud) and Prefect 1 (Server and Cloud 1.0).'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('PrefectOps.format.ps1xml')
    TypesToProcess       = @('PrefectOps.types.ps1xml')
    CmdletsToExport      = @(
        'Connect-Prefect'
        'Disconnect-Prefect'
        'Get-FlowTag'
        'Get-Flow'
        'Get-MaintenanceImpact'
        'Disable-FlowByTag'
        'Enable-FlowByTag'
        'Get-FlowRun'
        'Stop-FlowRun'
        'Resume-FlowRun'
        'Get-WorkQueue'
        'Suspend-WorkQueue'
        'Resume-WorkQueue'
        'Set-WorkQueue'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Prefect', 'Orchestration', 'Maintenance', 'DBA', 'Scheduling', 'Workflow', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            # No ProjectUri or LicenseUri: the project has no public address yet (github.com/prefectops does not
            # exist). The licence ships in the package as LICENSE; add both once the repository is public.
            ReleaseNotes = 'First release, for Prefect 2.x and 3.x and Prefect 1: Connect-Prefect, Disconnect-Prefect, Get-FlowTag, Get-Flow, Get-MaintenanceImpact (what a window costs, before it), Disable-FlowByTag, Enable-FlowByTag (with -CatchUp), Get-FlowRun, Stop-FlowRun, Resume-FlowRun, Get-WorkQueue, Suspend-WorkQueue, Resume-WorkQueue and Set-WorkQueue. Help: Get-Help about_PrefectOps.'
        }
    }
}
