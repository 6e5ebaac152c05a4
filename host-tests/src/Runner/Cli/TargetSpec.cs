using BridgeHost.Links;

namespace Runner.Cli;

/// <summary>How to reach the device under test, parsed from <c>--target</c>.</summary>
public enum TargetKind
{
    /// <summary>The built-in emulator, in this process (the default).</summary>
    InProcess,

    /// <summary>The bridge over TCP: an emulator started separately (<c>tcp://HOST:PORT</c>).</summary>
    Tcp,

    /// <summary>The bridge over a serial line to a board (<c>serial:/dev/ttyUSB0?baud=921600</c>).</summary>
    Serial,

    /// <summary>The bridge over a pseudo-terminal to an emulator, through the serial code path (<c>pty:/dev/pts/N</c>).</summary>
    Pty,
}

/// <summary>
/// A validated <c>--target</c> value. Syntax is checked here, before anything is opened, so a typo is a usage
/// error (exit 2) and never confused with an unreachable target (exit 3). Bridge URIs are parsed by
/// <see cref="BridgeEndpoint"/>, the same code that later opens them.
/// </summary>
public sealed record TargetSpec(TargetKind Kind, string Uri, BridgeEndpoint? Endpoint = null)
{
    /// <summary>
    /// The board the target is (<c>--board</c>): in process, the device set is built from it; on any target, the
    /// guest's regulator device tree is read from it. Null: the standard device set.
    /// </summary>
    public VirtioMmio.App.Board.BoardDefinition? Board { get; init; }

    public static readonly TargetSpec InProcess = new(TargetKind.InProcess, "inproc");

    public const string Syntax = "inproc | tcp://HOST:PORT | serial:DEVICE[?baud=N] | pty:DEVICE";

    /// <summary>The target as the user wrote it (also what --help shows as the default).</summary>
    public override string ToString() => Uri;

    /// <summary>Parses a target; on failure returns null and a message saying what is wrong.</summary>
    public static TargetSpec? TryParse(string text, out string? error)
    {
        error = null;
        string value = text.Trim();
        if (value.Length == 0 || value.Equals("inproc", StringComparison.OrdinalIgnoreCase))
        {
            return InProcess;
        }

        BridgeEndpoint endpoint;
        try
        {
            endpoint = BridgeEndpoint.Parse(value);
        }
        catch (FormatException e)
        {
            error = $"bad target {e.Message}; the syntax is {Syntax}";
            return null;
        }

        TargetKind kind = endpoint.Scheme switch
        {
            "tcp" => TargetKind.Tcp,
            "pty" => TargetKind.Pty,
            _ => TargetKind.Serial,
        };
        return new TargetSpec(kind, value, endpoint);
    }
}
