namespace Boards;

/// <summary>All board files of a boards/ directory, parsed and validated.</summary>
public sealed class BoardCatalog
{
    private BoardCatalog(string directory, IReadOnlyList<(string Path, BoardFile? Board)> entries, IReadOnlyList<BoardDiagnostic> diagnostics)
    {
        Directory = directory;
        Entries = entries;
        Diagnostics = diagnostics;
    }

    public const string SchemaFileName = "board.schema.json";

    public string Directory { get; }

    /// <summary>Every *.json board file (the schema excluded), sorted by name; Board is null when the file did not parse.</summary>
    public IReadOnlyList<(string Path, BoardFile? Board)> Entries { get; }

    public IReadOnlyList<BoardDiagnostic> Diagnostics { get; }

    public bool IsValid => Diagnostics.Count == 0 && Entries.Count > 0;

    /// <summary>The valid boards, sorted by id.</summary>
    public IEnumerable<BoardFile> Boards => Entries.Where(e => e.Board is not null).Select(e => e.Board!);

    /// <summary>Board ids a user may pass to flash.ps1 -Board: the file names, whether valid or not.</summary>
    public IEnumerable<string> Ids => Entries.Select(e => System.IO.Path.GetFileNameWithoutExtension(e.Path));

    public static BoardCatalog Load(string directory)
    {
        var diagnostics = new List<BoardDiagnostic>();
        var entries = new List<(string, BoardFile?)>();
        if (!System.IO.Directory.Exists(directory))
        {
            diagnostics.Add(new BoardDiagnostic(directory, "$", "boards-directory", "directory not found"));
            return new BoardCatalog(directory, entries, diagnostics);
        }

        string[] files = System.IO.Directory.GetFiles(directory, "*.json")
            .Where(f => System.IO.Path.GetFileName(f) != SchemaFileName)
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0)
        {
            diagnostics.Add(new BoardDiagnostic(directory, "$", "boards-directory", "no board files (*.json) found"));
        }

        foreach (string file in files)
        {
            string display = DisplayName(file);
            BoardFile? board = LoadFile(file, display, diagnostics);
            entries.Add((file, board));
        }

        return new BoardCatalog(directory, entries, diagnostics);
    }

    /// <summary>Parses and validates one file; null if it does not parse or breaks a rule.</summary>
    public static BoardFile? LoadFile(string path, string displayName, List<BoardDiagnostic> diagnostics)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            diagnostics.Add(new BoardDiagnostic(displayName, "$", "io", e.Message));
            return null;
        }

        BoardFile? board = BoardParser.Parse(displayName, text, diagnostics);
        if (board is null)
        {
            return null;
        }

        IReadOnlyList<BoardDiagnostic> findings = BoardValidator.Validate(displayName, board);
        diagnostics.AddRange(findings);
        return findings.Count == 0 ? board : null;
    }

    /// <summary>"boards/x.json" for files in the repository's boards/ directory, the full path otherwise.</summary>
    private static string DisplayName(string file)
    {
        string? parent = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(file));
        return parent == "boards" ? "boards/" + System.IO.Path.GetFileName(file) : file;
    }
}
