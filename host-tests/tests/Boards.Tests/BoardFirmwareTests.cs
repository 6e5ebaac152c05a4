using System.Buffers.Binary;
using System.Text;
using BridgeHost;
using BridgeHost.Emulation;
using BridgeHost.Links;
using BridgeHost.Protocol;
using VirtioMmio.App;
using VirtioMmio.App.Board;

namespace Boards.Tests;

/// <summary>
/// The firmware exactly as Program.Main assembles it (BoardFirmware), for each real board, on simulated pins:
/// start-up state, the bridge served over an in-process byte channel, virtio requests reaching the LEDC and GPIO
/// outputs, the interrupt mirror, and no allocation in the steady-state loop.
/// </summary>
public sealed class BoardFirmwareTests
{
    private const uint MagicValue = 0x74726976;

    public static TheoryData<string> BoardIds() => new(RepositoryPaths.BoardIds);

    private static (BoardFirmware Firmware, SimulatedBoardHardware Hardware) Start(string boardId, long now = 0)
    {
        BoardDefinition board = BoardDefinitions.Load(RepositoryPaths.Boards, boardId);
        var hardware = new SimulatedBoardHardware();
        return (new BoardFirmware(board, hardware, 0x1234_5678, "virtio-firmware test", now), hardware);
    }

    [Theory]
    [MemberData(nameof(BoardIds))]
    public void Every_board_starts_with_all_outputs_off_at_their_initial_settings(string boardId)
    {
        (BoardFirmware firmware, SimulatedBoardHardware hw) = Start(boardId);
        BoardDefinition board = firmware.Board;

        Assert.Equal(["clock", "regulator", "test-2q", "test-1q", "test-legacy"], Enumerable.Range(0, firmware.Devices.SlotCount).Select(firmware.Devices.GetKind));
        Assert.Equal((board.MemoryWindowBase, board.MemoryWindowSize), (firmware.Memory.BaseAddress, firmware.Memory.Size));
        Assert.Equal(board.ClockCount, firmware.Clock.ClockCount);

        for (int i = 0; i < board.ClockCount; i++)
        {
            ClockOutputDefinition clock = board.GetClock(i);
            SimulatedBoardHardware.SimulatedLedc channel = hw.LedcByPin[clock.Pin];
            Assert.Equal(clock.LedcChannel, channel.Channel);
            Assert.False(channel.Running);
            Assert.Equal(clock.InitialHz, channel.ChannelHz);
        }

        for (int i = 0; i < board.RegulatorCount; i++)
        {
            Assert.False(hw.Pins[board.GetRegulator(i).EnablePin].High);
        }

        Assert.False(hw.Pins[board.StatusLedPin].High);
        Assert.Equal(board.InterruptPin != BoardDefinition.NoPin, firmware.InterruptPin is not null);
    }

    [Theory]
    [MemberData(nameof(BoardIds))]
    public void The_bridge_hello_describes_the_board(string boardId)
    {
        using var rig = new BridgeRig(boardId);
        DeviceInfo info = rig.Client.Info;

        Assert.Equal(boardId, info.BoardId);
        Assert.Equal("virtio-firmware test", info.FirmwareVersion);
        Assert.Equal(rig.Firmware.Board.MemoryWindowBase, info.MemoryBase);
        Assert.Equal((uint)rig.Firmware.Board.MemoryWindowSize, info.MemorySize);
        Assert.Equal(["clock", "regulator", "test-2q", "test-1q", "test-legacy"], info.Slots.Select(s => s.Kind));
        Assert.Equal([0xC000u, 0xC001u], info.Slots.Take(2).Select(s => s.DeviceId));
        Assert.All(info.Slots.Take(2), s => Assert.Equal([rig.Firmware.Board.QueueSize], s.QueueMaxSizes));
        Assert.Equal(0x1234_5678u, rig.Client.BootId);
    }

