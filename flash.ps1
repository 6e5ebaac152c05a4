#Requires -Version 7.0
<#
.SYNOPSIS
    Flash the nanoFramework firmware and deploy the virtio-mmio app to an ESP32 board.

.DESCRIPTION
    1. Installs nanoff (a dotnet tool) when it is missing, or updates it.
    2. Flashes the nanoFramework firmware for the board's target:   nanoff --update --target <T> --serialport <P>
    3. On Windows, builds the app for the board (nuget restore + msbuild Release), unless -SkipBuild.
    4. Deploys the app image over the wire protocol:                nanoff --nanodevice --serialport <P> --deploy --image <bin>

    Boards are defined in boards/*.json (docs/boards.md). The .nfproj build needs Windows (Visual Studio
    MSBuild with the nanoFramework extension); on Linux/macOS use -SkipBuild with an image built on Windows
    or downloaded from the "firmware" CI artifact (-Image).

.EXAMPLE
    ./flash.ps1 -Board esp32-devkitc -Port COM5

.EXAMPLE
    ./flash.ps1 -Board esp32-s3-devkitc-1 -Port /dev/ttyUSB0 -SkipBuild -Image ./VirtioFirmware.bin

.EXAMPLE
    ./flash.ps1 -Board esp32-c3-devkitm-1 -Port /dev/ttyACM0 -WhatIf
#>
[CmdletBinding()]
param(
    # Board id: a file name in boards/ without .json.
    [Parameter(Mandatory = $true)]
    [ValidateSet('esp32-c3-devkitm-1', 'esp32-devkitc', 'esp32-s3-devkitc-1')]
    [string] $Board,

    # Serial port of the board's USB connection (COM5, /dev/ttyUSB0, /dev/ttyACM0).
    [Parameter(Mandatory = $true)]
    [ValidateNotNullOrEmpty()]
    [string] $Port,

    # Flash the nanoFramework firmware only; do not build or deploy the app.
    [switch] $FirmwareOnly,

    # Build and deploy the app only; keep the firmware on the board.
    [switch] $AppOnly,

    # Erase the whole flash (including the configuration partition) before flashing the firmware.
    [switch] $MassErase,

    # Do not build the app; deploy the existing image.
    [switch] $SkipBuild,

    # App image to deploy (default: the Release build output).
    [string] $Image,

    # Print the exact commands and run nothing.
    [switch] $WhatIf
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$DownloadModeHint = 'If the board does not answer, put it in download mode: hold BOOT, tap RESET (EN), release BOOT, then retry. ' +
    'On Linux, your user needs the "dialout" group (sudo usermod -aG dialout $USER, then log in again). ' +
    'Close any serial monitor or runner that holds the port.'

function Format-Command([string] $Command, [string[]] $Arguments) {
    $quoted = foreach ($a in $Arguments) { if ($a -match '[\s"]') { '"' + ($a -replace '"', '\"') + '"' } else { $a } }
    return (@($Command) + @($quoted)) -join ' '
}

# Runs (or, with -WhatIf, only prints) one external command; throws with $Failure (and the exit code) if it fails,
# or only warns with -WarnOnly.
function Invoke-Step([string] $Command, [string[]] $Arguments, [string] $Failure, [switch] $WarnOnly) {
    $line = Format-Command $Command $Arguments
    if ($WhatIf) {
        Write-Host "What if: $line"
        return
    }

    Write-Host "> $line"
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) {
        if ($WarnOnly) {
            Write-Warning "$Failure (exit code $LASTEXITCODE)."
            return
        }

        throw "$Failure (exit code $LASTEXITCODE)."
    }
}

if ($FirmwareOnly -and $AppOnly) {
    throw '-FirmwareOnly and -AppOnly exclude each other: give at most one.'
}

if ($AppOnly -and $MassErase) {
    throw '-MassErase erases the nanoFramework firmware too; it cannot be combined with -AppOnly.'
}

$repo = $PSScriptRoot
$boardFile = Join-Path $repo 'boards' "$Board.json"
if (-not (Test-Path -LiteralPath $boardFile -PathType Leaf)) {
    $known = (Get-ChildItem -LiteralPath (Join-Path $repo 'boards') -Filter '*.json' | Where-Object Name -ne 'board.schema.json' | ForEach-Object BaseName) -join ', '
    throw "Unknown board '$Board': boards/$Board.json does not exist. Known boards: $known."
}

try {
    $definition = Get-Content -LiteralPath $boardFile -Raw | ConvertFrom-Json
}
catch {
    throw "boards/$Board.json is not valid JSON: $($_.Exception.Message). Check it with: dotnet run --project host-tests/src/Boards -- validate"
}

$target = $definition.nanoffTarget
if ([string]::IsNullOrWhiteSpace($target)) {
    throw "boards/$Board.json has no nanoffTarget. Check it with: dotnet run --project host-tests/src/Boards -- validate"
}

$solution = Join-Path $repo 'Firmware.sln'
if (-not $Image) {
    $Image = Join-Path $repo 'firmware' 'VirtioFirmware' 'bin' 'Release' 'VirtioFirmware.bin'
}

Write-Host "Board $Board ($($definition.chip)), nanoFramework target $target, port $Port"

# 1. nanoff: installed when missing (required), updated when present (best effort: flashing works offline)
$haveNanoff = [bool](Get-Command nanoff -ErrorAction SilentlyContinue)
if (-not $WhatIf -and -not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    if (-not $haveNanoff) {
        throw 'dotnet is not on PATH: install the .NET SDK (https://dot.net) to get nanoff.'
    }
}
elseif ($haveNanoff) {
    Invoke-Step 'dotnet' @('tool', 'update', '--global', 'nanoff') 'Could not update nanoff (offline?); using the installed one' -WarnOnly
}
else {
    Invoke-Step 'dotnet' @('tool', 'install', '--global', 'nanoff') 'Installing nanoff failed; check the network or install it by hand: dotnet tool install --global nanoff'
}

# A fresh global install lands in ~/.dotnet/tools, which this session's PATH may not have yet.
$nanoff = 'nanoff'
if (-not $WhatIf -and -not (Get-Command nanoff -ErrorAction SilentlyContinue)) {
    $nanoff = Join-Path $HOME '.dotnet' 'tools' ($IsWindows ? 'nanoff.exe' : 'nanoff')
    if (-not (Test-Path -LiteralPath $nanoff -PathType Leaf)) {
        throw 'nanoff was installed but is not on PATH: add ~/.dotnet/tools (Linux/macOS) or %USERPROFILE%\.dotnet\tools (Windows) to PATH.'
    }
}

# 2. Firmware
if (-not $AppOnly) {
    $firmwareArgs = @('--update', '--target', $target, '--serialport', $Port)
    if ($MassErase) {
        $firmwareArgs += '--masserase'
    }

    Invoke-Step $nanoff $firmwareArgs "nanoff could not flash the $target firmware on $Port. $DownloadModeHint"
    if (-not $WhatIf -and -not $FirmwareOnly) {
        # nanoff resets the board; give nanoCLR time to boot before talking the wire protocol to it.
        Start-Sleep -Seconds 5
    }
}

if ($FirmwareOnly) {
    Write-Host 'Firmware flashed (-FirmwareOnly): app not built or deployed.'
    return
}

# 3. Build (Windows only: the .nfproj tasks need Visual Studio MSBuild with the nanoFramework extension)
if (-not $SkipBuild) {
    if ($IsWindows) {
        $vswhere = Join-Path ${env:ProgramFiles(x86)} 'Microsoft Visual Studio' 'Installer' 'vswhere.exe'
        $msbuild = $null
        if (Test-Path -LiteralPath $vswhere) {
            $msbuild = & $vswhere -products * -latest -prerelease -requires Microsoft.Component.MSBuild -find 'MSBuild\**\Bin\amd64\MSBuild.exe' | Select-Object -First 1
        }

        if (-not $msbuild) {
            throw 'MSBuild not found: install Visual Studio 2022 (or Build Tools) with the nanoFramework extension, or pass -SkipBuild with a prebuilt -Image.'
        }

        if (-not (Get-Command nuget -ErrorAction SilentlyContinue)) {
            throw 'nuget.exe is not on PATH (packages.config needs it: https://www.nuget.org/downloads), or pass -SkipBuild with a prebuilt -Image.'
        }

        Invoke-Step 'nuget' @('restore', $solution) 'nuget restore of Firmware.sln failed'
        Invoke-Step $msbuild @($solution, '/p:Configuration=Release', '/p:Platform=Any CPU', "/p:Board=$Board", '/verbosity:minimal') 'msbuild of Firmware.sln failed'
    }
    else {
        Write-Host 'Skipping the build: .nfproj projects build on Windows only (see docs/firmware.md). Deploying the existing image.'
    }
}

# 4. Deploy
if (-not (Test-Path -LiteralPath $Image -PathType Leaf)) {
    $missing = "App image not found: $Image. Build it on Windows (./flash.ps1 without -SkipBuild), or download the 'firmware' artifact of the Windows CI workflow and pass -Image."
    if ($WhatIf) {
        Write-Host "What if: (note) $missing"
    }
    else {
        throw $missing
    }
}

Invoke-Step $nanoff @('--nanodevice', '--serialport', $Port, '--deploy', '--image', $Image) "nanoff could not deploy $Image to $Port. $DownloadModeHint"
if (-not $WhatIf) {
    Write-Host ("Done. Wire a 3.3 V USB-UART adapter to GPIO$($definition.uart.txPin) (board TX -> adapter RX) and GPIO$($definition.uart.rxPin) (board RX -> adapter TX) and GND, " +
        "then run the suite on the adapter's port: dotnet run --project host-tests/src/Runner -- --target serial:<adapter port>?baud=$($definition.uart.baud)")
}
