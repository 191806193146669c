# Dot-sourced by HelpExamples.Tests.ps1: running a help example in its own pwsh, reading what it showed, and the
# helpers HelpExamples.Plan.ps1 builds each example's story with (on the sandbox at $api, through its REST API or the
# module connected to it).

# ---- running an example ----

function Invoke-Example([string] $Code, [string] $ApiUrl, [hashtable] $Replace) {
    # Only the made-up servers' URLs become the sandbox's; then the plan's replacements (made-up ids).
    $text = [regex]::Replace($Code, 'https?://(?:[a-z0-9-]+\.example\.com|127\.0\.0\.1)(?::\d+)?/api\b', $ApiUrl)
    foreach ($key in $Replace.Keys) { $text = $text.Replace($key, $Replace[$key]) }
    $file = Join-Path $workFolder 'example.ps1'
    Set-Content -LiteralPath $file -Value @(
        "Set-Location -LiteralPath '$workFolder'"
        "Import-Module '$(Get-PrefectOpsModulePath)'"
        ". '$prelude'"
        $text)
    # NO_COLOR: plain text, as a log or a pipe gets it.
    Invoke-ChildPwsh -File $file -Environment @{ PREFECT_API_URL = $ApiUrl; PREFECT_HOME = $env:PREFECT_HOME; NO_COLOR = '1' }
}

function Assert-HelpShowsExample([string] $Command, [int] $Number, [string] $Code) {
    # platyPS puts an example's code blocks one after the other into the help's code: the powershell block comes first.
    $examples = @((Get-Help $Command -Examples).examples.example)
    $examples.Count | Should -BeGreaterOrEqual $Number -Because "Get-Help $Command shows example $Number"
    ($examples[$Number - 1].code -replace '\r\n', "`n").StartsWith($Code) | Should -BeTrue -Because "Get-Help $Command shows the code of docs/$Command.md, example $Number"
}

function Assert-ExampleParametersExist([string] $Code) {
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref]$null, [ref]$null)
    $uses = $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true)
    foreach ($use in $uses) {
        $command = Get-Command $use.GetCommandName() -ErrorAction SilentlyContinue
        if (-not $command -or $command.Source -ne 'PrefectOps') { continue }
        foreach ($parameter in $use.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
            $command.ResolveParameter($parameter.ParameterName) | Should -Not -BeNullOrEmpty -Because "$($command.Name) has -$($parameter.ParameterName)"
        }
    }
}

# ---- what the example showed ----

function Get-TableHeader([string] $Text) {
    # Each table's column names: a line followed by a rule of dashes, cut where the rule's dash runs are.
    $lines = @($Text -split '\r?\n')
    for ($i = 0; $i + 1 -lt $lines.Count; $i++) {
        if ($lines[$i].Trim() -and $lines[$i + 1] -match '^\s*-+( +-+)*\s*$') {
            $header = $lines[$i].PadRight($lines[$i + 1].Length)
            , @([regex]::Matches($lines[$i + 1], '-+') | ForEach-Object { $header.Substring($_.Index, [Math]::Min($_.Length, $header.Length - $_.Index)).Trim() })
        }
    }
}

function Get-MessageLine([string] $Text) {
    # The lines that are not part of a table: warnings, What if, summaries.
    $lines = @($Text -split '\r?\n')
    $inTable = $false
    for ($i = 0; $i -lt $lines.Count; $i++) {
        if (-not $lines[$i].Trim()) { $inTable = $false; continue }
        if ($i + 1 -lt $lines.Count -and $lines[$i + 1] -match '^\s*-+( +-+)*\s*$') { $inTable = $true; continue }
        if (-not $inTable) { $lines[$i].Trim() }
    }
}

function ConvertTo-LineSkeleton([string] $Line) {
    # The line's words, as a pattern: counts, times and names (anything with a digit or a slash, anything in single
    # quotes) stand for any; a word may be singular or plural ("1 run", "3 runs").
    $parts = foreach ($token in $Line.Trim() -split '\s+') {
        if ($token -match '\d' -or $token -match '/') { '\S+' }
        elseif ($token -match "^'.*'(\W*)$") { "'[^']*'" + [regex]::Escape($Matches[1]) }
        else {
            $null = $token -match '^(.*?)([.,:;)]*)$'
            $word = $Matches[1] -replace 's$', ''
            [regex]::Escape($word) + 's?' + [regex]::Escape($Matches[2])
        }
    }
    '^' + ($parts -join '\s+') + '$'
}

function Assert-OutputShows([string] $Documented, [string] $Actual, [hashtable] $Unshown) {
    if (-not $Documented) { return }
    $shown = @(Get-TableHeader $Actual | ForEach-Object { $_ -join ' | ' })
    foreach ($header in Get-TableHeader $Documented) {
        $shown | Should -Contain ($header -join ' | ') -Because "the example's Output shows a table with the columns $($header -join ', ')"
    }
    $lines = @($Actual -split '\r?\n' | ForEach-Object Trim)
    foreach ($line in Get-MessageLine $Documented) {
        foreach ($part in $Unshown.Keys) { $line = $line.Replace(" $part", '') }
        $pattern = ConvertTo-LineSkeleton $line
        @($lines -match $pattern) | Should -Not -BeNullOrEmpty -Because "the example's Output shows '$line' ($pattern); it showed:`n$Actual"
    }
}

