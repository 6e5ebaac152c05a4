namespace Benchmarks.Dispatch;

/// <summary>
/// For comparison only: the least a register file can do, a switch over the defined offsets into a plain array.
/// No width or alignment check, no state machine, no side effects. It answers "what does dispatch alone cost".
/// </summary>
public sealed class BaselineRegisterFile
{
    private readonly uint[] _registers = new uint[0x200 / 4];

    public BaselineRegisterFile()
    {
        _registers[0] = 0x74726976;
        _registers[1] = 2;
    }

    public uint Read(int offset)
    {
        switch (offset)
        {
            case 0x000:
            case 0x004:
            case 0x008:
            case 0x00c:
            case 0x010:
            case 0x034:
            case 0x044:
            case 0x060:
            case 0x070:
            case 0x0fc:
            case 0x100:
                return _registers[offset >> 2];
            default:
                return 0;
        }
    }

    public void Write(int offset, uint value)
    {
        switch (offset)
        {
            case 0x014:
            case 0x020:
            case 0x024:
            case 0x030:
            case 0x038:
            case 0x044:
            case 0x050:
            case 0x064:
            case 0x070:
            case 0x080:
            case 0x084:
            case 0x090:
            case 0x094:
            case 0x0a0:
            case 0x0a4:
            case 0x100:
                _registers[offset >> 2] = value;
                break;
        }
    }
}
