using BridgeHost.Links;
using BridgeHost.Protocol;
using LinuxVirtio.Bus;
using RestoreSuite;

namespace BridgeHost;

/// <summary>
/// A suite target reached over the bridge: the emulator over TCP or a pty, or a board over a serial line.
/// All slots share one link and one session. After a device restart (reported once as
/// <see cref="DeviceRestartedException"/>) the next <see cref="OpenBus"/> opens a fresh session.
/// </summary>
public sealed class BridgeTarget : ITarget
{
    private readonly BridgeClient _client;
    private IReadOnlyList<TargetDevice> _devices;

    public BridgeTarget(IPacketLink link, BridgeClientOptions? options = null, string? description = null)
    {
        _client = new BridgeClient(link, options);
        Description = description ?? link.Description;
        try
        {
            _devices = Describe(_client.Connect());
        }
        catch
        {
            _client.Dispose();
            throw;
        }
    }

    /// <summary>Connects to <c>tcp://HOST:PORT</c>, <c>serial:PATH?baud=N</c> or <c>pty:PATH</c>.</summary>
    public static BridgeTarget Open(string uri, BridgeClientOptions? options = null)
    {
        var endpoint = BridgeEndpoint.Parse(uri);
        return new BridgeTarget(endpoint.Open(TimeSpan.FromSeconds(5)), options, endpoint.ToString());
    }

    public string Description { get; }

    public IReadOnlyList<TargetDevice> Devices => _devices;

    public BridgeClient Client => _client;

    public DeviceInfo Info => _client.Info;

    public IVirtioMmioBus OpenBus(int slot)
    {
        try
        {
            _client.PollEvents();
        }
        catch (DeviceRestartedException)
        {
            _devices = Describe(_client.Connect());
        }

        return new BridgeBus(_client, slot);
    }

    public DeviceCounters ReadCounters(int slot)
    {
        var stats = (StatsResult)_client.Execute(new StatsOp(checked((byte)slot)))[0];
        return new DeviceCounters(stats.RequestsCompleted, stats.Notifies, stats.Resets, stats.OutputTransitions);
    }

    public bool TryChangeConfig(int slot)
    {
        try
        {
            _client.Execute(new ChangeConfigOp(checked((byte)slot)));
            return true;
        }
        catch (BridgeOperationException e) when (e.Error == VirtioMmio.Bridge.BridgeError.Unsupported)
        {
            return false;
        }
    }

    private static IReadOnlyList<TargetDevice> Describe(DeviceInfo info) =>
        info.Slots.Select(s => new TargetDevice(s.Slot, s.Kind, s.DeviceId, s.Version, s.QueueCount)).ToArray();

    public void Dispose() => _client.Dispose();
}