# ---- the stories of the examples (HelpExamples.Plan.ps1) ----

# Invoke-PrefectApi writes a JSON array as one object: '| ForEach-Object { $_ }' takes its items one by one.

function Get-DeploymentId([string] $Name) {
    [guid]@(Invoke-PrefectApi $api POST '/deployments/filter' @{ deployments = @{ name = @{ any_ = @($Name) } } } | ForEach-Object { $_ })[0].id
}

function Get-ServerProd {
    # The server-prod flows as the server has them: Name (the deployment's), Paused, Marked.
    foreach ($d in Invoke-PrefectApi $api POST '/deployments/filter' @{ deployments = @{ tags = @{ all_ = @('server-prod') } } } | ForEach-Object { $_ }) {
        Get-PrefectDeployment $api $d.id
    }
}

function New-ExampleRun([string] $Deployment, [string[]] $States = @(), [datetime] $ScheduledAt) {
    # A run made by hand (not by the scheduler), scheduled at a time or moved through states as a worker would.
    $body = @{}
    if ($ScheduledAt) { $body.state = @{ type = 'SCHEDULED'; state_details = @{ scheduled_time = $ScheduledAt.ToUniversalTime().ToString('o') } } }
    $run = Invoke-PrefectApi $api POST "/deployments/$(Get-DeploymentId $Deployment)/create_flow_run" $body
    foreach ($s in $States) { $null = Invoke-PrefectApi $api POST "/flow_runs/$($run.id)/set_state" @{ state = @{ type = $s } } }
    [guid]$run.id
}

function Set-PausedOnPurpose([string] $Deployment) {
    # Somebody paused it by hand, without the maintenance marker.
    $null = Invoke-PrefectApi $api PATCH "/deployments/$(Get-DeploymentId $Deployment)" @{ paused = $true }
}

function Add-DeploymentTag([string] $Deployment, [string] $Tag) {
    $id = Get-DeploymentId $Deployment
    $tags = @((Invoke-PrefectApi $api GET "/deployments/$id").tags) + $Tag
    $null = Invoke-PrefectApi $api PATCH "/deployments/$id" @{ tags = $tags }
}

function Open-Window([string] $Tag, [int] $HoursAgo = 0, [switch] $Expired) {
    # A maintenance window on the tag's flows, opened -HoursAgo (so that it missed runs), ended already with -Expired.
    $flows = @(Get-Flow -Tag $Tag | Where-Object Status -eq 'Active')
    $flows | Disable-FlowByTag -Until (Get-Date).AddHours(1) -Confirm:$false 6>$null
    foreach ($f in $flows) {
        $times = @{}
        if ($HoursAgo) { $times.Since = (Get-Date).AddHours(-$HoursAgo) }
        if ($Expired) { $times.Until = (Get-Date).AddMinutes(-5) }
        if ($times.Count) { Set-PrefectWindowTime -ApiUrl $api -Id $f.Id @times }
    }
}

function Write-FlowCsv([string[]] $Deployment) {
    # maintenance-flows.csv in the example's folder: the flows' ids, as Export-Csv writes them.
    $Deployment | ForEach-Object { [pscustomobject]@{ Id = Get-DeploymentId $_; Name = $_ } } |
        Export-Csv (Join-Path $workFolder 'maintenance-flows.csv') -NoTypeInformation
}

function New-DatabaseQueues {
    # The queues the examples name: db-etl (limit 2, priority 1) and db-reports in prod-pool.
    $null = Invoke-PrefectApi $api POST '/work_pools/prod-pool/queues' @{ name = 'db-etl'; concurrency_limit = 2; priority = 1 }
    $null = Invoke-PrefectApi $api POST '/work_pools/prod-pool/queues' @{ name = 'db-reports'; priority = 2 }
}

function Set-LateRuns {
    # What Prefect's late-runs service does: a scheduled run whose time has passed is renamed Late (the sandbox has no
    # such service).
    $now = (Get-Date).ToUniversalTime().ToString('o')
    $filter = @{ flow_runs = @{ state = @{ type = @{ any_ = @('SCHEDULED') } }; expected_start_time = @{ before_ = $now } } }
    foreach ($r in Invoke-PrefectApi $api POST '/flow_runs/filter' $filter | ForEach-Object { $_ }) {
        $late = @{ type = 'SCHEDULED'; name = 'Late'; state_details = @{ scheduled_time = $r.expected_start_time } }
        $null = Invoke-PrefectApi $api POST "/flow_runs/$($r.id)/set_state" @{ state = $late; force = $true }
    }
}

function Start-SandboxWorker {
    # A worker serving every queue: it stops a run it is asked to cancel, which the first read afterwards sees Cancelled.
    $null = Invoke-RestMethod -Method Post -Uri "$($api -replace '/api/?$', '/_sandbox')/worker" -ContentType 'application/json' `
        -Body '{"finishCancellingAfterReads": 1}'
}
