using System.Globalization;
using System.Text.RegularExpressions;
using VirtioMmio.Devices.Test;
using VirtioMmio.Memory;
using VirtioMmio.Queue;
using VirtioMmio.Transport;

namespace VirtioMmio.Tests.Support;

/// <summary>One register access or device-side IRQ event from a decoded Linux trace.</summary>
public sealed record TraceLine(int LineNumber, string Kind, int Offset, uint Value, string Text);

/// <summary>
/// Replays a decoded Linux virtio-mmio trace (linux-traces/*.decoded.txt) against the core with the echo test device.
/// Every read is checked against the trace; device-specific answers are adapted (device ID, vendor ID, offered
/// features, QueueNumMax/QueueNum). The replayer also plays the parts of the driver that live in memory: it zeroes a
/// ring when the queue is enabled (Linux allocates or re-initialises it zeroed), posts one echo request before each
/// kick with used_event armed (virtqueue_enable_cb), and checks the used element after the kick.
/// IRQ level events in the trace ("-- IRQ line ASSERTED/deasserted") are checked against the transport's line.
/// </summary>
public sealed class LinuxTraceReplayer
{
    public const ulong WindowBase = 0x0280_0000;
    public const int WindowSize = 0x30_0000;
    public const ushort QueueMax = 16;

    private static readonly Regex Access = new(@"^\s*(\d+)\s+-?[\d.]+\s+([RW])\s+0x([0-9a-f]{3})\s+\S+\s+0x([0-9a-f]{8})", RegexOptions.Compiled);
    private static readonly Regex Irq = new(@"^\s*--\s+-?[\d.]+\s+IRQ line (ASSERTED|deasserted)", RegexOptions.Compiled);

    private readonly int _version;
    private ulong _desc, _avail, _used;
    private ushort _availIdx, _usedSeen;
    private uint _deviceFeaturesSel;
    private uint _pageSize = 4096, _align = 4096;
    private ulong _nextBuffer;

    public LinuxTraceReplayer(int version)
    {
        _version = version;
        Device = new EchoTestDevice(1, QueueMax);
        Memory = new MemoryWindow(WindowBase, WindowSize);
        Transport = new MmioTransport(Device, Memory, new TransportOptions { Version = version });
        _nextBuffer = WindowBase;
    }

    public EchoTestDevice Device { get; }

    public MemoryWindow Memory { get; }

    public MmioTransport Transport { get; }

    public int Accesses { get; private set; }

    public int ReadsChecked { get; private set; }

    public int IrqEventsChecked { get; private set; }

    public int RequestsVerified { get; private set; }

    public static IEnumerable<TraceLine> Parse(string path)
    {
        int n = 0;
        foreach (string line in File.ReadLines(path))
        {
            n++;
            Match m = Access.Match(line);
            if (m.Success)
            {
                yield return new TraceLine(n, m.Groups[2].Value, int.Parse(m.Groups[3].Value, NumberStyles.HexNumber),
                    uint.Parse(m.Groups[4].Value, NumberStyles.HexNumber), line.Trim());
                continue;
            }

            Match irq = Irq.Match(line);
            if (irq.Success)
            {
                yield return new TraceLine(n, irq.Groups[1].Value == "ASSERTED" ? "IRQ1" : "IRQ0", 0, 0, line.Trim());
            }
        }
    }

    /// <summary>QEMU rng answer → this device's answer, for the device-specific registers.</summary>
    public uint Adapt(TraceLine t)
    {
        switch (t.Offset)
        {
            case MmioRegisters.DeviceId:
                return EchoTestDevice.TestDeviceId;
            case MmioRegisters.VendorId:
                return Transport.Options.VendorId;
            case MmioRegisters.DeviceFeatures:
                // QEMU offers RING_RESET (modern) and NOTIFY_ON_EMPTY + ANY_LAYOUT (legacy), which we do not; we add
                // our device-type ECHO bit. Everything else in the word Linux saw must be identical.
                const ulong QemuOnly = VirtioFeatures.RingReset | (1UL << 24) | (1UL << 27);
                if (_deviceFeaturesSel == 0)
                {
                    return (t.Value & ~unchecked((uint)QemuOnly)) | (uint)EchoTestDevice.FeatureEcho;
                }

                return _deviceFeaturesSel == 1 ? t.Value & ~(uint)(QemuOnly >> 32) : t.Value;
            case MmioRegisters.QueueNumMax:
                return t.Value == 0 ? 0u : QueueMax;
            case MmioRegisters.QueueNum:
                return QueueMax;
            default:
                return t.Value;
        }
    }

    public void Run(string path)
    {
        foreach (TraceLine t in Parse(path))
        {
            Step(t);
        }
    }

