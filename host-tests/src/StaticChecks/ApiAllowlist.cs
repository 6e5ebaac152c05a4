namespace StaticChecks
{
    /// <summary>
    /// A list of external API names, each with the package it comes from. File format (one entry a line):
    /// <code>
    /// # comment
    /// [nanoFramework.CoreLibrary 1.17.11 (mscorlib)]     &lt;- source of the entries below
    /// System.Array                                          &lt;- the type may be named
    /// System.Array.Copy                                     &lt;- a member (all overloads)
    /// System.Exception..ctor                                &lt;- constructors
    /// System.Threading.Timeout.*                            &lt;- the type and every member
    /// </code>
    /// </summary>
    public sealed class ApiAllowlist
    {
        private readonly Dictionary<string, string> _entries;

        private ApiAllowlist(Dictionary<string, string> entries)
        {
            _entries = entries;
        }

        /// <summary>The nanoFramework 1.x API the firmware may use (Data/nanoframework-api.txt).</summary>
        public static ApiAllowlist NanoFramework => Parse(EmbeddedText.Read("Data/nanoframework-api.txt"), "Data/nanoframework-api.txt");

        /// <summary>External members safe to call on a noirq path: no allocation, no blocking (Data/noirq-externals.txt).</summary>
        public static ApiAllowlist NoirqExternals => Parse(EmbeddedText.Read("Data/noirq-externals.txt"), "Data/noirq-externals.txt");

        public int Count => _entries.Count;

        public static ApiAllowlist Parse(string text, string fileName)
        {
            var entries = new Dictionary<string, string>(StringComparer.Ordinal);
            string? source = null;
            int lineNumber = 0;
            foreach (string raw in text.Split('\n'))
            {
                lineNumber++;
                string line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                if (line.StartsWith('[') && line.EndsWith(']'))
                {
                    source = line[1..^1].Trim();
                    continue;
                }

                if (source == null)
                {
                    throw new FormatException(fileName + ":" + lineNumber + ": entry '" + line + "' before any [source] header");
                }

                if (line.Any(char.IsWhiteSpace) || !entries.TryAdd(line, source))
                {
                    throw new FormatException(fileName + ":" + lineNumber + ": malformed or duplicate entry '" + line + "'");
                }
            }

            return new ApiAllowlist(entries);
        }

        /// <summary>
        /// True if <paramref name="key"/> is listed, or the type (<paramref name="typeKey"/> for a member, the key itself
        /// for a type) is listed with <c>.*</c>.
        /// </summary>
        public bool Allows(string key, string? typeKey = null)
        {
            return _entries.ContainsKey(key) || _entries.ContainsKey((typeKey ?? key) + ".*");
        }

        public string? SourceOf(string key) => _entries.TryGetValue(key, out string? source) ? source : null;

        public IEnumerable<string> Entries => _entries.Keys;
    }
}
