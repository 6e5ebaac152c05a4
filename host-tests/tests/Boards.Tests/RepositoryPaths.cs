namespace Boards.Tests;

/// <summary>Paths of the real repository files the tests check (the tests run from host-tests/tests/Boards.Tests/bin/...).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = RepositoryLayout.FindRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("repository root (boards/ + firmware/) not found above " + AppContext.BaseDirectory);

    public static string Boards => Path.Combine(Root, RepositoryLayout.BoardsDirectory);

    public static string Generated => Path.Combine(Root, RepositoryLayout.GeneratedDirectory);

    public static string FlashScript => Path.Combine(Root, "flash.ps1");

    public static string[] BoardIds => Directory.GetFiles(Boards, "*.json")
        .Select(Path.GetFileNameWithoutExtension)
        .Where(n => n != "board.schema")
        .Select(n => n!)
        .Order(StringComparer.Ordinal)
        .ToArray();
}
