using VirtioFirmware.Boards;
using VirtioMmio.App.Board;

namespace Boards.Tests;

/// <summary>
/// The firmware's board C# is generated from boards/*.json: the checked-in files must be exactly what the
/// generator produces now, and the compiled generated code must describe the same board as the JSON.
/// </summary>
public sealed class GeneratedBoardCodeTests
{
    [Fact]
    public void Checked_in_generated_files_are_up_to_date()
    {
        BoardCatalog catalog = BoardCatalog.Load(RepositoryPaths.Boards);
        Assert.True(catalog.IsValid);

        IReadOnlyDictionary<string, string> expected = BoardCodeGenerator.Generate(catalog.Boards.ToList());
        IReadOnlyList<string> stale = GeneratedFiles.FindStale(RepositoryPaths.Generated, expected);

        Assert.True(stale.Count == 0, "generated board code is stale; run: dotnet run --project host-tests/src/Boards -- generate\n" + string.Join("\n", stale));
    }

    [Fact]
    public void A_changed_board_file_makes_the_generated_code_stale_and_generate_fixes_it()
    {
        string boards = BoardValidationTests.CopyBoards();
        string generated = Path.Combine(Path.GetDirectoryName(boards)!, "generated");
        try
        {
            Assert.Equal(BoardsCommand.Ok, Run("generate", "--boards", boards, "--out", generated));
            Assert.Equal(BoardsCommand.Ok, Run("generate", "--check", "--boards", boards, "--out", generated));

            string file = Path.Combine(boards, "esp32-devkitc.json");
            File.WriteAllText(file, File.ReadAllText(file).Replace("\"ledc_ref_clk\"", "\"ledc_main_clk\"", StringComparison.Ordinal));
            (int code, string stderr) = RunCapturing("generate", "--check", "--boards", boards, "--out", generated);
            Assert.Equal(BoardsCommand.Findings, code);
            Assert.Contains("Esp32DevkitcBoard.g.cs differs", stderr);

            Assert.Equal(BoardsCommand.Ok, Run("generate", "--boards", boards, "--out", generated));
            Assert.Equal(BoardsCommand.Ok, Run("generate", "--check", "--boards", boards, "--out", generated));
            Assert.Contains("\"ledc_main_clk\"", File.ReadAllText(Path.Combine(generated, "Esp32DevkitcBoard.g.cs")));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(boards)!, recursive: true);
        }
    }

    [Fact]
    public void A_removed_board_leaves_an_orphan_that_check_reports_and_generate_deletes()
    {
        string boards = BoardValidationTests.CopyBoards();
        string generated = Path.Combine(Path.GetDirectoryName(boards)!, "generated");
        try
        {
            Assert.Equal(BoardsCommand.Ok, Run("generate", "--boards", boards, "--out", generated));
            File.Delete(Path.Combine(boards, "esp32-c3-devkitm-1.json"));

            (int code, string stderr) = RunCapturing("generate", "--check", "--boards", boards, "--out", generated);
            Assert.Equal(BoardsCommand.Findings, code);
            Assert.Contains("Esp32C3Devkitm1Board.g.cs has no board file", stderr);

            Assert.Equal(BoardsCommand.Ok, Run("generate", "--boards", boards, "--out", generated));
            Assert.False(File.Exists(Path.Combine(generated, "Esp32C3Devkitm1Board.g.cs")));
            Assert.DoesNotContain("ESP32_C3", File.ReadAllText(Path.Combine(generated, BoardCodeGenerator.SelectorFileName)));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(boards)!, recursive: true);
        }
    }

    [Fact]
    public void Crlf_checkouts_are_not_stale()
    {
        var expected = new Dictionary<string, string> { ["A.g.cs"] = "line1\nline2\n" };
        string dir = Directory.CreateTempSubdirectory("crlf").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "A.g.cs"), "line1\r\nline2\r\n");
            Assert.Empty(GeneratedFiles.FindStale(dir, expected));
            File.WriteAllText(Path.Combine(dir, "A.g.cs"), "line1\r\nline3\r\n");
            Assert.NotEmpty(GeneratedFiles.FindStale(dir, expected));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        List<BoardFile> boards = BoardCatalog.Load(RepositoryPaths.Boards).Boards.ToList();
        var reversed = Enumerable.Reverse(boards).ToList();
        Assert.Equal(BoardCodeGenerator.Generate(boards), BoardCodeGenerator.Generate(reversed));
    }

    public static TheoryData<string> Boards() => new(RepositoryPaths.BoardIds);

    [Theory]
    [MemberData(nameof(Boards))]
    public void Compiled_generated_code_describes_the_same_board_as_the_json(string id)
    {
        BoardDefinition fromJson = BoardDefinitions.Load(RepositoryPaths.Boards, id);
        BoardDefinition generated = id switch
        {
            "esp32-devkitc" => Esp32DevkitcBoard.Create(),
            "esp32-s3-devkitc-1" => Esp32S3Devkitc1Board.Create(),
            "esp32-c3-devkitm-1" => Esp32C3Devkitm1Board.Create(),
            _ => throw new InvalidOperationException("a new board needs a line here: " + id),
        };

        Assert.Equal(Describe(fromJson), Describe(generated));
    }

    [Fact]
    public void Without_a_board_constant_the_default_board_is_compiled_in()
    {
        Assert.Equal(BoardCodeGenerator.DefaultBoard, CompiledBoard.Create().Id);
    }

    [Theory]
    [InlineData("esp32-s3-devkitc-1", "Esp32S3Devkitc1Board", "BOARD_ESP32_S3_DEVKITC_1")]
    [InlineData("esp32-devkitc", "Esp32DevkitcBoard", "BOARD_ESP32_DEVKITC")]
    public void Names_follow_the_board_id(string id, string className, string constant)
    {
        Assert.Equal(className, BoardCodeGenerator.ClassName(id));
        Assert.Equal(constant, BoardCodeGenerator.DefineConstant(id));
    }

    [Fact]
    public void The_selector_names_every_non_default_board_constant()
    {
        string selector = File.ReadAllText(Path.Combine(RepositoryPaths.Generated, BoardCodeGenerator.SelectorFileName));
        foreach (string id in RepositoryPaths.BoardIds.Where(b => b != BoardCodeGenerator.DefaultBoard))
        {
            Assert.Contains(BoardCodeGenerator.DefineConstant(id), selector);
        }
    }

    [Fact]
    public void The_generated_code_stays_inside_the_nanoframework_subset()
    {
        foreach (string file in Directory.GetFiles(RepositoryPaths.Generated, "*.g.cs"))
        {
            string text = File.ReadAllText(file);
            Assert.DoesNotContain("<", text.Replace("<summary>", "", StringComparison.Ordinal).Replace("</summary>", "", StringComparison.Ordinal)
                .Replace("<auto-generated>", "", StringComparison.Ordinal).Replace("</auto-generated>", "", StringComparison.Ordinal));
            Assert.DoesNotContain("System.Linq", text);
            Assert.DoesNotContain("var ", text);
        }
    }

    [Fact]
    public void Unknown_board_ids_are_refused_with_the_known_list()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => BoardDefinitions.Load(RepositoryPaths.Boards, "esp32-nope"));
        Assert.Contains("esp32-devkitc", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("frobnicate")]
    [InlineData("validate --bogus")]
    [InlineData("validate --check")]
    [InlineData("generate --out")]
    public void Bad_command_lines_are_usage_errors(string commandLine)
    {
        (int code, string stderr) = RunCapturing(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(BoardsCommand.UsageError, code);
        Assert.Contains("usage: boards", stderr);
    }

    [Theory]
    [InlineData("validate --boards", "--boards needs a directory")]
    [InlineData("generate --out", "--out needs a directory")]
    public void A_directory_option_without_its_value_says_so(string commandLine, string message)
    {
        (int code, string stderr) = RunCapturing(commandLine.Split(' '));
        Assert.Equal(BoardsCommand.UsageError, code);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public void Generate_into_an_unwritable_out_is_an_error_without_a_stack_trace()
    {
        // --out names an existing file: no directory can be created there.
        string file = Path.GetTempFileName();
        try
        {
            (int code, string stderr) = RunCapturing("generate", "--out", file);
            Assert.Equal(BoardsCommand.UsageError, code);
            Assert.Contains($"cannot write to --out {file}", stderr);
            Assert.Equal(0, new FileInfo(file).Length);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Validate_reports_findings_with_exit_code_1()
    {
        string boards = BoardValidationTests.CopyBoards();
        try
        {
            string file = Path.Combine(boards, "esp32-s3-devkitc-1.json");
            File.WriteAllText(file, File.ReadAllText(file).Replace("\"pin\": 4,", "\"pin\": 45,", StringComparison.Ordinal));

            (int code, string stderr) = RunCapturing("validate", "--boards", boards);
            Assert.Equal(BoardsCommand.Findings, code);
            Assert.Contains("esp32-s3-devkitc-1.json: $.clocks[0].pin: [pin-strapping] GPIO45", stderr);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(boards)!, recursive: true);
        }
    }

    private static int Run(params string[] args) => RunCapturing(args).Code;

    private static (int Code, string Stderr) RunCapturing(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = BoardsCommand.Run(args, stdout, stderr);
        return (code, stderr.ToString());
    }

    /// <summary>Every field of a board definition as text, so two definitions compare field by field.</summary>
    private static string Describe(BoardDefinition b)
    {
        var lines = new List<string>
        {
            $"{b.Id} {b.NanoffTarget} uart {b.UartTxPin}/{b.UartRxPin}@{b.BaudRate} led {b.StatusLedPin} irq {b.InterruptPin}",
            $"window 0x{b.MemoryWindowBase:X}+{b.MemoryWindowSize} queue {b.QueueSize}",
        };
        for (int i = 0; i < b.ClockCount; i++)
        {
            ClockOutputDefinition c = b.GetClock(i);
            string rates = string.Join(",", Enumerable.Range(0, c.RateCount).Select(c.GetRate));
            lines.Add($"clock {c.Name} id {c.Id} PWM{c.LedcChannel} timer {c.LedcTimer} pin {c.Pin} {c.MinHz}..{c.MaxHz} [{rates}] init {c.InitialHz}");
        }

        for (int i = 0; i < b.RegulatorCount; i++)
        {
            RegulatorOutputDefinition r = b.GetRegulator(i);
            string selects = string.Join(",", Enumerable.Range(0, r.VoltageSelectPinCount).Select(r.GetVoltageSelectPin));
            lines.Add($"regulator {r.Name} en {r.EnablePin} {r.MinMv}..{r.MaxMv}/{r.StepMv} levels {r.LevelCount} select [{selects}] init {r.InitialMv}");
        }

        return string.Join("\n", lines);
    }
}
