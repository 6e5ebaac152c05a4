using System.CommandLine;
using RestoreSuite;
using Runner.Cli;
using Runner.Reports;
using Runner.Suite;

namespace Runner;

/// <summary>
/// virtio-noirq-suite: runs the restore-protocol suite against a target and reports (docs/runner.md).
/// stdout carries the result table and ends with exactly "N passed, M failed"; progress and errors go to stderr.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        // First Ctrl-C: finish the current scenario, skip the rest, still print the table and write the reports
        // (a long soak on a board is worth its partial report). A second Ctrl-C ends the process at once.
        using var interrupt = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            if (!interrupt.IsCancellationRequested)
            {
                e.Cancel = true;
                Console.Error.WriteLine("interrupted: finishing the current scenario (Ctrl-C again to abort)");
                interrupt.Cancel();
            }
        };

        RunnerEnvironment real = DefaultEnvironment.Create();
        bool terminal = !Console.IsErrorRedirected;
        return Run(args, Console.Out, Console.Error, new RunnerEnvironment(real.Scenarios, real.OpenTarget)
        {
            Interrupt = interrupt.Token,
            LiveProgress = terminal,
            TerminalWidth = terminal ? TerminalWidth() : 100,
        });
    }

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 100;
        }
        catch (IOException)
        {
            return 100;
        }
    }

    /// <summary>The whole CLI, with its writers and environment injected (tests call this in process).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, RunnerEnvironment environment)
    {
        var cli = new RunnerCommandLine(environment.Scenarios.Select(s => s.Name).ToArray());
        ParseResult parse = cli.Root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                error.WriteLine($"error: {e.Message}");
            }

            error.WriteLine("Run with --help for usage.");
            return ExitCodes.UsageError;
        }

        cli.Root.SetAction(p => new SuiteCommand(output, error, environment).Execute(cli.ToOptions(p)));
        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }
}
