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
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error, DefaultEnvironment.Create());

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
