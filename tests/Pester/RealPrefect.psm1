#Requires -Version 7.2
<#
    Real Prefect servers for tests and the build: the kit in ../shared/prefect-server (or $env:PREFECTOPS_PREFECT_KIT)
    starts Prefect 2.19.9 or 3.8.3 on SQLite. PrefectOps.TestSupport.psm1 imports this file and exports its functions;
    build.ps1 imports it alone to start the servers the Test task runs against.
#>
Set-StrictMode -Version Latest

function Get-PrefectServerKit {
    <#
        The real Prefect server kit (shared/prefect-server beside the repository, or $env:PREFECTOPS_PREFECT_KIT).
        Throws when it is missing: real-server tests fail rather than skip; build.ps1 -SkipRealServers (or
        PREFECTOPS_REAL_SERVERS=0) leaves them out.
    #>
    $kit = if ($env:PREFECTOPS_PREFECT_KIT) { $env:PREFECTOPS_PREFECT_KIT }
           else { Join-Path (Split-Path -Parent (Split-Path -Parent (Split-Path -Parent $PSScriptRoot))) 'shared/prefect-server' }
    if (-not (Test-Path -LiteralPath (Join-Path $kit 'start.sh'))) {
        throw "The real Prefect server kit is not at '$kit' (set PREFECTOPS_PREFECT_KIT), so the real-server tests cannot run. build.ps1 -SkipRealServers (or PREFECTOPS_REAL_SERVERS=0) leaves them out."
    }
    (Resolve-Path -LiteralPath $kit).Path
}

function Get-RealPrefectFreePort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    try { $listener.Start(); ([System.Net.IPEndPoint]$listener.LocalEndpoint).Port } finally { $listener.Stop() }
}