    [Fact]
    public void A_clock_enable_over_the_bridge_starts_the_ledc_channel_and_the_pair_rule_reaches_the_driver_as_eio()
    {
        using var rig = new BridgeRig("esp32-devkitc");
        var driver = new MiniDriver(new BridgeBus(rig.Client, 0));
        driver.Bring_up();

        // ledc_ref_clk (id 0, PWM1, GPIO18) and ledc_aux_clk (id 1, PWM2, GPIO19) share one LEDC timer.
        Assert.Equal(0, driver.ClockRequest("ledc_ref_clk", 0, type: 0, data0: 0)); // ENABLE
        SimulatedBoardHardware.SimulatedLedc refClk = rig.Hardware.LedcByPin[18];
        Assert.True(refClk.Running);
        Assert.Equal(1_000_000u, refClk.OutputHz);

        Assert.Equal(-5, driver.ClockRequest("ledc_aux_clk", 1, type: 2, data0: 2_000_000)); // SET_RATE refused: -EIO
        Assert.Equal(1_000_000u, refClk.OutputHz);
        Assert.Equal(1u, rig.Firmware.ClockOutputs.PairConflicts);

        Assert.Equal(0, driver.ClockRequest("ledc_ref_clk", 0, type: 2, data0: 4_000_000)); // SET_RATE on the running clock
        Assert.Equal(4_000_000u, refClk.OutputHz);

        Assert.Equal(0, driver.ClockRequest("ledc_ref_clk", 0, type: 1, data0: 0)); // DISABLE
        Assert.False(refClk.Running);
    }

    [Fact]
    public void A_regulator_request_over_the_bridge_drives_the_enable_and_select_pins()
    {
        using var rig = new BridgeRig("esp32-s3-devkitc-1");
        var driver = new MiniDriver(new BridgeBus(rig.Client, 1));
        driver.Bring_up();

        // vdd_core: enable GPIO7, select GPIO15/16, 800..1200 mV step 200.
        Assert.Equal(0, driver.RegulatorRequest("vdd_core", type: 2, data0: 1200, data1: 1200)); // SET_VOLTAGE: level 2
        Assert.Equal((false, true), (rig.Hardware.Pins[15].High, rig.Hardware.Pins[16].High));
        Assert.False(rig.Hardware.Pins[7].High);

        Assert.Equal(0, driver.RegulatorRequest("vdd_core", type: 0, data0: 0, data1: 0)); // ENABLE
        Assert.True(rig.Hardware.Pins[7].High);
    }

    [Fact]
    public void What_the_gpio_regulator_cannot_do_is_refused_by_the_device_before_it_reaches_the_pins()
    {
        using var rig = new BridgeRig("esp32-s3-devkitc-1");
        var driver = new MiniDriver(new BridgeBus(rig.Client, 1));
        driver.Bring_up();
        (bool, bool) selectBefore = (rig.Hardware.Pins[15].High, rig.Hardware.Pins[16].High);

        // vdd_core: 800..1200 mV step 200. The device's descriptor has the board's grid, so an off-grid voltage is a
        // value error (-EINVAL), as are modes other than NORMAL; the GPIO regulator has no current limit (-EOPNOTSUPP).
        Assert.Equal(-22, driver.RegulatorRequest("vdd_core", type: 2, data0: 1100, data1: 1100)); // SET_VOLTAGE off the grid
        Assert.Equal(-22, driver.RegulatorRequest("vdd_core", type: 6, data0: 0x4, data1: 0)); // SET_MODE IDLE
        Assert.Equal(-95, driver.RegulatorRequest("vdd_core", type: 4, data0: 1000, data1: 2000)); // SET_CURRENT_LIMIT
        Assert.Equal(0, driver.RegulatorRequest("vdd_core", type: 6, data0: 0x2, data1: 0)); // SET_MODE NORMAL

        Assert.Equal(selectBefore, (rig.Hardware.Pins[15].High, rig.Hardware.Pins[16].High));
        Assert.False(rig.Hardware.Pins[7].High);
        Assert.Equal(1000u, rig.Firmware.Regulator.MicrovoltsOf(0) / 1000);
    }

    [Fact]
    public void The_interrupt_pin_follows_the_virtio_interrupt_line()
    {
        using var rig = new BridgeRig("esp32-devkitc");
        var driver = new MiniDriver(new BridgeBus(rig.Client, 0));
        driver.Bring_up();
        SimulatedBoardHardware.SimulatedPin irq = rig.Hardware.Pins[23];
        Assert.False(irq.High);

        driver.ClockRequest("ledc_sleep_clk", 2, type: 3, data0: 0); // GET_RATE: used buffer -> interrupt
        Assert.True(irq.High);

        driver.AcknowledgeInterrupt();
        Assert.False(irq.High);
    }