    /// <summary>Replays one access (checking a read's answer) or checks one IRQ event.</summary>
    public void Step(TraceLine t)
    {
        if (t.Kind == "IRQ1" || t.Kind == "IRQ0")
        {
            Assert.True(Transport.InterruptLine == (t.Kind == "IRQ1"), $"line {t.LineNumber}: {t.Text}");
            IrqEventsChecked++;
            return;
        }

        Accesses++;
        if (t.Kind == "R")
        {
            MmioAccessResult r = Transport.Read(t.Offset, 4, out uint value);
            Assert.True(r == MmioAccessResult.Ok, $"line {t.LineNumber}: {t.Text}: {r}");
            uint expected = Adapt(t);
            Assert.True(expected == value, $"line {t.LineNumber}: {t.Text}: device answered 0x{value:x8}, expected 0x{expected:x8}");
            ReadsChecked++;
            return;
        }

        uint written = t.Offset == MmioRegisters.QueueNum ? QueueMax : t.Value;
        BeforeWrite(t.Offset, written);
        MmioAccessResult w = Transport.Write(t.Offset, 4, written);
        Assert.True(w == MmioAccessResult.Ok, $"line {t.LineNumber}: {t.Text}: {w}");
        AfterWrite(t, written);
    }

    // The memory side of the driver, done where Linux does it: before the register write that publishes it.
    private void BeforeWrite(int offset, uint value)
    {
        switch (offset)
        {
            case MmioRegisters.DeviceFeaturesSel:
                _deviceFeaturesSel = value;
                break;
            case MmioRegisters.QueueDescLow:
                _desc = value;
                break;
            case MmioRegisters.QueueDriverLow:
                _avail = value;
                break;
            case MmioRegisters.QueueDeviceLow:
                _used = value;
                break;
            case MmioRegisters.LegacyGuestPageSize:
                _pageSize = value;
                break;
            case MmioRegisters.LegacyQueueAlign:
                _align = value;
                break;
            case MmioRegisters.LegacyQueuePfn when value != 0:
                SplitRing.LegacyLayout(value, _pageSize, _align, QueueMax, out _desc, out _avail, out _used);
                FreshRing();
                break;
            case MmioRegisters.QueueReady when value == 1:
                FreshRing();
                break;
            case MmioRegisters.QueueNotify:
                PostRequest();
                break;
        }
    }

    private void AfterWrite(TraceLine t, uint value)
    {
        if (t.Offset != MmioRegisters.QueueNotify)
        {
            return;
        }

        // Synchronous completion: the used element is there when the kick returns.
        ushort usedIdx = ReadU16(_used + 2);
        Assert.True((ushort)(_usedSeen + 1) == usedIdx, $"line {t.LineNumber}: used idx {usedIdx} after kick, expected {_usedSeen + 1}");
        ulong elem = _used + 4 + (ulong)(8 * (_usedSeen % QueueMax));
        Assert.Equal((uint)((_availIdx - 1) % QueueMax), ReadU32(elem));
        Assert.Equal(8u, ReadU32(elem + 4));
        _usedSeen++;
        RequestsVerified++;
    }

    private void FreshRing()
    {
        byte[] zero = new byte[0x800];
        Assert.True(Memory.HostWrite(_desc, zero, 0, 16 * QueueMax));
        Assert.True(Memory.HostWrite(_avail, zero, 0, 6 + (2 * QueueMax)));
        Assert.True(Memory.HostWrite(_used, zero, 0, 6 + (8 * QueueMax)));
        _availIdx = 0;
        _usedSeen = 0;
    }

    private void PostRequest()
    {
        // One descriptor pair per kick, in slot (availIdx % size) pairs; buffers from a scratch area low in the window.
        ushort head = (ushort)(_availIdx % QueueMax);
        ulong input = Scratch(8), reply = Scratch(8);
        Memory.HostWrite(input, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 0, 8);
        WriteDesc(_desc + (ulong)(16 * head), input, 8, SplitRing.DescriptorFlagNext, (ushort)((head + 1) % QueueMax));
        WriteDesc(_desc + (ulong)(16 * ((head + 1) % QueueMax)), reply, 8, SplitRing.DescriptorFlagWrite, 0);
        WriteU16(_avail + 4 + (ulong)(2 * (_availIdx % QueueMax)), head);
        _availIdx++;
        WriteU16(_avail + 4 + (ulong)(2 * QueueMax), _usedSeen); // used_event: interrupt me for the next one
        WriteU16(_avail + 2, _availIdx);
    }

    private ulong Scratch(int n)
    {
        ulong a = _nextBuffer;
        _nextBuffer += (ulong)n;
        if (_nextBuffer > WindowBase + 0x1000)
        {
            _nextBuffer = WindowBase;
        }

        return a;
    }

    private void WriteDesc(ulong at, ulong addr, uint len, ushort flags, ushort next)
    {
        byte[] b = new byte[16];
        LittleEndian.WriteU64(b, 0, addr);
        LittleEndian.WriteU32(b, 8, len);
        LittleEndian.WriteU16(b, 12, flags);
        LittleEndian.WriteU16(b, 14, next);
        Assert.True(Memory.HostWrite(at, b, 0, 16));
    }

    private void WriteU16(ulong at, ushort v)
    {
        byte[] b = new byte[2];
        LittleEndian.WriteU16(b, 0, v);
        Assert.True(Memory.HostWrite(at, b, 0, 2));
    }

    private ushort ReadU16(ulong at)
    {
        byte[] b = new byte[2];
        Assert.True(Memory.HostRead(at, b, 0, 2));
        return LittleEndian.ReadU16(b, 0);
    }

    private uint ReadU32(ulong at)
    {
        byte[] b = new byte[4];
        Assert.True(Memory.HostRead(at, b, 0, 4));
        return LittleEndian.ReadU32(b, 0);
    }
}
