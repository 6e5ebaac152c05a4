namespace StaticChecks
{
    /// <summary>Finds the repository root and the firmware sources the checks run over.</summary>
    public static class RepositoryLayout
    {
        /// <summary>
        /// Walks up from <paramref name="start"/> to the repository root: the first folder holding Firmware.sln, or both
        /// a .git entry and host-tests/.
        /// </summary>
        public static string FindRoot(string start)
        {
            for (DirectoryInfo? dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "Firmware.sln"))
                    || (Directory.Exists(System.IO.Path.Combine(dir.FullName, "host-tests")) && System.IO.Path.Exists(System.IO.Path.Combine(dir.FullName, ".git"))))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException("repository root (Firmware.sln, or .git + host-tests) not found above " + start);
        }

        /// <summary>
        /// Every C# file nanoFramework compiles under <c>firmware/</c>, as (repo-relative path with '/', text).
        /// Build output (bin/, obj/) is skipped, and so are Properties/AssemblyInfo.cs files: each project has one, and
        /// all firmware projects are checked as one compilation, where their assembly attributes would collide.
        /// </summary>
        public static IReadOnlyList<SourceFile> FirmwareSources(string root)
        {
            string firmware = System.IO.Path.Combine(root, "firmware");
            return Directory.EnumerateFiles(firmware, "*.cs", SearchOption.AllDirectories)
                .Select(path => System.IO.Path.GetRelativePath(root, path).Replace('\\', '/'))
                .Where(relative => !relative.Split('/').Any(part => part is "bin" or "obj" or "Properties"))
                .OrderBy(relative => relative, StringComparer.Ordinal)
                .Select(relative => new SourceFile(relative, File.ReadAllText(System.IO.Path.Combine(root, relative))))
                .ToArray();
        }
    }

    /// <summary>A source file by repo-relative path.</summary>
    public sealed record SourceFile(string Path, string Text);
}
