namespace Boards;

/// <summary>Compares and writes the generated *.g.cs files of a directory.</summary>
public static class GeneratedFiles
{
    /// <summary>Differences between <paramref name="expected"/> and the *.g.cs files on disk; empty when up to date.</summary>
    public static IReadOnlyList<string> FindStale(string directory, IReadOnlyDictionary<string, string> expected)
    {
        var problems = new List<string>();
        foreach ((string name, string content) in expected)
        {
            string path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                problems.Add($"{name} is missing");
            }
            else if (Normalize(File.ReadAllText(path)) != Normalize(content))
            {
                problems.Add($"{name} differs from what boards/*.json generates");
            }
        }

        if (Directory.Exists(directory))
        {
            foreach (string path in Directory.GetFiles(directory, "*.g.cs").Order(StringComparer.Ordinal))
            {
                if (!expected.ContainsKey(Path.GetFileName(path)))
                {
                    problems.Add($"{Path.GetFileName(path)} has no board file any more");
                }
            }
        }

        return problems;
    }

    public static void Write(string directory, IReadOnlyDictionary<string, string> files)
    {
        Directory.CreateDirectory(directory);
        foreach (string path in Directory.GetFiles(directory, "*.g.cs"))
        {
            if (!files.ContainsKey(Path.GetFileName(path)))
            {
                File.Delete(path);
            }
        }

        foreach ((string name, string content) in files)
        {
            string path = Path.Combine(directory, name);
            if (!File.Exists(path) || Normalize(File.ReadAllText(path)) != Normalize(content))
            {
                File.WriteAllText(path, content);
            }
        }
    }

    /// <summary>A Windows checkout with core.autocrlf must not count as stale.</summary>
    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
