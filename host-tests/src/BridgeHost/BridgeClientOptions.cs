namespace BridgeHost;

/// <summary>Timing and retry policy of a <see cref="BridgeClient"/>.</summary>
public sealed record BridgeClientOptions
{
    /// <summary>How long to wait for a reply before retransmitting (same session and sequence number).</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Transmissions of one request before giving up with a <see cref="LinuxVirtio.Bus.BusException"/>.</summary>
    public int MaxAttempts { get; init; } = 20;

    /// <summary>Pause before retrying a request the device refused as Busy.</summary>
    public TimeSpan BusyBackoff { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Session number; 0 = pick a random non-zero one.</summary>
    public ushort Session { get; init; }

    /// <summary>Optional log sink for retransmissions and link events.</summary>
    public Action<string>? Log { get; init; }
}
