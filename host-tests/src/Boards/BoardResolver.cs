using VirtioMmio.App.Board;

namespace Boards;

/// <summary>
/// Turns a user's <c>--board</c> argument (a name from boards/, or a path to a board .json file) into a validated
/// board definition. Shared by the emulator and the runner so both accept exactly the same boards.
/// </summary>
public static class BoardResolver
{
    /// <summary>
    /// Resolves <paramref name="nameOrPath"/>; <paramref name="boardsDirectory"/> defaults to the repository's boards/.
    /// Throws <see cref="ArgumentException"/> (no boards/ found, unknown name) or <see cref="InvalidDataException"/>
    /// (the file has validation errors), each with a message naming the problem.
    /// </summary>
    public static BoardDefinition Resolve(string nameOrPath, string? boardsDirectory = null)
    {
        if (nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || File.Exists(nameOrPath))
        {
            var diagnostics = new List<BoardDiagnostic>();
            BoardFile file = BoardCatalog.LoadFile(nameOrPath, nameOrPath, diagnostics)
                ?? throw new InvalidDataException(string.Join(Environment.NewLine, diagnostics));
            return BoardDefinitions.FromFile(file);
        }

        // Board ids never contain a path separator; a path that names a directory is a mistake worth naming.
        if (nameOrPath.IndexOfAny(['/', '\\']) >= 0 && Directory.Exists(nameOrPath))
        {
            throw new ArgumentException($"{nameOrPath} is a directory; --board takes a board name or a board .json file");
        }

        string directory = boardsDirectory ?? FindBoardsDirectory()
            ?? throw new ArgumentException($"--board {nameOrPath}: no boards/ directory found; pass a path to a .json file");
        return BoardDefinitions.Load(directory, nameOrPath);
    }

    /// <summary>The repository's boards/ directory, searched from the working directory, then from the program.</summary>
    public static string? FindBoardsDirectory()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            string? root = RepositoryLayout.FindRoot(start);
            if (root is not null)
            {
                return Path.Combine(root, RepositoryLayout.BoardsDirectory);
            }
        }

        return null;
    }
}
