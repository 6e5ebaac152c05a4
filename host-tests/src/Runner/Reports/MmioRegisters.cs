namespace Runner.Reports;

/// <summary>virtio-mmio register offsets the reports decode (virtio 1.2 §4.2.2, legacy §4.2.4), and display names.</summary>
public static class MmioRegisters
{
    public const int QueueSel = 0x030;
    public const int QueuePfn = 0x040;      // legacy only: non-zero = queue active
    public const int QueueReady = 0x044;
    public const int InterruptStatus = 0x060;
    public const int Status = 0x070;
    public const int QueueReset = 0x0c0;
    public const int ConfigSpace = 0x100;

    /// <summary>Register name for an offset ("Config+0x04" for device config space, "0x0f0" when unknown).</summary>
    public static string Name(int offset) => offset switch
    {
        0x000 => "MagicValue",
        0x004 => "Version",
        0x008 => "DeviceID",
        0x00c => "VendorID",
        0x010 => "DeviceFeatures",
        0x014 => "DeviceFeaturesSel",
        0x020 => "DriverFeatures",
        0x024 => "DriverFeaturesSel",
        0x028 => "GuestPageSize",
        0x030 => "QueueSel",
        0x034 => "QueueNumMax",
        0x038 => "QueueNum",
        0x03c => "QueueAlign",
        0x040 => "QueuePFN",
        0x044 => "QueueReady",
        0x050 => "QueueNotify",
        0x060 => "InterruptStatus",
        0x064 => "InterruptACK",
        0x070 => "Status",
        0x080 => "QueueDescLow",
        0x084 => "QueueDescHigh",
        0x090 => "QueueDriverLow",
        0x094 => "QueueDriverHigh",
        0x0a0 => "QueueDeviceLow",
        0x0a4 => "QueueDeviceHigh",
        0x0ac => "SHMSel",
        0x0b0 => "SHMLenLow",
        0x0b4 => "SHMLenHigh",
        0x0b8 => "SHMBaseLow",
        0x0bc => "SHMBaseHigh",
        0x0c0 => "QueueReset",
        0x0fc => "ConfigGeneration",
        >= ConfigSpace => $"Config+0x{offset - ConfigSpace:x2}",
        _ => Format.Hex3(offset),
    };

    /// <summary>Device status bits, decoded ("ACK|DRIVER|FEATURES_OK|DRIVER_OK"; "reset" for 0).</summary>
    public static string DecodeStatus(uint status)
    {
        if (status == 0)
        {
            return "reset";
        }

        var bits = new List<string>(7);
        if ((status & 0x01) != 0) bits.Add("ACK");
        if ((status & 0x02) != 0) bits.Add("DRIVER");
        if ((status & 0x08) != 0) bits.Add("FEATURES_OK");
        if ((status & 0x04) != 0) bits.Add("DRIVER_OK");
        if ((status & 0x40) != 0) bits.Add("NEEDS_RESET");
        if ((status & 0x80) != 0) bits.Add("FAILED");
        uint unknown = status & ~0xcfu;
        if (unknown != 0) bits.Add(Format.Hex(unknown, 1));
        return string.Join('|', bits);
    }
}
