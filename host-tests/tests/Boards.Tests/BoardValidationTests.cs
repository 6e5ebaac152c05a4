using System.Text.Json.Nodes;

namespace Boards.Tests;

/// <summary>
/// The validator against the real board files and against planted mistakes: each mutation of a valid board must
/// be reported with the right rule at the right JSON path, and nothing else.
/// </summary>
public sealed class BoardValidationTests
{
    public static TheoryData<string> BoardIds() => new(RepositoryPaths.BoardIds);

    [Fact]
    public void The_repository_has_the_three_supported_boards()
    {
        Assert.Equal(["esp32-c3-devkitm-1", "esp32-devkitc", "esp32-s3-devkitc-1"], RepositoryPaths.BoardIds);
    }

    [Fact]
    public void Every_board_file_in_the_repository_is_valid()
    {
        BoardCatalog catalog = BoardCatalog.Load(RepositoryPaths.Boards);
        Assert.Empty(catalog.Diagnostics.Select(d => d.ToString()));
        Assert.True(catalog.IsValid);
        Assert.Equal(RepositoryPaths.BoardIds, catalog.Boards.Select(b => b.Board));
    }

    [Theory]
    [InlineData("esp32-devkitc", "esp32", "ESP32_REV3")]
    [InlineData("esp32-s3-devkitc-1", "esp32s3", "ESP32_S3_QUAD")]
    [InlineData("esp32-c3-devkitm-1", "esp32c3", "ESP32_C3")]
    public void Boards_carry_their_chip_target_and_921600_baud(string id, string chip, string target)
    {
        BoardFile board = Load(id);
        Assert.Equal(chip, board.Chip);
        Assert.Equal(target, board.NanoffTarget);
        Assert.Equal("COM2", board.Uart.Port);
        Assert.Equal(921600, board.Uart.Baud);
        Assert.NotEmpty(board.Clocks);
        Assert.NotEmpty(board.Regulators);
    }

    // ---- pins ----

    [Theory]
    [InlineData("esp32-devkitc", 6, "pin-flash")]
    [InlineData("esp32-devkitc", 11, "pin-flash")]
    [InlineData("esp32-devkitc", 0, "pin-strapping")]
    [InlineData("esp32-devkitc", 2, "pin-strapping")]
    [InlineData("esp32-devkitc", 5, "pin-strapping")]
    [InlineData("esp32-devkitc", 12, "pin-strapping")]
    [InlineData("esp32-devkitc", 15, "pin-strapping")]
    [InlineData("esp32-devkitc", 1, "pin-debug-uart")]
    [InlineData("esp32-devkitc", 3, "pin-debug-uart")]
    [InlineData("esp32-devkitc", 20, "pin-unknown")]
    [InlineData("esp32-devkitc", 24, "pin-unknown")]
    [InlineData("esp32-devkitc", 40, "pin-unknown")]
    [InlineData("esp32-devkitc", 34, "pin-input-only")]
    [InlineData("esp32-devkitc", 39, "pin-input-only")]
    [InlineData("esp32-s3-devkitc-1", 0, "pin-strapping")]
    [InlineData("esp32-s3-devkitc-1", 3, "pin-strapping")]
    [InlineData("esp32-s3-devkitc-1", 45, "pin-strapping")]
    [InlineData("esp32-s3-devkitc-1", 46, "pin-strapping")]
    [InlineData("esp32-s3-devkitc-1", 27, "pin-flash")]
    [InlineData("esp32-s3-devkitc-1", 35, "pin-psram")]
    [InlineData("esp32-s3-devkitc-1", 19, "pin-usb")]
    [InlineData("esp32-s3-devkitc-1", 43, "pin-debug-uart")]
    [InlineData("esp32-s3-devkitc-1", 22, "pin-unknown")]
    [InlineData("esp32-c3-devkitm-1", 2, "pin-strapping")]
    [InlineData("esp32-c3-devkitm-1", 8, "pin-strapping")]
    [InlineData("esp32-c3-devkitm-1", 9, "pin-strapping")]
    [InlineData("esp32-c3-devkitm-1", 14, "pin-flash")]
    [InlineData("esp32-c3-devkitm-1", 11, "pin-flash")]
    [InlineData("esp32-c3-devkitm-1", 18, "pin-usb")]
    [InlineData("esp32-c3-devkitm-1", 21, "pin-debug-uart")]
    [InlineData("esp32-c3-devkitm-1", 22, "pin-unknown")]
    public void A_reserved_or_missing_pin_is_refused(string board, int pin, string rule)
    {
        JsonObject json = Json(board);
        json["clocks"]![0]!["pin"] = pin;

        BoardDiagnostic finding = Assert.Single(Validate(board, json));
        Assert.Equal(rule, finding.Rule);
        Assert.Equal("$.clocks[0].pin", finding.JsonPath);
        Assert.Equal($"boards/{board}.json", finding.File);
        Assert.Contains($"GPIO{pin}", finding.Message);
    }

