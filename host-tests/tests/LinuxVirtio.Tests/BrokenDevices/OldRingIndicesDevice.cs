using System.Buffers.Binary;
using LinuxVirtio.Bus;
using static LinuxVirtio.Uapi.VirtioMmioRegisters;

namespace LinuxVirtio.Tests.BrokenDevices;

/// <summary>
/// Broken: after a reset and QueueReady=1 the device carries on from its pre-reset ring indices instead of
/// starting at 0. Its next used element goes to the old used index: the driver, whose ring was re-initialised,
/// sees used->idx jump and finds stale entries. (Emulated at the first notify after re-enable: the used index
/// is published as old+1, the stale element left in place, as such a device would.)
/// </summary>
public sealed class OldRingIndicesDevice : BusDecorator
{
    private readonly Dictionary<int, ulong> _usedAddr = new();
    private readonly Dictionary<int, ushort> _oldUsedIdx = new();
    private readonly HashSet<int> _resumed = new();
    private int _sel;

    public OldRingIndicesDevice(IVirtioMmioBus inner) : base(inner) { }

    public override void Write(int offset, int width, uint value)
    {
        switch (offset)
        {
            case QueueSel:
                _sel = (int)value;
                break;
            case QueueDeviceLow:
                _usedAddr[_sel] = (_usedAddr.GetValueOrDefault(_sel) & ~0xffffffffUL) | value;
                break;
            case Status when value == 0:
                foreach (var (q, addr) in _usedAddr)
                {
                    ushort idx = ReadU16(addr + 2);
                    if (idx != 0)
                    {
                        _oldUsedIdx[q] = idx;
                    }
                }

                break;
            case QueueNotify when _oldUsedIdx.TryGetValue((int)(value & 0xffff), out ushort old) && _resumed.Add((int)(value & 0xffff)):
                // "Resume" at the old index: publish used->idx = old + 1 and raise the interrupt.
                WriteU16(_usedAddr[(int)(value & 0xffff)] + 2, (ushort)(old + 1));
                return;
        }

        Inner.Write(offset, width, value);
    }

    private ushort ReadU16(ulong addr)
    {
        Span<byte> b = stackalloc byte[2];
        Inner.ReadMemory(addr, b);
        return BinaryPrimitives.ReadUInt16LittleEndian(b);
    }

    private void WriteU16(ulong addr, ushort v)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        Inner.WriteMemory(addr, b);
    }
}
