using VirtioMmio.Hardware;
using VirtioMmio.Queue;
using VirtioMmio.Transport;

namespace LinuxVirtio.Tests.BrokenDevices;

/// <summary>
/// Broken: a clock personality that parks its outputs on a virtio reset (the "QNX backend resets clocks to XO"
/// behaviour of the wire reference) and so glitches them across every restore, re-applied or not.
/// </summary>
public sealed class GlitchingClockDevice : IVirtioPersonality, IOutputJournal
{
    private readonly IVirtioPersonality _inner;
    private uint _parkings;

    public GlitchingClockDevice(IVirtioPersonality inner)
    {
        _inner = inner;
    }

    public uint OutputTransitions => ((IOutputJournal)_inner).OutputTransitions + _parkings;

    public uint DeviceId => _inner.DeviceId;

    public ulong DeviceFeatures => _inner.DeviceFeatures;

    public int QueueCount => _inner.QueueCount;

    public int ConfigSize => _inner.ConfigSize;

    public ushort GetQueueMaxSize(int queueIndex) => _inner.GetQueueMaxSize(queueIndex);

    public byte ReadConfigByte(int offset) => _inner.ReadConfigByte(offset);

    public void WriteConfigByte(int offset, byte value) => _inner.WriteConfigByte(offset, value);

    public void Attach(IDeviceHost host) => _inner.Attach(host);

    public void OnFeaturesNegotiated(ulong driverFeatures) => _inner.OnFeaturesNegotiated(driverFeatures);

    public void OnReset()
    {
        _inner.OnReset();
        _parkings += 2; // every output to XO and back when the driver re-applies it
    }

    public void HandleRequest(int queueIndex, VirtioRequest request) => _inner.HandleRequest(queueIndex, request);
}