    [Fact]
    public void An_input_only_pin_may_receive_uart_rx()
    {
        JsonObject json = Json("esp32-devkitc");
        json["uart"]!["rxPin"] = 35;
        Assert.Empty(Validate("esp32-devkitc", json));
    }

    [Fact]
    public void A_pin_used_twice_names_both_uses()
    {
        JsonObject json = Json("esp32-devkitc");
        json["regulators"]![1]!["enablePin"] = json["clocks"]![2]!["pin"]!.GetValue<int>();

        BoardDiagnostic finding = Assert.Single(Validate("esp32-devkitc", json));
        Assert.Equal("pin-duplicate", finding.Rule);
        Assert.Equal("$.regulators[1].enablePin", finding.JsonPath);
        Assert.Contains("$.clocks[2].pin", finding.Message);
    }

    [Fact]
    public void The_status_led_may_not_share_the_uart_tx_pin()
    {
        JsonObject json = Json("esp32-s3-devkitc-1");
        json["statusLedPin"] = 17;

        BoardDiagnostic finding = Assert.Single(Validate("esp32-s3-devkitc-1", json));
        Assert.Equal(("pin-duplicate", "$.statusLedPin"), (finding.Rule, finding.JsonPath));
    }

    [Fact]
    public void Voltage_select_pins_are_checked_like_any_other_pin()
    {
        JsonObject json = Json("esp32-s3-devkitc-1");
        json["regulators"]![0]!["voltageSelectPins"] = new JsonArray(15, 46);

        BoardDiagnostic finding = Assert.Single(Validate("esp32-s3-devkitc-1", json));
        Assert.Equal(("pin-strapping", "$.regulators[0].voltageSelectPins[1]"), (finding.Rule, finding.JsonPath));
    }

    // ---- LEDC ----

    [Fact]
    public void Paired_ledc_channels_must_agree_on_the_rate_range()
    {
        JsonObject json = Json("esp32-devkitc");
        json["clocks"]![1]!["maxHz"] = 20000000; // PWM2 shares PWM1's timer

        BoardDiagnostic finding = Assert.Single(Validate("esp32-devkitc", json));
        Assert.Equal(("ledc-pair", "$.clocks[1]"), (finding.Rule, finding.JsonPath));
        Assert.Contains("PWM1", finding.Message);
    }

    [Fact]
    public void Paired_ledc_channels_must_agree_on_the_initial_rate()
    {
        JsonObject json = Json("esp32-c3-devkitm-1");
        json["clocks"]![1]!["initialHz"] = 2000000;

        BoardDiagnostic finding = Assert.Single(Validate("esp32-c3-devkitm-1", json));
        Assert.Equal("ledc-pair", finding.Rule);
    }

    [Fact]
    public void Paired_discrete_clocks_must_list_the_same_rates()
    {
        JsonObject json = Json("esp32-devkitc");
        json["clocks"]![3]!["ledcChannel"] = 4; // PWM4 shares PWM3's timer, but lists other rates

        BoardDiagnostic finding = Assert.Single(Validate("esp32-devkitc", json));
        Assert.Equal("ledc-pair", finding.Rule);
    }

    [Fact]
    public void Unpaired_channels_may_run_different_rates()
    {
        // PWM3 and PWM5 are on different timers in the real devkitc file, with different discrete lists.
        BoardFile board = Load("esp32-devkitc");
        Assert.NotEqual(board.Clocks[2].RateSpec, board.Clocks[3].RateSpec);
        Assert.NotEqual(board.Clocks[2].LedcTimer, board.Clocks[3].LedcTimer);
    }