function Start-RealPrefect {
    <#
        Starts a real Prefect server of the kit and returns ApiUrl, Version, Port, Kit and Fresh; pass it to
        Stop-RealPrefect. A server of the kit already on the port is stopped first, so the server environment given
        here is the one it runs with. -Fresh starts on a new database (the kit's reset.sh), which Stop-RealPrefect then
        deletes. -Port 0 (the default) takes $env:PREFECTOPS_REAL_SERVER_PORT, else a free port. -ServerEnvironment: Prefect server settings, e.g.
        @{ PREFECT_SERVER_API_AUTH_STRING = 'admin:pass' } (no spaces: the kit passes them as words).
    #>
    param([ValidateSet('2', '3')] [string] $Version = '3', [int] $Port = 0, [hashtable] $ServerEnvironment = @{}, [switch] $Fresh)
    $kit = Get-PrefectServerKit
    if ($Port -eq 0) { $Port = if ($env:PREFECTOPS_REAL_SERVER_PORT) { [int]$env:PREFECTOPS_REAL_SERVER_PORT } else { Get-RealPrefectFreePort } }
    $saved = $env:PREFECT_KIT_SERVER_ENV
    try {
        $env:PREFECT_KIT_SERVER_ENV = ($ServerEnvironment.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join ' '
        # reset.sh stops, deletes the database and starts; start.sh alone would keep a running server's environment.
        if (-not $Fresh) { $null = & bash (Join-Path $kit 'stop.sh') $Version $Port 2>&1 }
        $output = & bash (Join-Path $kit ($Fresh ? 'reset.sh' : 'start.sh')) $Version $Port 2>&1
        if ($LASTEXITCODE -ne 0) { throw "The kit could not start Prefect $Version on port ${Port}:$([Environment]::NewLine)$($output -join [Environment]::NewLine)" }
    }
    finally { $env:PREFECT_KIT_SERVER_ENV = $saved }
    $url = @($output | Where-Object { "$_" -match '^https?://\S+/api$' })[-1]
    [pscustomobject]@{ ApiUrl = "$url"; Version = $Version; Port = $Port; Kit = $kit; Fresh = [bool]$Fresh }
}

function Stop-RealPrefect {
    <# Stops a server Start-RealPrefect started; one started -Fresh also loses its database folder in the kit's state dir. #>
    param([Parameter(Mandatory)] [AllowNull()] $Server)
    if (-not $Server) { return }
    $null = & bash (Join-Path $Server.Kit 'stop.sh') $Server.Version $Server.Port 2>&1
    if ($Server.PSObject.Properties['Fresh'] -and $Server.Fresh) {
        # The kit's state layout (its README): $PREFECT_KIT_HOME/run/prefect<2|3>-<port>/, safe to delete once stopped.
        $state = if ($env:PREFECT_KIT_HOME) { $env:PREFECT_KIT_HOME }
                 else { Join-Path ($env:XDG_CACHE_HOME ? $env:XDG_CACHE_HOME : (Join-Path $HOME '.cache')) 'prefect-server' }
        $instance = Join-Path $state "run/prefect$($Server.Version)-$($Server.Port)"
        if (Test-Path -LiteralPath (Join-Path $instance 'server.log')) { Remove-Item -LiteralPath $instance -Recurse -Force -ErrorAction SilentlyContinue }
    }
}

function Get-RealPrefectUrl {
    <#
        The API URL of the real Prefect <Version> the tests run against: $env:PREFECTOPS_PREFECT<Version>_API_URL (set by
        build.ps1 -Task Test, which starts the servers), else $null (the caller starts one with Start-RealPrefect).
    #>
    param([Parameter(Mandatory)] [ValidateSet('2', '3')] [string] $Version)
    $url = [Environment]::GetEnvironmentVariable("PREFECTOPS_PREFECT${Version}_API_URL")
    if ($url) { $url.TrimEnd('/') } else { $null }
}

function Wait-RealPrefect {
    <# Polls GET /health until the server answers true, or throws after -TimeoutSeconds (a server build.ps1 started in the background may still be starting). #>
    param([Parameter(Mandatory)] [string] $ApiUrl, [int] $TimeoutSeconds = 180)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        try { if ((Invoke-RestMethod "$ApiUrl/health" -TimeoutSec 5) -eq $true) { return } } catch { }
        if ([DateTime]::UtcNow -gt $deadline) { throw "The real Prefect server at $ApiUrl did not answer GET /health within $TimeoutSeconds s." }
        Start-Sleep -Milliseconds 500
    }
}

function Invoke-RealPrefectApi {
    <#
        A plain REST call to a real server, for seeding and for reading what the server has. Retries what Prefect's own
        client retries: 503 (SQLite busy: the server's services hold the database now and then), 429 and a connection
        the server closed after such an answer. -AllowError returns @{ Status; Body } instead of throwing on 4xx/5xx.
    #>
    param([Parameter(Mandatory)] [string] $ApiUrl, [Parameter(Mandatory)] [string] $Method, [Parameter(Mandatory)] [string] $Path,
        $Body = $null, [switch] $AllowError)
    $params = @{ Method = $Method; Uri = "$ApiUrl$Path"; ContentType = 'application/json'; SkipHttpErrorCheck = $true; StatusCodeVariable = 'status' }
    if ($null -ne $Body) { $params.Body = $Body -is [string] ? $Body : ($Body | ConvertTo-Json -Depth 20 -Compress) }
    for ($attempt = 1; ; $attempt++) {
        $status = 0
        try { $answer = Invoke-RestMethod @params }
        catch [System.Net.Http.HttpRequestException] { if ($attempt -ge 8) { throw }; Start-Sleep -Milliseconds (100 * $attempt); continue }
        if (($status -eq 503 -or $status -eq 429) -and $attempt -lt 8) { Start-Sleep -Milliseconds (100 * $attempt); continue }
        if ($AllowError) { return [pscustomobject]@{ Status = $status; Body = $answer } }
        if ($status -ge 400) { throw "$Method $Path on $ApiUrl answered $status`: $($answer | ConvertTo-Json -Depth 10 -Compress)" }
        return $answer
    }
}

Export-ModuleMember -Function Get-PrefectServerKit, Start-RealPrefect, Stop-RealPrefect, Get-RealPrefectUrl, Wait-RealPrefect, Invoke-RealPrefectApi
