namespace Bridge.Tests.Runner;

/// <summary>A deliberately strict reader of the VCD subset the runner writes, so the tests check real structure.</summary>
internal sealed class VcdReader
{
    public sealed record Var(string Scope, string Name, int Width, string Id);

    public sealed record Change(long Time, string Id, string Value);

    public string Timescale { get; private set; } = "";

    public List<Var> Vars { get; } = new();

    public List<Change> Changes { get; } = new();

    public List<(long Time, string Text)> Comments { get; } = new();

    public static VcdReader Parse(string text)
    {
        var vcd = new VcdReader();
        string[] tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var scopes = new Stack<string>();
        int i = 0;
        bool definitions = true;
        long time = -1;
        while (i < tokens.Length)
        {
            string t = tokens[i++];
            if (definitions)
            {
                switch (t)
                {
                    case "$date" or "$version" or "$comment":
                        SkipToEnd();
                        break;
                    case "$timescale":
                        vcd.Timescale = string.Join(' ', Until("$end"));
                        break;
                    case "$scope":
                        string[] scope = Until("$end");
                        Assert.Equal("module", scope[0]);
                        scopes.Push(scope[1]);
                        break;
                    case "$upscope":
                        Assert.Equal("$end", tokens[i++]);
                        scopes.Pop();
                        break;
                    case "$var":
                        string[] v = Until("$end");
                        Assert.Equal("wire", v[0]);
                        vcd.Vars.Add(new Var(string.Join('.', scopes.Reverse()), v[3], int.Parse(v[1]), v[2]));
                        break;
                    case "$enddefinitions":
                        Assert.Equal("$end", tokens[i++]);
                        Assert.Empty(scopes);
                        definitions = false;
                        break;
                    default:
                        throw new FormatException($"unexpected '{t}' in the VCD header");
                }

                continue;
            }

            if (t[0] == '#')
            {
                long next = long.Parse(t[1..]);
                Assert.True(next > time, $"time went backwards: {time} -> {next}");
                time = next;
            }
            else if (t is "$dumpvars" or "$end")
            {
            }
            else if (t == "$comment")
            {
                vcd.Comments.Add((time, string.Join(' ', Until("$end"))));
            }
            else if (t[0] == 'b')
            {
                string id = tokens[i++];
                vcd.Changes.Add(new Change(time, id, t[1..]));
            }
            else
            {
                Assert.Contains(t[0], "01xz");
                vcd.Changes.Add(new Change(time, t[1..], t[..1]));
            }
        }

        Assert.False(definitions, "no $enddefinitions");
        foreach (Change c in vcd.Changes)
        {
            Assert.Contains(vcd.Vars, v => v.Id == c.Id);
        }

        return vcd;

        string[] Until(string end)
        {
            var list = new List<string>();
            while (tokens[i] != end)
            {
                list.Add(tokens[i++]);
            }

            i++;
            return list.ToArray();
        }

        void SkipToEnd() => Until("$end");
    }

    public Var Find(string scope, string name) => Vars.Single(v => v.Scope == scope && v.Name == name);

    /// <summary>Values a variable takes after the initial dump, in order.</summary>
    public List<(long Time, string Value)> History(Var v) =>
        Changes.Where(c => c.Id == v.Id).Select(c => (c.Time, c.Value)).ToList();
}
