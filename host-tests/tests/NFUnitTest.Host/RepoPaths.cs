using System;
using System.IO;

namespace NFUnitTest.Host
{
    /// <summary>Locates the repository from the test's base directory (the folder holding Firmware.sln, or .git and host-tests).</summary>
    internal static class RepoPaths
    {
        public static string Root
        {
            get
            {
                for (DirectoryInfo? dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "Firmware.sln"))
                        || (Directory.Exists(Path.Combine(dir.FullName, "host-tests")) && Path.Exists(Path.Combine(dir.FullName, ".git"))))
                    {
                        return dir.FullName;
                    }
                }

                throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
            }
        }

        public static string TestProjectDirectory => Path.Combine(Root, "firmware", "NFUnitTest");
    }
}
