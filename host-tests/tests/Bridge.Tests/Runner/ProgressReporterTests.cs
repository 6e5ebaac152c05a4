using Runner.Suite;

namespace Bridge.Tests.Runner;

public sealed class ProgressReporterTests
{
    [Fact]
    public void Into_a_log_every_step_is_a_line()
    {
        var error = new StringWriter { NewLine = "\n" };
        var progress = new ProgressReporter(error, live: false);

        progress.Transient("[1/2] S1 ...");
        progress.Result("[1/2] S1: PASS", keep: false);
        progress.Finish();

        Assert.Equal("[1/2] S1 ...\n[1/2] S1: PASS\n", error.ToString());
    }

    [Fact]
    public void On_a_terminal_passes_are_overwritten_and_failures_stay()
    {
        var error = new StringWriter { NewLine = "\n" };
        var progress = new ProgressReporter(error, live: true);

        progress.Transient("[1/2] S1-long-name ...");
        progress.Result("[1/2] S1: PASS", keep: false);
        progress.Transient("[2/2] S2 ...");
        progress.Result("[2/2] S2: FAIL", keep: true);
        progress.Finish();

        // What a terminal shows: each '\r' returns to the line start and overwrites it.
        string[] screen = Render(error.ToString());
        Assert.Equal(["[2/2] S2: FAIL", ""], screen.Select(l => l.TrimEnd()));
    }

    [Fact]
    public void A_live_line_never_wraps()
    {
        var error = new StringWriter { NewLine = "\n" };
        new ProgressReporter(error, live: true, width: 40).Transient(new string('x', 200));

        Assert.Equal(39, Render(error.ToString())[0].Length);
    }

    private static string[] Render(string written)
    {
        var lines = new List<char[]> { Array.Empty<char>() };
        int column = 0;
        foreach (char c in written)
        {
            if (c == '\r')
            {
                column = 0;
            }
            else if (c == '\n')
            {
                lines.Add(Array.Empty<char>());
                column = 0;
            }
            else
            {
                char[] line = lines[^1];
                if (column >= line.Length)
                {
                    Array.Resize(ref line, column + 1);
                    lines[^1] = line;
                }

                line[column++] = c;
            }
        }

        return lines.Select(l => new string(l)).ToArray();
    }
}
