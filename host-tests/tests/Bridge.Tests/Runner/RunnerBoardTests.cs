using System.Net;
using System.Text.Json.Nodes;
using BridgeHost.Emulation;
using VirtioMmio.App;
using Runner;
using Runner.Cli;

namespace Bridge.Tests.Runner;

/// <summary>
/// <c>--board</c>: the board under test selects the in-process device set and gives the guest's regulator device
/// tree, so the regulator scenarios address the regulators that board really has.
/// </summary>
public sealed class RunnerBoardTests
{
    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        int code = Program.Run(args, output, error, DefaultEnvironment.Create());
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void An_unknown_board_is_a_usage_error_naming_the_known_ones()
    {
        var (code, _, error) = Run("--board", "no-such-board");
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("unknown board \"no-such-board\"", error);
        Assert.Contains("esp32-devkitc", error);
    }

    [Fact]
    public void A_directory_given_as_board_is_a_usage_error_saying_so()
    {
        using var dir = new TempDir();
        var (code, _, error) = Run("--board", dir.Path, "--list");
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains($"{dir.Path} is a directory", error);
    }

    [Fact]
    public void An_invalid_board_file_is_a_usage_error_with_its_diagnostics()
    {
        using var dir = new TempDir();
        string path = dir.File("broken.json");
        File.WriteAllText(path, "{ \"board\": \"broken\", ");
        var (code, _, error) = Run("--board", path, "--list");
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("--board", error);
    }

    [Fact]
    public void A_board_runs_in_process_against_its_own_device_set()
    {
        var (code, output, error) = Run("--board", "esp32-devkitc", "-s", "REG-probe", "-s", "CLK-probe", "-s", "S2-noirq-happy-path");
        Assert.True(code == ExitCodes.AllPassed, output + error);
        Assert.Contains("+32 KiB", error + output); // boards/esp32-devkitc.json: a 32 KiB window, not the standard 64 KiB
        Assert.EndsWith("3 passed, 0 failed", output.TrimEnd());
    }

    /// <summary>
    /// A board whose regulators have other names, served over TCP like a board over serial: without --board the
    /// guest's tree names regulators the board lacks (ENOENT); with --board the same run passes.
    /// </summary>
    [Fact]
    public void The_regulator_tree_follows_the_board_file()
    {
        string boards = Boards.BoardResolver.FindBoardsDirectory()!;
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(boards, "esp32-devkitc.json")))!;
        json["board"] = "renamed-regulators";
        foreach (var regulator in json["regulators"]!.AsArray())
        {
            regulator!["name"] = "board_" + regulator["name"]!.GetValue<string>();
        }

        using var dir = new TempDir();
        string path = dir.File("renamed-regulators.json");
        File.WriteAllText(path, json.ToJsonString());
        var definition = Boards.BoardResolver.Resolve(path);
        using var server = new TcpBridgeServer(
            new EmulatedBoard(() => StandardDeviceSet.CreateSimulated(definition), definition.Id), new IPEndPoint(IPAddress.Loopback, 0));

        var (without, output, _) = Run("--target", server.Uri, "-s", "REG-probe");
        Assert.Equal(ExitCodes.Failures, without);
        Assert.Contains("result -2", output); // -ENOENT: the standard tree's names are not on this board

        var (with, output2, error2) = Run("--target", server.Uri, "--board", path, "-s", "REG-probe", "-s", "REG-no-glitch-s2idle");
        Assert.True(with == ExitCodes.AllPassed, output2 + error2);
        Assert.EndsWith("2 passed, 0 failed", output2.TrimEnd());
    }
}
