namespace Runner.Reports;

/// <summary>Band colours of PM phases, shared by the SVG bands and the HTML legend.</summary>
public static class PhaseColors
{
    public static readonly (string Phase, string Color)[] Known =
    [
        ("probe", "#e3e3e3"),
        ("freeze", "#cfe2ff"),
        ("freeze_noirq", "#9ec5fe"),
        ("restore_noirq", "#ffd8a8"),
        ("restore", "#c3e6cb"),
    ];

    private static readonly string[] Others = ["#efe3ff", "#fff3bf", "#d3f9d8", "#ffe3e3"];

    public const string Other = "#efe3ff";

    /// <summary>The band colour of a detailed phase name: its PM phase's colour, or a pale one for other steps.</summary>
    public static string For(string phase)
    {
        string group = PmPhases.Group(phase);
        foreach ((string name, string color) in Known)
        {
            if (name == group)
            {
                return color;
            }
        }

        // Other steps (boot, io, asleep, ...): deterministic, so a name has the same colour in every scenario.
        uint hash = 2166136261;
        foreach (char c in phase)
        {
            hash = (hash ^ c) * 16777619;
        }

        return Others[hash % (uint)Others.Length];
    }
}
