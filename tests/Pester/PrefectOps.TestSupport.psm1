#Requires -Version 7.2
<#
    Shared by the PrefectOps Pester 5 tests: where the built module is, the sandbox Prefect server (a background
    `dotnet run` on a free port, seeded with the demo data), and a tiny HTTP server that is NOT Prefect.
    Import it in BeforeAll:  Import-Module (Join-Path $PSScriptRoot 'PrefectOps.TestSupport.psm1') -Force
#>
Set-StrictMode -Version Latest
# Real Prefect servers (Start-RealPrefect, ...), exported from here with the rest.
Import-Module (Join-Path $PSScriptRoot 'RealPrefect.psm1')

function Get-PrefectOpsRepoRoot {
    $dir = $PSScriptRoot
    while ($dir -and -not (Test-Path -LiteralPath (Join-Path $dir 'PrefectOps.psd1'))) {
        $dir = Split-Path -Parent $dir
    }
    if (-not $dir) { throw "No folder holding PrefectOps.psd1 above '$PSScriptRoot'." }
    $dir
}

function Get-PrefectOpsModulePath {
    <# The built module's manifest: $env:PREFECTOPS_MODULE_PATH, else out/PrefectOps/PrefectOps.psd1 (what build.ps1 lays out). #>
    $path = if ($env:PREFECTOPS_MODULE_PATH) { $env:PREFECTOPS_MODULE_PATH }
            else { Join-Path (Get-PrefectOpsRepoRoot) 'out/PrefectOps/PrefectOps.psd1' }
    if (-not (Test-Path -LiteralPath $path)) { throw "The built module was not found at '$path'. Run ./build.ps1 first." }
    $path
}

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    try {
        $listener.Start()
        ([System.Net.IPEndPoint]$listener.LocalEndpoint).Port
    }
    finally {
        $listener.Stop()
    }
}

function Get-UnreachableApiUrl {
    <# An API URL on a loopback port nobody listens on: connections are refused at once. #>
    "http://127.0.0.1:$(Get-FreeTcpPort)/api"
}

