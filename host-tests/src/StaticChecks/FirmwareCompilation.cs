using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace StaticChecks
{
    /// <summary>
    /// All firmware sources as one C# compilation with a full semantic model. The references are the .NET base class
    /// library (so mscorlib symbols bind; the allowlist then decides what nanoFramework really has) plus stub declarations
    /// of the nanoFramework-only assemblies (Stubs/: Hardware.Esp32, System.Device.Gpio/Pwm, System.IO.Ports,
    /// Runtime.Native/Events, TestFramework). Sources are parsed as nanoFramework parses them: C# 9 unless a .nfproj
    /// says otherwise, with NANOFRAMEWORK_1_0 defined.
    /// </summary>
    public sealed class FirmwareCompilation
    {
        public const string StubAssemblyName = "nanoFramework.Stubs";

        private static readonly Lazy<MetadataReference[]> References = new(BuildReferences);

        private FirmwareCompilation(CSharpCompilation compilation, IReadOnlyDictionary<SyntaxTree, string> paths, IReadOnlyList<FirmwareProject> projects)
        {
            Compilation = compilation;
            Paths = paths;
            Projects = projects;
        }

        public CSharpCompilation Compilation { get; }

        /// <summary>Repo-relative path of each firmware syntax tree.</summary>
        public IReadOnlyDictionary<SyntaxTree, string> Paths { get; }

        public IEnumerable<SyntaxTree> Trees => Compilation.SyntaxTrees;

        /// <summary>The .nfproj projects the files belong to (empty for planted snippets without projects).</summary>
        public IReadOnlyList<FirmwareProject> Projects { get; }

        /// <summary>The firmware tree of a repository.</summary>
        public static FirmwareCompilation FromRepository(string root)
        {
            return FromSources(RepositoryLayout.FirmwareSources(root), LanguageVersionOf(root), FirmwareProject.Discover(root));
        }

        /// <summary>Any set of sources (the checks' own tests compile planted snippets through here).</summary>
        public static FirmwareCompilation FromSources(IEnumerable<SourceFile> sources, LanguageVersion languageVersion = LanguageVersion.CSharp9, IReadOnlyList<FirmwareProject>? projects = null)
        {
            var parseOptions = new CSharpParseOptions(languageVersion, preprocessorSymbols: new[] { "NANOFRAMEWORK_1_0", "DEBUG", "TRACE" });
            var paths = new Dictionary<SyntaxTree, string>();
            foreach (SourceFile source in sources)
            {
                paths.Add(CSharpSyntaxTree.ParseText(source.Text, parseOptions, source.Path), source.Path);
            }

            CSharpCompilation compilation = CSharpCompilation.Create(
                "Firmware",
                paths.Keys,
                References.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: false));
            return new FirmwareCompilation(compilation, paths, projects ?? Array.Empty<FirmwareProject>());
        }

        /// <summary>True when the symbol is declared in the firmware sources (not the BCL or a stub).</summary>
        public bool IsFirmwareSymbol(ISymbol symbol)
        {
            return SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, Compilation.Assembly);
        }

        /// <summary>Where a syntax location is, as a finding.</summary>
        public Finding At(string rule, Location location, string message)
        {
            FileLinePositionSpan span = location.GetLineSpan();
            string path = location.SourceTree != null && Paths.TryGetValue(location.SourceTree, out string? p) ? p : span.Path;
            return new Finding(rule, path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, message);
        }

        /// <summary>
        /// The language version nanoFramework compiles with: 9.0 (NFProjectSystem default) unless any .nfproj sets
        /// LangVersion; "default"/"latest" map to Roslyn's.
        /// </summary>
        public static LanguageVersion LanguageVersionOf(string root)
        {
            LanguageVersion result = LanguageVersion.CSharp9;
            string firmware = Path.Combine(root, "firmware");
            if (!Directory.Exists(firmware))
            {
                return result;
            }

            foreach (string project in Directory.EnumerateFiles(firmware, "*.nfproj", SearchOption.AllDirectories))
            {
                Match match = Regex.Match(File.ReadAllText(project), @"<LangVersion>\s*([^<\s]+)\s*</LangVersion>");
                if (match.Success && LanguageVersionFacts.TryParse(match.Groups[1].Value, out LanguageVersion declared))
                {
                    declared = declared.MapSpecifiedToEffectiveVersion();
                    if (declared > result)
                    {
                        result = declared;
                    }
                }
            }

            return result;
        }

        private static MetadataReference[] BuildReferences()
        {
            // The shared framework only (not the test host's own dependencies such as xunit or Roslyn).
            string frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            var bcl = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
                .Split(Path.PathSeparator)
                .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToList();

            Assembly self = typeof(FirmwareCompilation).Assembly;
            var stubs = self.GetManifestResourceNames()
                .Where(name => name.StartsWith("Stubs/", StringComparison.Ordinal))
                .OrderBy(name => name, StringComparer.Ordinal)
                .Select(name => CSharpSyntaxTree.ParseText(EmbeddedText.Read(name), new CSharpParseOptions(LanguageVersion.CSharp9), name))
                .ToArray();
            CSharpCompilation stubCompilation = CSharpCompilation.Create(
                StubAssemblyName,
                stubs,
                bcl,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            using var image = new MemoryStream();
            var emitted = stubCompilation.Emit(image);
            if (!emitted.Success)
            {
                throw new InvalidOperationException("nanoFramework stubs do not compile:\n" + string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            }

            bcl.Add(MetadataReference.CreateFromImage(image.ToArray()));
            return bcl.ToArray();
        }
    }

    /// <summary>Reads the embedded Data/ and Stubs/ files.</summary>
    internal static class EmbeddedText
    {
        public static string Read(string name)
        {
            using Stream stream = typeof(EmbeddedText).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException("missing embedded resource " + name);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }
}
