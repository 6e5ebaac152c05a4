namespace StaticChecks
{
    /// <summary>One violation, located exactly: <c>firmware/VirtioMmio/X.cs:12:9: [rule] message</c>.</summary>
    public sealed record Finding(string Rule, string Path, int Line, int Column, string Message)
    {
        public override string ToString() => Path + ":" + Line + ":" + Column + ": [" + Rule + "] " + Message;
    }
}