function Start-PrefectSandbox {
    <#
        Starts tests/PrefectOps.Sandbox on a free port and waits until it says it is listening (after its seed).
        Returns an object with ApiUrl, Port, Process and LogPath; pass it to Stop-PrefectSandbox.
    #>
    param(
        [ValidateSet('2', '3')] [string] $PrefectVersion = '2',
        [string] $Seed = 'demo',
        [int] $TimeoutSeconds = 180,
        # More sandbox options, e.g. '--latency-ms', '50'.
        [string[]] $ExtraArguments = @()
    )
    $root = Get-PrefectOpsRepoRoot
    $port = Get-FreeTcpPort
    $log = Join-Path ([System.IO.Path]::GetTempPath()) "prefectops-sandbox-$port.log"
    $errLog = "$log.err"
    # Start-Process joins the arguments with spaces: quote the ones that may contain spaces.
    # @(...) around the if: a one-element branch would otherwise come out as a string, and += would append to it.
    $arguments = @(if ($env:PREFECTOPS_SANDBOX_DLL) { '"{0}"' -f $env:PREFECTOPS_SANDBOX_DLL }    # built once by build.ps1
                   else { 'run', '--project', ('"{0}"' -f (Join-Path $root 'tests/PrefectOps.Sandbox')), '--' })
    $arguments += @('--prefect-version', $PrefectVersion, '--port', "$port", '--seed', $Seed, '--control') + $ExtraArguments
    $process = Start-Process -FilePath 'dotnet' -ArgumentList $arguments -WorkingDirectory $root -PassThru `
        -RedirectStandardOutput $log -RedirectStandardError $errLog -NoNewWindow
    $sandbox = [pscustomobject]@{
        Port    = $port
        ApiUrl  = "http://127.0.0.1:$port/api"
        Process = $process
        LogPath = $log
    }

    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        if ($process.HasExited) {
            $output = (Get-Content -LiteralPath $log, $errLog -Raw -ErrorAction SilentlyContinue) -join [Environment]::NewLine
            throw "The sandbox exited with code $($process.ExitCode) before answering:$([Environment]::NewLine)$output"
        }
        # The sandbox prints its URL once it is seeded; it answers /health before that, while the seed is written.
        $printed = Select-String -LiteralPath $log -Pattern 'sandbox listening at (https?://\S+/api)\b' -ErrorAction SilentlyContinue |
            Select-Object -First 1
        if ($printed) { $sandbox.ApiUrl = $printed.Matches[0].Groups[1].Value; break }
        if ([DateTime]::UtcNow -gt $deadline) {
            Stop-PrefectSandbox $sandbox
            throw "The sandbox did not answer GET $($sandbox.ApiUrl)/health within $TimeoutSeconds s; see $log."
        }
        Start-Sleep -Milliseconds 500
    }
    $sandbox
}

function Stop-PrefectSandbox {
    param([Parameter(Mandatory)] [AllowNull()] $Sandbox)
    if (-not $Sandbox -or -not $Sandbox.Process) { return }
    $process = $Sandbox.Process
    if (-not $process.HasExited) {
        # dotnet run starts the app as a child process: end the whole tree, only the one this module started.
        $process.Kill($true)
        $null = $process.WaitForExit(10000)
    }
    $process.Dispose()
}

function Start-NotPrefectServer {
    <#
        A loopback HTTP server that answers every request with 200 and an HTML page, the way a web server in front of
        the wrong port would. Raw TcpListener, so it needs no URL reservation on Windows. Stop it with Stop-NotPrefectServer.
    #>
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $port = ([System.Net.IPEndPoint]$listener.LocalEndpoint).Port
    $powershell = [powershell]::Create()
    $null = $powershell.AddScript({
        param($listener)
        $body = [System.Text.Encoding]::UTF8.GetBytes('<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>')
        while ($true) {
            try { $client = $listener.AcceptTcpClient() } catch { break } # Stop() ends the loop
            try {
                $stream = $client.GetStream()
                $stream.ReadTimeout = 5000
                # Read the head up to the blank line, then the body it announces, before answering.
                $head = [System.Collections.Generic.List[byte]]::new()
                while (-not ($head.Count -ge 4 -and $head[$head.Count - 4] -eq 13 -and $head[$head.Count - 3] -eq 10 -and
                             $head[$head.Count - 2] -eq 13 -and $head[$head.Count - 1] -eq 10)) {
                    $b = $stream.ReadByte()
                    if ($b -lt 0) { break }
                    $head.Add([byte]$b)
                }
                $text = [System.Text.Encoding]::ASCII.GetString($head.ToArray())
                if ($text -match '(?im)^Content-Length:\s*(\d+)') {
                    $remaining = [int]$Matches[1]
                    $buffer = [byte[]]::new(4096)
                    while ($remaining -gt 0) {
                        $read = $stream.Read($buffer, 0, [Math]::Min($buffer.Length, $remaining))
                        if ($read -le 0) { break }
                        $remaining -= $read
                    }
                }
                $response = "HTTP/1.1 200 OK`r`nContent-Type: text/html; charset=utf-8`r`nContent-Length: $($body.Length)`r`nConnection: close`r`n`r`n"
                $headBytes = [System.Text.Encoding]::ASCII.GetBytes($response)
                $stream.Write($headBytes, 0, $headBytes.Length)
                $stream.Write($body, 0, $body.Length)
                $stream.Flush()
            }
            catch {
                # a client that went away: serve the next one
            }
            finally {
                $client.Close()
            }
        }
    }).AddArgument($listener)
    $handle = $powershell.BeginInvoke()
    [pscustomobject]@{
        ApiUrl     = "http://127.0.0.1:$port/api"
        Listener   = $listener
        PowerShell = $powershell
        Handle     = $handle
    }
}

function Stop-NotPrefectServer {
    param([Parameter(Mandatory)] [AllowNull()] $Server)
    if (-not $Server) { return }
    $Server.Listener.Stop()
    try { $null = $Server.PowerShell.EndInvoke($Server.Handle) } catch { }
    $Server.PowerShell.Dispose()
}

$script:CsrfTokens = @{}

function Invoke-PrefectApi {
    <#
        A plain REST call to the sandbox or a real server, for seeding and for checking what the server has. -AuthString
        for a server started with PREFECT_SERVER_API_AUTH_STRING; -Csrf for one with CSRF protection (a token per API
        URL, fetched once). 503 (SQLite busy right after a real server starts) is retried a few times.
    #>
    param([Parameter(Mandatory)] [string] $ApiUrl, [Parameter(Mandatory)] [string] $Method, [Parameter(Mandatory)] [string] $Path, $Body = $null,
        [string] $AuthString, [switch] $Csrf)
    $headers = @{}
    if ($AuthString) { $headers.Authorization = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($AuthString)) }
    if ($Csrf -and $Method -ne 'GET') {
        if (-not $script:CsrfTokens[$ApiUrl]) {
            $client = [guid]::NewGuid().ToString()
            $token = (Invoke-PrefectApi $ApiUrl GET "/csrf-token?client=$client" -AuthString $AuthString).token
            $script:CsrfTokens[$ApiUrl] = @{ 'Prefect-Csrf-Token' = $token; 'Prefect-Csrf-Client' = $client }
        }
        $headers += $script:CsrfTokens[$ApiUrl]
    }
    $params = @{ Method = $Method; Uri = "$ApiUrl$Path"; ContentType = 'application/json'; Headers = $headers }
    if ($null -ne $Body) { $params.Body = ($Body | ConvertTo-Json -Depth 10 -Compress) }
    for ($attempt = 1; ; $attempt++) {
        try { return Invoke-RestMethod @params }
        catch {
            $busy = $_.Exception.Response -and [int]$_.Exception.Response.StatusCode -eq 503
            if (-not $busy -or $attempt -ge 5) { throw }
            Start-Sleep -Milliseconds (200 * $attempt) # the server asked for time; no test timing depends on it
        }
    }
}

function New-PrefectTestRun {
    <# A manual run of the demo seed's adhoc-report deployment, moved through the given states as a worker would. #>
    param([Parameter(Mandatory)] [string] $ApiUrl, [string[]] $States = @())
    $deployment = (Invoke-PrefectApi $ApiUrl POST '/deployments/filter' @{ deployments = @{ name = @{ any_ = @('adhoc-report') } } })[0]
    $run = Invoke-PrefectApi $ApiUrl POST "/deployments/$($deployment.id)/create_flow_run" @{}
    foreach ($s in $States) { $null = Invoke-PrefectApi $ApiUrl POST "/flow_runs/$($run.id)/set_state" @{ state = @{ type = $s } } }
    [guid] $run.id
}

function Get-SandboxControlUrl([string] $ApiUrl) { $ApiUrl -replace '/api/?$', '/_sandbox' }

function Add-SandboxFault {
    <#
        Switches a fault on in a sandbox started by Start-PrefectSandbox (it runs with --control): requests to -Route
        ("METHOD /template", "*" for all) whose path contains -PathContains get -Kind (Status, Hang, ResetConnection,
        MalformedJson, ResetAfterHandling), after -Skip of them have passed, -Times times.
    #>
    param([Parameter(Mandatory)] [string] $ApiUrl, [Parameter(Mandatory)] [string] $Route,
          [ValidateSet('Status', 'Hang', 'ResetConnection', 'MalformedJson', 'ResetAfterHandling')] [string] $Kind = 'Status',
          [int] $Status = 500, [int] $Times = [int]::MaxValue, [int] $Skip = 0, [string] $PathContains)
    $rule = @{ route = $Route; kind = $Kind; status = $Status; times = $Times; skip = $Skip }
    if ($PathContains) { $rule.pathContains = $PathContains }
    $null = Invoke-RestMethod -Method Post -Uri "$(Get-SandboxControlUrl $ApiUrl)/faults" -ContentType 'application/json' -Body ($rule | ConvertTo-Json -Compress)
}

function Clear-SandboxFault {
    param([Parameter(Mandatory)] [string] $ApiUrl)
    $null = Invoke-RestMethod -Method Delete -Uri "$(Get-SandboxControlUrl $ApiUrl)/faults"
}

function Get-SandboxFaultHit {
    <# How often the sandbox's faults have fired, in all. #>
    param([Parameter(Mandatory)] [string] $ApiUrl)
    $hits = 0
    foreach ($rule in @(Invoke-RestMethod -Uri "$(Get-SandboxControlUrl $ApiUrl)/faults")) { $hits += [int]$rule.hits }
    $hits
}

function Get-SandboxRequestCount {
    <# How many requests the sandbox has served per route ("METHOD /template"), as a hashtable. #>
    param([Parameter(Mandatory)] [string] $ApiUrl, [string] $Route)
    $counts = @{}
    (Invoke-RestMethod -Uri "$(Get-SandboxControlUrl $ApiUrl)/requests").PSObject.Properties | ForEach-Object { $counts[$_.Name] = [int]$_.Value }
    if ($Route) { [int]$counts[$Route] } else { $counts }
}

function Get-PwshCommand {
    <# The PowerShell running these tests, as a command line for a child process: its apphost, else dotnet + pwsh.dll. #>
    $exe = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    if (Test-Path -LiteralPath $exe) { return , @($exe) }
    , @('dotnet', (Join-Path $PSHOME 'pwsh.dll'))
}

function Invoke-ChildPwsh {
    <#
        Runs a script file in a new `pwsh -NoProfile -NonInteractive -File`, as a scheduled task does, with the given
        environment variables (others as this process has them). Returns ExitCode, Output (stdout) and Errors (stderr).
    #>
    param([Parameter(Mandatory)] [string] $File, [hashtable] $Environment = @{}, [int] $TimeoutSeconds = 120)
    $command = Get-PwshCommand
    $info = [System.Diagnostics.ProcessStartInfo]::new($command[0])
    foreach ($a in @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $File)) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    foreach ($name in $Environment.Keys) { $info.Environment[$name] = $Environment[$name] }
    $process = [System.Diagnostics.Process]::Start($info)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    if (-not $process.WaitForExit($TimeoutSeconds * 1000)) { $process.Kill($true); throw "$File did not end within $TimeoutSeconds s." }
    # A process the script started and left running would hold the output open: say so rather than wait for ever.
    if (-not [System.Threading.Tasks.Task]::WaitAll(@($stdout, $stderr), 10000)) { throw "$File ended, but something it started still holds its output open." }
    [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.Result; Errors = $stderr.Result }
}

function Get-PrefectDeployment {
    <# What the server has for a deployment: paused, and whether it carries the marker (read directly, not through PrefectOps). #>
    param([Parameter(Mandatory)] [string] $ApiUrl, [Parameter(Mandatory)] [guid] $Id)
    $d = Invoke-PrefectApi $ApiUrl GET "/deployments/$Id"
    $paused = if ($null -ne $d.PSObject.Properties['paused']) { [bool]$d.paused } else { -not [bool]$d.is_schedule_active }
    [pscustomobject]@{ Id = $Id; Name = $d.name; Paused = $paused; Marked = @($d.tags) -ccontains 'MAINTENANCE'; Tags = @($d.tags) }
}

function Set-PrefectWindowTime {
    <#
        Moves the start and/or end of a flow's maintenance window on the server (its MAINTENANCE:since= and :until=
        tags), as if the window had been opened earlier: how a test gets an expired window, or one that missed runs,
        without waiting for time to pass.
    #>
    param([Parameter(Mandatory)] [string] $ApiUrl, [Parameter(Mandatory)] [guid] $Id, [datetime] $Since, [datetime] $Until)
    $deployment = Invoke-PrefectApi $ApiUrl GET "/deployments/$Id"
    $tags = @($deployment.tags)
    foreach ($part in @(@{ Name = 'since'; Value = $Since }, @{ Name = 'until'; Value = $Until }) | Where-Object { $_.Value }) {
        $stamp = $part.Value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [cultureinfo]::InvariantCulture)
        $tags = @($tags | Where-Object { $_ -notlike "MAINTENANCE:$($part.Name)=*" }) + "MAINTENANCE:$($part.Name)=$stamp"
    }
    $null = Invoke-PrefectApi $ApiUrl PATCH "/deployments/$Id" @{ tags = $tags }
}

function Get-PrefectRunState {
    param([Parameter(Mandatory)] [string] $ApiUrl, [Parameter(Mandatory)] [guid] $Id)
    (Invoke-PrefectApi $ApiUrl GET "/flow_runs/$Id").state.type
}

function Start-PrefectTestSession {
    <# The usual BeforeAll: the built module, no PREFECT_* settings from the machine, a demo sandbox, connected. #>
    param([ValidateSet('2', '3')] [string] $PrefectVersion = '2', [string[]] $ExtraArguments = @())
    Import-Module (Get-PrefectOpsModulePath) -Force -Global
    $saved = Use-IsolatedPrefectEnvironment
    $sandbox = Start-PrefectSandbox -PrefectVersion $PrefectVersion -Seed demo -ExtraArguments $ExtraArguments
    Connect-Prefect -ApiUrl $sandbox.ApiUrl
    [pscustomobject]@{ ApiUrl = $sandbox.ApiUrl; Sandbox = $sandbox; SavedEnvironment = $saved }
}

function Stop-PrefectTestSession {
    param([Parameter(Mandatory)] [AllowNull()] $Session)
    if (-not $Session) { return }
    Disconnect-Prefect
    Stop-PrefectSandbox $Session.Sandbox
    Restore-PrefectEnvironment $Session.SavedEnvironment
}

function Get-InformationText {
    <# The messages of the PrefectOps information records among captured output (6>&1). #>
    param([Parameter(ValueFromPipeline)] $InputObject)
    process {
        if ($InputObject -is [System.Management.Automation.InformationRecord] -and $InputObject.Tags -contains 'PrefectOps') {
            "$($InputObject.MessageData)"
        }
    }
}

function Use-IsolatedPrefectEnvironment {
    <#
        Clears every Prefect client setting PrefectOps reads and points PREFECT_HOME at an empty folder, so a
        developer's own Prefect settings cannot leak in. Returns what it changed, for Restore-PrefectEnvironment.
    #>
    $saved = @{}
    foreach ($name in 'PREFECT_API_URL', 'PREFECT_API_KEY', 'PREFECT_PROFILE', 'PREFECT_HOME', 'PREFECT_PROFILES_PATH',
        'PREFECT_API_AUTH_STRING', 'PREFECT_CLIENT_CSRF_SUPPORT_ENABLED', 'PREFECT_CLIENT_CUSTOM_HEADERS',
        'PREFECT_API_SSL_CERT_FILE', 'SSL_CERT_FILE', 'PREFECT_API_TLS_INSECURE_SKIP_VERIFY', 'PREFECT_API_REQUEST_TIMEOUT',
        'PREFECT_CLIENT_MAX_RETRIES', 'PREFECT_CLIENT_RETRY_EXTRA_CODES', 'PREFECT_CLIENT_RETRY_JITTER_FACTOR') {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $null)
    }
    $prefectHome = Join-Path ([System.IO.Path]::GetTempPath()) "prefectops-home-$([guid]::NewGuid().ToString('N'))"
    $null = New-Item -ItemType Directory -Path $prefectHome
    $env:PREFECT_HOME = $prefectHome
    $saved
}

function Restore-PrefectEnvironment {
    param([Parameter(Mandatory)] [hashtable] $Saved)
    $prefectHome = $env:PREFECT_HOME
    foreach ($name in $Saved.Keys) { [Environment]::SetEnvironmentVariable($name, $Saved[$name]) }
    if ($prefectHome -and $prefectHome -like '*prefectops-home-*' -and (Test-Path -LiteralPath $prefectHome)) {
        Remove-Item -LiteralPath $prefectHome -Recurse -Force
    }
}

Export-ModuleMember -Function Invoke-PrefectApi, Set-PrefectWindowTime, Add-SandboxFault, Clear-SandboxFault, Get-SandboxFaultHit, Get-SandboxRequestCount,
    Get-PwshCommand, Invoke-ChildPwsh, Get-PrefectDeployment, New-PrefectTestRun, Get-PrefectRunState, Start-PrefectTestSession, Stop-PrefectTestSession, Get-PrefectOpsRepoRoot, Get-PrefectOpsModulePath, Get-FreeTcpPort, Get-UnreachableApiUrl,
    Start-PrefectSandbox, Stop-PrefectSandbox, Start-NotPrefectServer, Stop-NotPrefectServer, Get-InformationText,
    Use-IsolatedPrefectEnvironment, Restore-PrefectEnvironment,
    Get-PrefectServerKit, Start-RealPrefect, Stop-RealPrefect, Get-RealPrefectUrl, Wait-RealPrefect, Invoke-RealPrefectApi