    [Fact]
    public void The_led_heartbeats_while_idle_and_the_loop_kicks_the_watchdog()
    {
        (BoardFirmware firmware, SimulatedBoardHardware hw) = Start("esp32-c3-devkitm-1", now: 1000);
        var idle = new IdleChannel();
        SimulatedBoardHardware.SimulatedPin led = hw.Pins[firmware.Board.StatusLedPin];

        Assert.True(firmware.Service(idle, 1000 + StatusLed.HeartbeatHalfPeriodMs - 1));
        Assert.False(led.High);
        Assert.True(firmware.Service(idle, 1000 + StatusLed.HeartbeatHalfPeriodMs));
        Assert.True(led.High);

        Assert.False(firmware.Watchdog.IsExpired(1000 + StatusLed.HeartbeatHalfPeriodMs + BoardFirmware.WatchdogTimeoutMs));
        Assert.True(firmware.Watchdog.IsExpired(1000 + StatusLed.HeartbeatHalfPeriodMs + BoardFirmware.WatchdogTimeoutMs + 1));
    }

    [Fact]
    public void A_closed_channel_ends_the_loop()
    {
        (BoardFirmware firmware, _) = Start("esp32-devkitc");
        Assert.False(firmware.Service(new IdleChannel { Closed = true }, 0));
    }

