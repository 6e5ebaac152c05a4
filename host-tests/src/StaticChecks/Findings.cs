namespace StaticChecks
{
    /// <summary>Collects findings, one per rule and line (a line that breaks a rule once is enough to show).</summary>
    internal sealed class Findings
    {
        private readonly Dictionary<(string Rule, string Path, int Line), Finding> _byLine = new();

        public void Add(Finding finding)
        {
            _byLine.TryAdd((finding.Rule, finding.Path, finding.Line), finding);
        }

        public IReadOnlyList<Finding> Sorted()
        {
            return _byLine.Values
                .OrderBy(f => f.Path, StringComparer.Ordinal)
                .ThenBy(f => f.Line)
                .ThenBy(f => f.Column)
                .ThenBy(f => f.Rule, StringComparer.Ordinal)
                .ToArray();
        }
    }
}
