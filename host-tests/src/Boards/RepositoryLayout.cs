namespace Boards;

/// <summary>Where the board files and the generated firmware sources live, relative to the repository root.</summary>
public static class RepositoryLayout
{
    public const string BoardsDirectory = "boards";

    /// <summary>Generated board C#, compiled into the ESP32 app (firmware/VirtioFirmware/VirtioFirmware.nfproj).</summary>
    public const string GeneratedDirectory = "firmware/VirtioFirmware/Boards";

    /// <summary>The repository root: the nearest ancestor of <paramref name="start"/> holding boards/ and firmware/.</summary>
    public static string? FindRoot(string start)
    {
        for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, BoardsDirectory)) && Directory.Exists(Path.Combine(dir.FullName, "firmware")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