    [Fact]
    public void The_steady_state_loop_allocates_nothing()
    {
        (BoardFirmware firmware, SimulatedBoardHardware hardware) = Start("esp32-devkitc");
        hardware.Recording = false; // the simulated pins' log allocates; the firmware must not

        // A real request stream, SLIP-framed as on the UART: HELLO opens session 1, then register reads of the
        // clock slot. Replayed round-robin, the reads are retransmissions the reply cache answers, and new ones.
        const ushort session = 1;
        firmware.Service(new ReplayChannel([Slip.Encode(BridgeCodec.EncodeRequest(session, 1, [new HelloOp()]))]), 0);
        var frames = new List<byte[]>();
        for (ushort seq = 2; seq < 34; seq++)
        {
            frames.Add(Slip.Encode(BridgeCodec.EncodeRequest(session, seq, [new ReadOp(0, 4, 0x000), new ReadOp(0, 4, 0x070)])));
        }

        var channel = new ReplayChannel(frames);
        long now = 0;
        for (int i = 0; i < 2000; i++)
        {
            firmware.Service(channel, now += 7); // warm-up: JIT and tiering, first LED toggles
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 2000; i++)
        {
            firmware.Service(channel, now += 7);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(channel.RepliesSeen > 0);
        Assert.Equal(0, allocated);
    }

    /// <summary>BoardFirmware served on a thread over an in-process byte link, with a connected bridge client.</summary>
    private sealed class BridgeRig : IDisposable
    {
        private readonly InProcessLink _link = new();
        private readonly Thread _loop;
        private volatile bool _stop;

        public BridgeRig(string boardId)
        {
            (Firmware, Hardware) = Start(boardId);
            _loop = new Thread(() =>
            {
                long now = 0;
                while (!_stop && Firmware.Service(_link.DeviceChannel, now++))
                {
                }
            }) { IsBackground = true };
            _loop.Start();
            Client = new BridgeClient(new StreamPacketLink(_link.HostStream, "in-process"));
            Client.Connect();
        }

        public BoardFirmware Firmware { get; }

        public SimulatedBoardHardware Hardware { get; }

        public BridgeClient Client { get; }

        public void Dispose()
        {
            _stop = true;
            _link.Dispose();
            _loop.Join(TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>
    /// Just enough of a virtio-mmio driver to bring one device up over a bus and exchange single-descriptor
    /// messages the way the Linux virtio_clk/virtio_regulator drivers do (one device-readable buffer, reply
    /// written back into it). Rings at the start of the board's memory window.
    /// </summary>
    private sealed class MiniDriver(LinuxVirtio.Bus.IVirtioMmioBus bus)
    {
        private const int QueueSize = 4;
        private ushort _availIdx;
        private ulong Desc => bus.MemoryBase;
        private ulong Avail => bus.MemoryBase + 256;
        private ulong Used => bus.MemoryBase + 512;
        private ulong Buffer => bus.MemoryBase + 1024;

        public void Bring_up()
        {
            Assert.Equal(MagicValue, bus.Read(0x000, 4));
            Assert.Equal(2u, bus.Read(0x004, 4));
            bus.Write(0x070, 4, 0);
            bus.ReadModifyWriteOr(0x070, 1); // ACKNOWLEDGE
            bus.ReadModifyWriteOr(0x070, 2); // DRIVER
            bus.Write(0x014, 4, 1);
            Assert.Equal(1u, bus.Read(0x010, 4) & 1); // VERSION_1 offered
            bus.Write(0x024, 4, 0);
            bus.Write(0x020, 4, 0);
            bus.Write(0x024, 4, 1);
            bus.Write(0x020, 4, 1); // accept VERSION_1 only
            bus.ReadModifyWriteOr(0x070, 8); // FEATURES_OK
            Assert.Equal(8u, bus.Read(0x070, 4) & 8);
            bus.WriteMemory(bus.MemoryBase, new byte[1024]);
            bus.Write(0x030, 4, 0);
            bus.Write(0x038, 4, QueueSize);
            WriteAddress(0x080, Desc);
            WriteAddress(0x090, Avail);
            WriteAddress(0x0a0, Used);
            bus.Write(0x044, 4, 1);
            bus.ReadModifyWriteOr(0x070, 4); // DRIVER_OK
            Assert.Equal(0xFu, bus.Read(0x070, 4));
        }

        public int ClockRequest(string name, uint id, uint type, uint data0)
        {
            byte[] message = new byte[68];
            Encoding.ASCII.GetBytes(name).CopyTo(message, 0);
            BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(40), id);
            BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(44), type);
            BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(52), data0);
            return Exchange(message, resultOffset: 48);
        }

        public int RegulatorRequest(string name, uint type, uint data0, uint data1)
        {
            byte[] message = new byte[44];
            Encoding.ASCII.GetBytes(name).CopyTo(message, 0);
            BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(20), type);
            BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(28), data0);
            BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(32), data1);
            return Exchange(message, resultOffset: 24);
        }

        public void AcknowledgeInterrupt()
        {
            uint status = bus.Read(0x060, 4);
            bus.Write(0x064, 4, status);
            bus.Flush();
            _ = bus.Read(0x060, 4); // the reply carries the new interrupt level
        }

        private int Exchange(byte[] message, int resultOffset)
        {
            byte[] descriptor = new byte[16];
            BinaryPrimitives.WriteUInt64LittleEndian(descriptor, Buffer);
            BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(8), (uint)message.Length);
            bus.WriteMemory(Buffer, message);
            bus.WriteMemory(Desc, descriptor);
            byte[] slot = new byte[2];
            bus.WriteMemory(Avail + 4 + (ulong)(2 * (_availIdx % QueueSize)), slot);
            _availIdx++;
            BinaryPrimitives.WriteUInt16LittleEndian(slot, _availIdx);
            bus.WriteMemory(Avail + 2, slot);
            bus.Write(0x050, 4, 0); // QueueNotify: the device completes the request inside this write

            byte[] used = new byte[2];
            bus.ReadMemory(Used + 2, used);
            Assert.Equal(_availIdx, BinaryPrimitives.ReadUInt16LittleEndian(used));
            byte[] reply = new byte[message.Length];
            bus.ReadMemory(Buffer, reply);
            return BinaryPrimitives.ReadInt32LittleEndian(reply.AsSpan(resultOffset));
        }

        private void WriteAddress(int offset, ulong address)
        {
            bus.Write(offset, 4, (uint)address);
            bus.Write(offset + 4, 4, (uint)(address >> 32));
        }
    }

    private sealed class IdleChannel : IByteChannel
    {
        public bool Closed { get; init; }

        public int Read(byte[] buffer, int offset, int count) => Closed ? -1 : 0;

        public bool Write(byte[] buffer, int offset, int count) => !Closed;
    }

    /// <summary>Feeds the given frames round-robin, one per read; counts the replies.</summary>
    private sealed class ReplayChannel(List<byte[]> frames) : IByteChannel
    {
        private int _next;

        public int RepliesSeen { get; private set; }

        public int Read(byte[] buffer, int offset, int count)
        {
            byte[] frame = frames[_next];
            if (frame.Length > count)
            {
                throw new InvalidOperationException("test frame larger than the loop's read chunk");
            }

            _next = (_next + 1) % frames.Count;
            Array.Copy(frame, 0, buffer, offset, frame.Length);
            return frame.Length;
        }

        public bool Write(byte[] buffer, int offset, int count)
        {
            RepliesSeen++;
            return true;
        }
    }
}
