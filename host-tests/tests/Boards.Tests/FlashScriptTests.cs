using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;

namespace Boards.Tests;

/// <summary>
/// flash.ps1 checked with the real PowerShell parser and run in process (Microsoft.PowerShell.SDK) with -WhatIf,
/// which prints the exact commands and runs nothing.
/// </summary>
public sealed class FlashScriptTests
{
    private static ScriptBlockAst ParseScript(out ParseError[] errors) =>
        Parser.ParseFile(RepositoryPaths.FlashScript, out _, out errors);

    private static ParameterAst Parameter(string name) =>
        ParseScript(out _).ParamBlock!.Parameters.Single(p => string.Equals(p.Name.VariablePath.UserPath, name, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void Parses_without_errors()
    {
        ParseScript(out ParseError[] errors);
        Assert.Empty(errors.Select(e => $"{e.Extent.StartLineNumber}: {e.Message}"));
    }

    [Fact]
    public void Declares_exactly_the_documented_parameters()
    {
        string[] names = ParseScript(out _).ParamBlock!.Parameters.Select(p => p.Name.VariablePath.UserPath).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["AppOnly", "Board", "FirmwareOnly", "Image", "MassErase", "Port", "SkipBuild", "WhatIf"], names);
    }

    [Theory]
    [InlineData("FirmwareOnly")]
    [InlineData("AppOnly")]
    [InlineData("MassErase")]
    [InlineData("SkipBuild")]
    [InlineData("WhatIf")]
    public void Flags_are_switches(string name) => Assert.Equal(typeof(SwitchParameter), Parameter(name).StaticType);

    [Theory]
    [InlineData("Board")]
    [InlineData("Port")]
    public void Board_and_port_are_mandatory(string name)
    {
        AttributeAst parameter = Parameter(name).Attributes.OfType<AttributeAst>().Single(a => a.TypeName.Name == "Parameter");
        NamedAttributeArgumentAst mandatory = parameter.NamedArguments.Single(a => a.ArgumentName == "Mandatory");
        Assert.Equal("$true", mandatory.Argument.Extent.Text);
    }

    [Fact]
    public void Board_accepts_exactly_the_boards_in_the_boards_directory()
    {
        AttributeAst validateSet = Parameter("Board").Attributes.OfType<AttributeAst>().Single(a => a.TypeName.Name == "ValidateSet");
        string[] accepted = validateSet.PositionalArguments.Cast<StringConstantExpressionAst>().Select(s => s.Value).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(RepositoryPaths.BoardIds, accepted);
    }

    [Theory]
    [InlineData("esp32-devkitc", "ESP32_REV3")]
    [InlineData("esp32-s3-devkitc-1", "ESP32_S3_QUAD")]
    [InlineData("esp32-c3-devkitm-1", "ESP32_C3")]
    public void WhatIf_prints_the_exact_nanoff_commands_for_the_boards_target(string board, string target)
    {
        ScriptRun run = RunScript(new() { ["Board"] = board, ["Port"] = "/dev/ttyUSB0", ["SkipBuild"] = true, ["WhatIf"] = true });

        Assert.Null(run.Error);
        string image = Path.Combine(RepositoryPaths.Root, "firmware", "VirtioFirmware", "bin", "Release", "VirtioFirmware.bin");
        string[] commands = run.WhatIfCommands;
        Assert.Equal(3, commands.Length);
        Assert.Matches("^dotnet tool (install|update) --global nanoff$", commands[0]);
        Assert.Equal($"nanoff --update --target {target} --serialport /dev/ttyUSB0", commands[1]);
        Assert.Equal($"nanoff --nanodevice --serialport /dev/ttyUSB0 --deploy --image {image}", commands[2]);
    }

    [Fact]
    public void WhatIf_with_mass_erase_adds_masserase_to_the_firmware_update_only()
    {
        ScriptRun run = RunScript(new() { ["Board"] = "esp32-devkitc", ["Port"] = "COM5", ["FirmwareOnly"] = true, ["MassErase"] = true, ["WhatIf"] = true });

        Assert.Null(run.Error);
        Assert.Equal(2, run.WhatIfCommands.Length);
        Assert.Equal("nanoff --update --target ESP32_REV3 --serialport COM5 --masserase", run.WhatIfCommands[1]);
    }

    [Fact]
    public void WhatIf_app_only_deploys_without_flashing_firmware_and_quotes_paths_with_spaces()
    {
        ScriptRun run = RunScript(new() { ["Board"] = "esp32-s3-devkitc-1", ["Port"] = "COM7", ["AppOnly"] = true, ["SkipBuild"] = true, ["Image"] = "C:/my images/app.bin", ["WhatIf"] = true });

        Assert.Null(run.Error);
        Assert.DoesNotContain(run.WhatIfCommands, c => c.Contains("--update", StringComparison.Ordinal) && c.StartsWith("nanoff", StringComparison.Ordinal));
        Assert.Equal("nanoff --nanodevice --serialport COM7 --deploy --image \"C:/my images/app.bin\"", run.WhatIfCommands[^1]);
        Assert.Contains(run.Output, l => l.Contains("App image not found: C:/my images/app.bin", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_board_is_refused_with_the_list_of_boards()
    {
        ScriptRun run = RunScript(new() { ["Board"] = "esp32-nope", ["Port"] = "COM5", ["WhatIf"] = true });

        Assert.NotNull(run.Error);
        Assert.Contains("esp32-nope", run.Error);
        Assert.Contains("esp32-devkitc", run.Error);
        Assert.Empty(run.WhatIfCommands);
    }

    [Fact]
    public void Firmware_only_and_app_only_together_are_refused()
    {
        ScriptRun run = RunScript(new() { ["Board"] = "esp32-devkitc", ["Port"] = "COM5", ["FirmwareOnly"] = true, ["AppOnly"] = true, ["WhatIf"] = true });

        Assert.Contains("-FirmwareOnly and -AppOnly", run.Error);
        Assert.Empty(run.WhatIfCommands);
    }

    [Fact]
    public void Mass_erase_with_app_only_is_refused()
    {
        ScriptRun run = RunScript(new() { ["Board"] = "esp32-devkitc", ["Port"] = "COM5", ["AppOnly"] = true, ["MassErase"] = true, ["WhatIf"] = true });

        Assert.Contains("-MassErase", run.Error);
        Assert.Empty(run.WhatIfCommands);
    }

    [Fact]
    public void Missing_image_without_WhatIf_fails_before_running_nanoff_deploy()
    {
        // -AppOnly -SkipBuild with an image that does not exist: the script must stop at the image check. The nanoff
        // tool step runs first, so point PATH at an empty directory with a fake dotnet/nanoff that record their calls.
        string bin = Directory.CreateTempSubdirectory("flash-test").FullName;
        string log = Path.Combine(bin, "calls.log");
        FakeTool(bin, "dotnet", exitCode: 0, log);
        FakeTool(bin, "nanoff", exitCode: 0, log);

        try
        {
            ScriptRun run = RunScript(
                new() { ["Board"] = "esp32-devkitc", ["Port"] = "/dev/ttyUSB9", ["AppOnly"] = true, ["SkipBuild"] = true, ["Image"] = Path.Combine(bin, "none.bin") },
                path: bin);

            Assert.Contains("App image not found", run.Error);
            string[] calls = File.Exists(log) ? File.ReadAllLines(log) : [];
            Assert.DoesNotContain(calls, c => c.StartsWith("nanoff", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    [Fact]
    public void Nanoff_failure_reports_the_download_mode_hint()
    {
        string bin = Directory.CreateTempSubdirectory("flash-test").FullName;
        FakeTool(bin, "dotnet", exitCode: 0, log: null);
        FakeTool(bin, "nanoff", exitCode: 3, log: null);

        try
        {
            ScriptRun run = RunScript(new() { ["Board"] = "esp32-c3-devkitm-1", ["Port"] = "/dev/ttyACM0", ["FirmwareOnly"] = true }, path: bin);

            Assert.Contains("could not flash the ESP32_C3 firmware", run.Error);
            Assert.Contains("exit code 3", run.Error);
            Assert.Contains("hold BOOT, tap RESET", run.Error);
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    [Fact]
    public void A_failed_nanoff_update_only_warns_and_flashing_goes_on()
    {
        string bin = Directory.CreateTempSubdirectory("flash-test").FullName;
        string log = Path.Combine(bin, "calls.log");
        FakeTool(bin, "dotnet", exitCode: 1, log);
        FakeTool(bin, "nanoff", exitCode: 0, log);

        try
        {
            ScriptRun run = RunScript(new() { ["Board"] = "esp32-devkitc", ["Port"] = "/dev/ttyUSB7", ["FirmwareOnly"] = true }, path: bin);

            Assert.Null(run.Error);
            Assert.Equal(
                ["dotnet tool update --global nanoff", "nanoff --update --target ESP32_REV3 --serialport /dev/ttyUSB7"],
                File.ReadAllLines(log));
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    /// <summary>A stand-in executable that optionally logs its arguments and exits with <paramref name="exitCode"/>.</summary>
    private static void FakeTool(string directory, string name, int exitCode, string? log)
    {
        if (OperatingSystem.IsWindows())
        {
            string logLine = log is null ? "" : $"echo {name} %*>>\"{log}\"\r\n";
            File.WriteAllText(Path.Combine(directory, name + ".cmd"), $"@echo off\r\n{logLine}exit /b {exitCode}\r\n");
            return;
        }

        string path = Path.Combine(directory, name);
        string logCommand = log is null ? "" : $"echo \"{name} $*\" >> '{log}'\n";
        File.WriteAllText(path, $"#!/bin/sh\n{logCommand}exit {exitCode}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private sealed record ScriptRun(string[] Output, string? Error)
    {
        public string[] WhatIfCommands => Output
            .Where(l => l.StartsWith("What if: ", StringComparison.Ordinal) && !l.StartsWith("What if: (note)", StringComparison.Ordinal))
            .Select(l => l["What if: ".Length..])
            .ToArray();
    }

    private static readonly object s_pathLock = new();

    /// <summary>Runs flash.ps1 in an in-process runspace; host output (Write-Host) is captured from the information stream.</summary>
    private static ScriptRun RunScript(Dictionary<string, object> parameters, string? path = null)
    {
        // PATH is process-wide: tests that swap it are serialized.
        lock (s_pathLock)
        {
            string? savedPath = Environment.GetEnvironmentVariable("PATH");
            if (path is not null)
            {
                Environment.SetEnvironmentVariable("PATH", path + Path.PathSeparator + (OperatingSystem.IsWindows() ? Environment.SystemDirectory : "/usr/bin:/bin"));
            }

            try
            {
                var state = InitialSessionState.CreateDefault();
                if (OperatingSystem.IsWindows())
                {
                    state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
                }

                using PowerShell ps = PowerShell.Create(state);
                ps.AddCommand(RepositoryPaths.FlashScript);
                foreach ((string name, object value) in parameters)
                {
                    ps.AddParameter(name, value is true ? new SwitchParameter(true) : value);
                }

                string? error = null;
                try
                {
                    Collection<PSObject> _ = ps.Invoke();
                    if (ps.Streams.Error.Count > 0)
                    {
                        error = string.Join("\n", ps.Streams.Error.Select(e => e.ToString()));
                    }
                }
                catch (RuntimeException e)
                {
                    error = e.Message;
                }

                string[] output = ps.Streams.Information.Select(i => i.MessageData?.ToString() ?? "").ToArray();
                return new ScriptRun(output, error);
            }
            finally
            {
                Environment.SetEnvironmentVariable("PATH", savedPath);
            }
        }
    }
}
