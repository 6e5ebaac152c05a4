using System.Globalization;

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
/// error (exit 2) and never confused with an unreachable target (exit 3).
/// </summary>
public sealed record TargetSpec(TargetKind Kind, string Uri, string? Host = null, int Port = 0, string? Device = null, int Baud = 0)
{
    public const int DefaultBaud = 921_600;

    public static readonly TargetSpec InProcess = new(TargetKind.InProcess, "inproc");

    public const string Syntax = "inproc | tcp://HOST:PORT | serial:DEVICE[?baud=N] | pty:DEVICE";

    /// <summary>Parses a target; on failure returns null and a message saying what is wrong.</summary>
    public static TargetSpec? TryParse(string text, out string? error)
    {
        error = null;
        string value = text.Trim();
        if (value.Length == 0 || value.Equals("inproc", StringComparison.OrdinalIgnoreCase))
        {
            return InProcess;
        }

        if (value.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
        {
            return ParseTcp(value, out error);
        }

        if (value.StartsWith("serial:", StringComparison.OrdinalIgnoreCase))
        {
            return ParseSerial(value, TargetKind.Serial, "serial:".Length, out error);
        }

        if (value.StartsWith("pty:", StringComparison.OrdinalIgnoreCase))
        {
            return ParseSerial(value, TargetKind.Pty, "pty:".Length, out error);
        }

        error = $"unknown target '{text}': expected {Syntax}";
        return null;
    }

    private static TargetSpec? ParseTcp(string value, out string? error)
    {
        error = null;
        string hostPort = value["tcp://".Length..].TrimEnd('/');
        int colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || colon == hostPort.Length - 1)
        {
            error = $"target '{value}': expected tcp://HOST:PORT";
            return null;
        }

        string host = hostPort[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1]; // [::1]:5555
        }

        if (!int.TryParse(hostPort[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            || port < 1 || port > 65535)
        {
            error = $"target '{value}': port must be a number from 1 to 65535";
            return null;
        }

        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            error = $"target '{value}': missing or malformed host";
            return null;
        }

        return new TargetSpec(TargetKind.Tcp, value, Host: host, Port: port);
    }

    private static TargetSpec? ParseSerial(string value, TargetKind kind, int prefix, out string? error)
    {
        error = null;
        string rest = value[prefix..];
        string device = rest;
        int baud = DefaultBaud;
        int query = rest.IndexOf('?');
        if (query >= 0)
        {
            device = rest[..query];
            foreach (string pair in rest[(query + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] kv = pair.Split('=', 2);
                if (kv.Length != 2 || !kv[0].Equals("baud", StringComparison.OrdinalIgnoreCase))
                {
                    error = $"target '{value}': unknown serial parameter '{pair}' (only baud=N is accepted)";
                    return null;
                }

                if (!int.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out baud) || baud <= 0)
                {
                    error = $"target '{value}': baud must be a positive number";
                    return null;
                }
            }
        }

        if (device.Length == 0)
        {
            error = $"target '{value}': missing device, e.g. serial:/dev/ttyUSB0?baud=921600";
            return null;
        }

        return new TargetSpec(kind, value, Device: device, Baud: baud);
    }
}