    [Theory]
    [InlineData("esp32-devkitc", 9, "ledc-channel")]
    [InlineData("esp32-devkitc", 10, "ledc-channel")]
    [InlineData("esp32-s3-devkitc-1", 9, "ledc-channel")]
    [InlineData("esp32-c3-devkitm-1", 16, "ledc-channel")]
    [InlineData("esp32-devkitc", 1, "ledc-channel-duplicate")]
    public void Unusable_or_duplicate_ledc_channels_are_refused(string board, int channel, string rule)
    {
        JsonObject json = Json(board);
        int last = json["clocks"]!.AsArray().Count - 1;
        json["clocks"]![last]!["ledcChannel"] = channel;

        BoardDiagnostic finding = Assert.Single(Validate(board, json), d => d.Rule != "ledc-pair");
        Assert.Equal((rule, $"$.clocks[{last}].ledcChannel"), (finding.Rule, finding.JsonPath));
    }

    [Fact]
    public void More_clocks_than_ledc_channels_are_refused()
    {
        // ESP32-S3: 8 LEDC channels. Nine clocks on nine free pins, PWM1..PWM8 plus a ninth.
        JsonObject json = Json("esp32-s3-devkitc-1");
        json["regulators"] = new JsonArray();
        int[] pins = [4, 5, 6, 7, 8, 10, 11, 12, 13];
        var clocks = new JsonArray();
        for (int i = 0; i < pins.Length; i++)
        {
            clocks.Add(new JsonObject { ["name"] = $"clk{i}", ["id"] = i, ["ledcChannel"] = Math.Min(i + 1, 8), ["pin"] = pins[i], ["rates"] = new JsonArray(1000) });
        }

        json["clocks"] = clocks;

        IReadOnlyList<BoardDiagnostic> findings = Validate("esp32-s3-devkitc-1", json);
        Assert.Contains(findings, d => d.Rule == "ledc-outputs" && d.JsonPath == "$.clocks" && d.Message.Contains("8 LEDC channels", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("maxHz", 40000001, "clock-rate-range")]
    [InlineData("initialHz", 500, "clock-initial-rate")]
    public void Clock_rates_outside_what_ledc_can_produce_are_refused(string field, long value, string rule)
    {
        JsonObject json = Json("esp32-devkitc");
        json["clocks"]![3]!.AsObject().Remove("rates");
        json["clocks"]![3]!["minHz"] = 1000;
        json["clocks"]![3]!["maxHz"] = 2000000;
        json["clocks"]![3]![field] = value;

        BoardDiagnostic finding = Assert.Single(Validate("esp32-devkitc", json));
        Assert.Equal((rule, $"$.clocks[3].{field}"), (finding.Rule, finding.JsonPath));
    }

    [Fact]
    public void A_zero_rate_is_a_range_error_of_the_parser()
    {
        JsonObject json = Json("esp32-devkitc");
        json["clocks"]![0]!["minHz"] = 0;

        BoardDiagnostic finding = Assert.Single(Parse("esp32-devkitc", json));
        Assert.Equal(("range", "$.clocks[0].minHz"), (finding.Rule, finding.JsonPath));
    }

    [Fact]
    public void S3_clocks_below_10_hz_are_refused()
    {
        JsonObject json = Json("esp32-s3-devkitc-1");
        json["clocks"]![2]!["rates"] = new JsonArray(5, 32768);

        BoardDiagnostic finding = Assert.Single(Validate("esp32-s3-devkitc-1", json));
        Assert.Equal(("clock-rate-range", "$.clocks[2].rates[0]"), (finding.Rule, finding.JsonPath));
    }

    [Fact]
    public void Discrete_rates_must_ascend_and_contain_the_initial_rate()
    {
        JsonObject json = Json("esp32-devkitc");
        json["clocks"]![2]!["rates"] = new JsonArray(1000000, 32768);
        json["clocks"]![2]!["initialHz"] = 12345;

        IReadOnlyList<BoardDiagnostic> findings = Validate("esp32-devkitc", json);
        Assert.Equal(
            [("clock-rates", "$.clocks[2].rates[1]"), ("clock-initial-rate", "$.clocks[2].initialHz")],
            findings.Select(f => (f.Rule, f.JsonPath)));
    }

    [Fact]
    public void A_clock_with_both_a_range_and_a_list_is_refused()
    {
        JsonObject json = Json("esp32-devkitc");
        json["clocks"]![2]!["minHz"] = 1000;
        json["clocks"]![2]!["maxHz"] = 2000;

        BoardDiagnostic finding = Assert.Single(Parse("esp32-devkitc", json));
        Assert.Equal(("clock-rates", "$.clocks[2]"), (finding.Rule, finding.JsonPath));
    }

    // ---- names and ids ----

    [Fact]
    public void A_clock_name_of_39_characters_fits_the_wire_and_40_does_not()
    {
        JsonObject json = Json("esp32-devkitc");
        json["clocks"]![0]!["name"] = new string('c', 39);
        Assert.Empty(Validate("esp32-devkitc", json));

        json["clocks"]![0]!["name"] = new string('c', 40);
        BoardDiagnostic finding = Assert.Single(Validate("esp32-devkitc", json));
        Assert.Equal(("clock-name", "$.clocks[0].name"), (finding.Rule, finding.JsonPath));
        Assert.Contains("1..39", finding.Message);
    }

    [Fact]
    public void A_regulator_name_of_19_characters_fits_the_wire_and_20_does_not()
    {
        JsonObject json = Json("esp32-devkitc");
        json["regulators"]![0]!["name"] = new string('r', 19);
        Assert.Empty(Validate("esp32-devkitc", json));

        json["regulators"]![0]!["name"] = new string('r', 20);
        BoardDiagnostic finding = Assert.Single(Validate("esp32-devkitc", json));
        Assert.Equal(("regulator-name", "$.regulators[0].name"), (finding.Rule, finding.JsonPath));
        Assert.Contains("1..19", finding.Message);
    }

    [Theory]
    [InlineData("vdd io")]
    [InlineData("vdd_é")]
    [InlineData("")]
    public void Names_must_be_plain_ascii(string name)
    {
        JsonObject json = Json("esp32-devkitc");
        json["regulators"]![1]!["name"] = name;

        Assert.All(Validate("esp32-devkitc", json), d => Assert.Equal(("regulator-name", "$.regulators[1].name"), (d.Rule, d.JsonPath)));
        Assert.NotEmpty(Validate("esp32-devkitc", json));
    }

    [Fact]
    public void Duplicate_clock_names_and_ids_are_refused()
    {
        JsonObject json = Json("esp32-devkitc");
        json["clocks"]![3]!["name"] = "ledc_ref_clk";
        json["clocks"]![3]!["id"] = 1;

        IReadOnlyList<BoardDiagnostic> findings = Validate("esp32-devkitc", json);
        Assert.Equal(
            [("clock-name-duplicate", "$.clocks[3].name"), ("clock-id-duplicate", "$.clocks[3].id")],
            findings.Select(f => (f.Rule, f.JsonPath)));
    }

    [Fact]
    public void Duplicate_regulator_names_are_refused()
    {
        JsonObject json = Json("esp32-s3-devkitc-1");
        json["regulators"]![1]!["name"] = "vdd_core";

        BoardDiagnostic finding = Assert.Single(Validate("esp32-s3-devkitc-1", json));
        Assert.Equal(("regulator-name-duplicate", "$.regulators[1].name"), (finding.Rule, finding.JsonPath));
    }

    // ---- regulators ----

    [Fact]
    public void Voltage_levels_must_fit_the_select_pins()
    {
        JsonObject json = Json("esp32-s3-devkitc-1");
        json["regulators"]![0]!["stepMv"] = 50; // 800..1200 step 50 = 9 levels, 2 pins give 4

        IReadOnlyList<BoardDiagnostic> findings = Validate("esp32-s3-devkitc-1", json);
        BoardDiagnostic finding = Assert.Single(findings);
        Assert.Equal(("regulator-select-pins", "$.regulators[0].voltageSelectPins"), (finding.Rule, finding.JsonPath));
        Assert.Contains("9 voltage levels need 4 select pins, 2 given", finding.Message);
    }

    [Fact]
    public void A_voltage_range_needs_a_step_that_divides_it()
    {
        JsonObject json = Json("esp32-devkitc");
        json["regulators"]![0]!["stepMv"] = 1000;
        BoardDiagnostic finding = Assert.Single(Validate("esp32-devkitc", json));
        Assert.Equal(("regulator-step", "$.regulators[0].stepMv"), (finding.Rule, finding.JsonPath));

        json["regulators"]![0]!.AsObject().Remove("stepMv");
        finding = Assert.Single(Validate("esp32-devkitc", json));
        Assert.Equal(("regulator-step", "$.regulators[0].stepMv"), (finding.Rule, finding.JsonPath));
    }

    [Fact]
    public void A_fixed_regulator_may_not_have_select_pins_and_initial_voltage_must_be_a_level()
    {
        JsonObject json = Json("esp32-devkitc");
        json["regulators"]![1]!["voltageSelectPins"] = new JsonArray(13);
        json["regulators"]![0]!["initialMv"] = 2500;

        IReadOnlyList<BoardDiagnostic> findings = Validate("esp32-devkitc", json);
        Assert.Equal(
            [("regulator-initial-voltage", "$.regulators[0].initialMv"), ("regulator-select-pins", "$.regulators[1].voltageSelectPins")],
            findings.Select(f => (f.Rule, f.JsonPath)).Order());
    }

    // ---- board-level ----

    [Fact]
    public void The_board_id_must_match_the_file_name()
    {
        JsonObject json = Json("esp32-devkitc");
        json["board"] = "esp32-devkit";

        BoardDiagnostic finding = Assert.Single(Validate("esp32-devkitc", json));
        Assert.Equal(("board-id", "$.board"), (finding.Rule, finding.JsonPath));
    }

    [Theory]
    [InlineData("nanoffTarget", "ESP32_S3", "nanoff-target", "$.nanoffTarget")]
    [InlineData("chip", "esp8266", "chip-unknown", "$.chip")]
    public void Targets_and_chips_are_checked(string field, string value, string rule, string path)
    {
        JsonObject json = Json("esp32-s3-devkitc-1");
        json[field] = value;

        BoardDiagnostic finding = Assert.Single(Validate("esp32-s3-devkitc-1", json));
        Assert.Equal((rule, path), (finding.Rule, finding.JsonPath));
    }

    [Fact]
    public void The_application_uart_must_be_com2_at_a_supported_baud()
    {
        JsonObject json = Json("esp32-devkitc");
        json["uart"]!["port"] = "COM1";
        json["uart"]!["baud"] = 9600;

        IReadOnlyList<BoardDiagnostic> findings = Validate("esp32-devkitc", json);
        Assert.Equal([("uart-port", "$.uart.port"), ("uart-baud", "$.uart.baud")], findings.Select(f => (f.Rule, f.JsonPath)));
        Assert.Contains("debugger", findings[0].Message);
    }

    [Theory]
    [InlineData(24, 16, "queue-size")]
    [InlineData(512, 16, "queue-size")]
    [InlineData(16, 1000, "window-size")]
    [InlineData(256, 8192, "window-too-small")]
    public void Queue_and_window_geometry_is_checked(int queueSize, int windowSize, string rule)
    {
        JsonObject json = Json("esp32-devkitc");
        json["queueSize"] = queueSize;
        json["memoryWindow"]!["size"] = windowSize;

        Assert.Contains(Validate("esp32-devkitc", json), d => d.Rule == rule);
    }

    [Fact]
    public void The_window_must_hold_every_queues_rings_and_requests()
    {
        // 5 queues of 16 x (16*16 + 6+2*16 + 6+8*16 ring bytes + 16 * 68 request bytes), and test-2q's second queue
        // at 32: 32*16 + 6+2*32 + 6+8*32 + 32 * 68.
        Assert.Equal(5 * (256 + 38 + 134 + 1088) + (512 + 70 + 262 + 2176), BoardValidator.RequiredWindowBytes(16));
        foreach (BoardFile board in BoardCatalog.Load(RepositoryPaths.Boards).Boards)
        {
            Assert.True(board.MemoryWindowSize >= BoardValidator.RequiredWindowBytes(board.QueueSize), board.Board);
        }
    }

    [Fact]
    public void A_misaligned_window_base_is_refused()
    {
        JsonObject json = Json("esp32-devkitc");
        json["memoryWindow"]!["base"] = "0x80000004";

        BoardDiagnostic finding = Assert.Single(Validate("esp32-devkitc", json));
        Assert.Equal(("window-base", "$.memoryWindow.base"), (finding.Rule, finding.JsonPath));
    }

    // ---- malformed files: errors, never exceptions ----

    [Theory]
    [InlineData("", "json-syntax", "$")]
    [InlineData("{", "json-syntax", "$")]
    [InlineData("{\"board\": \"x\",}", "json-syntax", "$")]
    [InlineData("[1, 2]", "type", "$")]
    [InlineData("null", "type", "$")]
    [InlineData("\"board\"", "type", "$")]
    public void Malformed_json_is_a_diagnostic_not_a_crash(string text, string rule, string path)
    {
        var diagnostics = new List<BoardDiagnostic>();
        BoardFile? board = BoardParser.Parse("boards/bad.json", text, diagnostics);

        Assert.Null(board);
        BoardDiagnostic first = diagnostics[0];
        Assert.Equal((rule, path, "boards/bad.json"), (first.Rule, first.JsonPath, first.File));
    }

    [Fact]
    public void Syntax_errors_give_the_line()
    {
        var diagnostics = new List<BoardDiagnostic>();
        BoardParser.Parse("boards/bad.json", "{\n  \"board\": \"x\"\n  \"chip\": 1\n}", diagnostics);
        string message = Assert.Single(diagnostics).Message;
        Assert.Contains("line 3", message);

        // The position is said once, in the diagnostic's own words, not repeated in System.Text.Json's.
        Assert.DoesNotContain("LineNumber:", message);
        Assert.DoesNotContain("BytePositionInLine", message);

        // Not JSON at all (e.g. --board given some other file): System.Text.Json says no Path, only LineNumber.
        diagnostics.Clear();
        BoardParser.Parse("passwd", "root:x:0:0:root:/root:/bin/bash\n", diagnostics);
        message = Assert.Single(diagnostics).Message;
        Assert.Contains("line 1, byte 1", message);
        Assert.DoesNotContain("LineNumber:", message);
    }

    [Fact]
    public void Wrong_types_missing_and_unknown_properties_are_all_reported_with_paths()
    {
        JsonObject json = Json("esp32-devkitc");
        json["statusLedPin"] = "four";
        json["uart"]!.AsObject().Remove("baud");
        json["clocks"]![1]!["frequency"] = 5;
        json["regulators"]![0]!["voltageSelectPins"] = new JsonArray("x");
        json["memoryWindow"]!["base"] = "80000000";

        IReadOnlyList<BoardDiagnostic> findings = Parse("esp32-devkitc", json);
        Assert.Equal(
            [
                ("missing-property", "$.uart.baud"),
                ("type", "$.statusLedPin"),
                ("type", "$.memoryWindow.base"),
                ("unknown-property", "$.clocks[1].frequency"),
                ("type", "$.regulators[0].voltageSelectPins[0]"),
            ],
            findings.Select(f => (f.Rule, f.JsonPath)));
    }

    [Fact]
    public void Diagnostics_print_file_path_and_rule()
    {
        var diagnostic = new BoardDiagnostic("boards/x.json", "$.clocks[0].pin", "pin-flash", "GPIO6 ...");
        Assert.Equal("boards/x.json: $.clocks[0].pin: [pin-flash] GPIO6 ...", diagnostic.ToString());
    }

    [Fact]
    public void A_catalog_with_a_broken_file_reports_it_and_keeps_the_good_ones()
    {
        string dir = CopyBoards();
        try
        {
            File.WriteAllText(Path.Combine(dir, "esp32-devkitc.json"), "{ not json");
            BoardCatalog catalog = BoardCatalog.Load(dir);

            Assert.False(catalog.IsValid);
            Assert.Equal("json-syntax", Assert.Single(catalog.Diagnostics).Rule);
            Assert.Equal(["esp32-c3-devkitm-1", "esp32-s3-devkitc-1"], catalog.Boards.Select(b => b.Board));
            Assert.Equal(RepositoryPaths.BoardIds, catalog.Ids);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // ---- the schema stays in step with the parser ----

    [Fact]
    public void The_schema_names_exactly_the_properties_the_parser_reads()
    {
        JsonObject schema = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Boards, BoardCatalog.SchemaFileName)))!.AsObject();
        static string[] Keys(JsonNode? node) => node!["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
        static string[] Sorted(string[] names) => names.Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(Sorted(BoardParser.TopLevelProperties), Keys(schema));
        Assert.Equal(Sorted(BoardParser.UartProperties), Keys(schema["properties"]!["uart"]));
        Assert.Equal(Sorted(BoardParser.MemoryWindowProperties), Keys(schema["properties"]!["memoryWindow"]));
        Assert.Equal(Sorted(BoardParser.ClockProperties), Keys(schema["$defs"]!["clock"]));
        Assert.Equal(Sorted(BoardParser.RegulatorProperties), Keys(schema["$defs"]!["regulator"]));
        Assert.Equal(
            ChipInfo.All.Keys.Order(StringComparer.Ordinal),
            schema["properties"]!["chip"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(
            ChipInfo.All.Values.SelectMany(c => c.NanoffTargets).Order(StringComparer.Ordinal),
            schema["properties"]!["nanoffTarget"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    // ---- helpers ----

    internal static JsonObject Json(string board) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Boards, board + ".json")))!.AsObject();

    private static BoardFile Load(string board)
    {
        var diagnostics = new List<BoardDiagnostic>();
        BoardFile? file = BoardParser.Parse($"boards/{board}.json", Json(board).ToJsonString(), diagnostics);
        Assert.Empty(diagnostics);
        return file!;
    }

    /// <summary>Shape errors only (the parser): the board must fail to parse.</summary>
    private static IReadOnlyList<BoardDiagnostic> Parse(string board, JsonObject json)
    {
        var diagnostics = new List<BoardDiagnostic>();
        Assert.Null(BoardParser.Parse($"boards/{board}.json", json.ToJsonString(), diagnostics));
        return diagnostics;
    }

    /// <summary>Parse, then the hardware rules; a parse failure is a test failure here.</summary>
    private static IReadOnlyList<BoardDiagnostic> Validate(string board, JsonObject json)
    {
        var diagnostics = new List<BoardDiagnostic>();
        BoardFile? file = BoardParser.Parse($"boards/{board}.json", json.ToJsonString(), diagnostics);
        Assert.Empty(diagnostics.Select(d => d.ToString()));
        return BoardValidator.Validate($"boards/{board}.json", file!);
    }

    internal static string CopyBoards()
    {
        string dir = Path.Combine(Directory.CreateTempSubdirectory("boards-test").FullName, "boards");
        Directory.CreateDirectory(dir);
        foreach (string file in Directory.GetFiles(RepositoryPaths.Boards, "*.json"))
        {
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        }

        return dir;
    }
}

/// <summary>Damaged board files: whatever the damage, the parser and validator answer with findings, never an exception.</summary>
public sealed class DamagedBoardFileTests
{
    public static TheoryData<string> BoardIds() => new(RepositoryPaths.BoardIds);

    [Theory]
    [MemberData(nameof(BoardIds))]
    public void Truncated_and_corrupted_files_give_findings_not_exceptions(string board)
    {
        string text = File.ReadAllText(Path.Combine(RepositoryPaths.Boards, board + ".json"));
        var random = new Random(board.Length * 7919); // deterministic
        const string noise = "{}[]\",:0123456789-.aeE \n\\x";
        int rejected = 0;
        for (int i = 0; i < 400; i++)
        {
            char[] chars = text.ToCharArray();
            int cut = i % 2 == 0 ? random.Next(chars.Length) : chars.Length;
            for (int k = 0; k < 1 + random.Next(3); k++)
            {
                chars[random.Next(cut == 0 ? 1 : cut) % chars.Length] = noise[random.Next(noise.Length)];
            }

            string damaged = new string(chars, 0, cut);
            var diagnostics = new List<BoardDiagnostic>();
            BoardFile? parsed = BoardParser.Parse($"boards/{board}.json", damaged, diagnostics);
            IReadOnlyList<BoardDiagnostic> findings = parsed is null ? diagnostics : BoardValidator.Validate($"boards/{board}.json", parsed);

            Assert.True(parsed is not null || diagnostics.Count > 0);
            Assert.All(findings, f => Assert.False(string.IsNullOrWhiteSpace(f.Rule + f.Message)));
            rejected += findings.Count > 0 ? 1 : 0;
        }

        Assert.True(rejected > 300, $"only {rejected} of 400 damaged files were rejected");
    }
}
