namespace Boards;

/// <summary>The boards CLI, callable from tests with captured output.</summary>
public static class BoardsCommand
{
    public const int Ok = 0;
    public const int Findings = 1;
    public const int UsageError = 2;

    private const string Usage =
        "usage: boards <validate|generate|list> [--boards DIR] [--out DIR] [--check]\n"
        + "  validate   check every board file; exit 1 on any finding\n"
        + "  generate   write the firmware's board C# (--check: exit 1 if the checked-in files are stale)\n"
        + "  list       print board ids and nanoff targets";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? stderr : stdout).WriteLine(Usage);
            return args.Length == 0 ? UsageError : Ok;
        }

        string command = args[0];
        string? boardsDir = null;
        string? outDir = null;
        bool check = false;
        for (int i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--boards" when i + 1 < args.Length:
                    boardsDir = args[++i];
                    break;
                case "--out" when i + 1 < args.Length && command == "generate":
                    outDir = args[++i];
                    break;
                case "--check" when command == "generate":
                    check = true;
                    break;
                case "--boards":
                case "--out" when command == "generate":
                    stderr.WriteLine($"boards: {args[i]} needs a directory");
                    stderr.WriteLine(Usage);
                    return UsageError;
                default:
                    stderr.WriteLine($"boards: unexpected argument \"{args[i]}\" for \"{command}\"");
                    stderr.WriteLine(Usage);
                    return UsageError;
            }
        }

        if (command is not ("validate" or "generate" or "list"))
        {
            stderr.WriteLine($"boards: unknown command \"{command}\"");
            stderr.WriteLine(Usage);
            return UsageError;
        }

        string? root = RepositoryLayout.FindRoot(Directory.GetCurrentDirectory()) ?? RepositoryLayout.FindRoot(AppContext.BaseDirectory);
        if (boardsDir is null || (command == "generate" && outDir is null))
        {
            if (root is null)
            {
                stderr.WriteLine("boards: cannot find the repository root (a directory with boards/ and firmware/); pass --boards and --out");
                return UsageError;
            }

            boardsDir ??= Path.Combine(root, RepositoryLayout.BoardsDirectory);
            outDir ??= Path.Combine(root, RepositoryLayout.GeneratedDirectory);
        }

        BoardCatalog catalog = BoardCatalog.Load(boardsDir);
        foreach (BoardDiagnostic diagnostic in catalog.Diagnostics)
        {
            stderr.WriteLine("error: " + diagnostic);
        }

        if (!catalog.IsValid)
        {
            stderr.WriteLine($"boards: {catalog.Diagnostics.Count} finding(s) in {boardsDir}");
            return Findings;
        }

        switch (command)
        {
            case "validate":
                stdout.WriteLine($"boards: {catalog.Entries.Count} board file(s) valid: {string.Join(", ", catalog.Ids)}");
                return Ok;
            case "list":
                foreach (BoardFile board in catalog.Boards)
                {
                    stdout.WriteLine($"{board.Board}\t{board.NanoffTarget}\t{board.Description}");
                }

                return Ok;
            default:
                return Generate(catalog, outDir!, check, stdout, stderr);
        }
    }

    private static int Generate(BoardCatalog catalog, string outDir, bool check, TextWriter stdout, TextWriter stderr)
    {
        IReadOnlyDictionary<string, string> files = BoardCodeGenerator.Generate(catalog.Boards.ToList());
        IReadOnlyList<string> stale = GeneratedFiles.FindStale(outDir, files);
        if (check)
        {
            foreach (string problem in stale)
            {
                stderr.WriteLine("stale: " + problem);
            }

            if (stale.Count > 0)
            {
                stderr.WriteLine("boards: generated board code is stale; run: dotnet run --project host-tests/src/Boards -- generate");
                return Findings;
            }

            stdout.WriteLine($"boards: {files.Count} generated file(s) up to date in {outDir}");
            return Ok;
        }

        try
        {
            GeneratedFiles.Write(outDir, files);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"boards: cannot write to --out {outDir}: {e.Message}");
            return UsageError;
        }

        stdout.WriteLine($"boards: wrote {files.Count} file(s) to {outDir}" + (stale.Count == 0 ? " (no change)" : ""));
        return Ok;
    }
}
