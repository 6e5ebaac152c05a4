using NFUnitTest.Support;
using nanoFramework.TestFramework;
using VirtioMmio.Devices.Clock;
using VirtioMmio.Hardware;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace NFUnitTest.Devices
{
    /// <summary>
    /// The clock device behind the transport, driven with the messages the Linux virtio_clk driver sends: one
    /// device-readable descriptor, the reply written back into it. Outputs are simulated LEDC channels.
    /// </summary>
    [TestClass]
    public class ClockDeviceTests
    {
        private const ushort QueueSize = 8;

        private const uint UartId = 0;
        private const uint SpiId = 1;
        private const uint UartInitialHz = 1000000;

        /// <summary>A started clock device (DRIVER_OK, queue 0 ready) with two clocks on outputs 0 and 1.</summary>
        private static VirtioDriver Start(out ClockDevice device, out SimulatedClockHardware hardware)
        {
            hardware = new SimulatedClockHardware(2, 0, new TransitionJournal(64));
            ClockDescriptor[] clocks = new ClockDescriptor[]
            {
                new ClockDescriptor("uart_clk", UartId, 0, 1000, 40000000, 1000, UartInitialHz, true),
                new ClockDescriptor("spi_clk", SpiId, 1, 1000, 20000000, 1000, 8000000, false),
            };
            device = new ClockDevice(clocks, new ResetDescriptor[0], new ClockDeviceOptions(), hardware, null);
            VirtioDriver driver = new VirtioDriver(new MmioTransport(device, new MemoryWindow(VirtioDriver.Base, VirtioDriver.MemorySize), new TransportOptions()));
            Assert.IsTrue(driver.Start(0, QueueSize));
            return driver;
        }

        private static uint Send(VirtioDriver driver, string name, uint id, uint type, uint data0, out uint data0Reply)
        {
            ushort before = driver.UsedIndex();
            driver.SendMessage(WireMessages.Clock(name, id, type, data0));
            Assert.AreEqual((ushort)(before + 1), driver.UsedIndex());

            // Written back into the driver's read-only buffer: used id is its head, used len 0 (nothing writable).
            uint usedId;
            uint usedLength;
            driver.UsedElement(before % QueueSize, out usedId, out usedLength);
            Assert.AreEqual(0u, usedId);
            Assert.AreEqual(0u, usedLength);
            byte[] reply = driver.ReadMessage(WireMessages.ClockSize);
            data0Reply = LittleEndian.ReadU32(reply, WireMessages.ClockData0);
            return LittleEndian.ReadU32(reply, WireMessages.ClockResult);
        }

        [TestMethod]
        public void GetRateRepliesInTheSubmittedBuffer()
        {
            ClockDevice device;
            SimulatedClockHardware hardware;
            VirtioDriver driver = Start(out device, out hardware);

            uint rate;
            Assert.AreEqual(0u, Send(driver, "uart_clk", UartId, WireMessages.ClockGetRate, 0, out rate));
            Assert.AreEqual(UartInitialHz, rate);
            Assert.AreEqual(UartInitialHz, hardware.RateOf(0));
        }

        [TestMethod]
        public void SetRateProgramsTheOutputAndGetRateSeesIt()
        {
            ClockDevice device;
            SimulatedClockHardware hardware;
            VirtioDriver driver = Start(out device, out hardware);

            uint ignored;
            Assert.AreEqual(0u, Send(driver, "spi_clk", SpiId, WireMessages.ClockSetRate, 4000000, out ignored));
            Assert.AreEqual(4000000u, hardware.RateOf(1));
            Assert.AreEqual(4000000u, device.RateOf(1));

            uint rate;
            Assert.AreEqual(0u, Send(driver, "spi_clk", SpiId, WireMessages.ClockGetRate, 0, out rate));
            Assert.AreEqual(4000000u, rate);
            Assert.AreEqual(UartInitialHz, hardware.RateOf(0));
        }

        [TestMethod]
        public void AnInvalidRateIsANegativeErrnoAndChangesNothing()
        {
            ClockDevice device;
            SimulatedClockHardware hardware;
            VirtioDriver driver = Start(out device, out hardware);
            uint transitions = device.OutputTransitions;

            // Rates pass through an int in the Linux driver: 2^31 Hz and above, and 0 Hz, are not rates (-EINVAL).
            // On an error the device writes result only: data[0] keeps the driver's own bytes.
            uint data0;
            Assert.AreEqual(WireMessages.EInval, Send(driver, "spi_clk", SpiId, WireMessages.ClockSetRate, 0x80000000, out data0));
            Assert.AreEqual(0x80000000u, data0);
            Assert.AreEqual(WireMessages.EInval, Send(driver, "spi_clk", SpiId, WireMessages.ClockSetRate, 0, out data0));

            Assert.AreEqual(8000000u, hardware.RateOf(1));
            Assert.AreEqual(transitions, device.OutputTransitions);
        }

        [TestMethod]
        public void EnableAndDisableSwitchTheOutput()
        {
            ClockDevice device;
            SimulatedClockHardware hardware;
            VirtioDriver driver = Start(out device, out hardware);

            uint ignored;
            Assert.AreEqual(0u, Send(driver, "spi_clk", SpiId, WireMessages.ClockEnable, 0, out ignored));
            Assert.IsTrue(hardware.IsEnabled(1));
            Assert.AreEqual(0u, Send(driver, "spi_clk", SpiId, WireMessages.ClockDisable, 0, out ignored));
            Assert.IsFalse(hardware.IsEnabled(1));
        }

        [TestMethod]
        public void AnUnknownClockIsANegativeErrno()
        {
            ClockDevice device;
            SimulatedClockHardware hardware;
            VirtioDriver driver = Start(out device, out hardware);

            uint ignored;
            Assert.AreEqual(WireMessages.ENoEnt, Send(driver, "no_such_clk", 7, WireMessages.ClockSetRate, 2000000, out ignored));
            Assert.AreEqual(UartInitialHz, hardware.RateOf(0));
            Assert.AreEqual(8000000u, hardware.RateOf(1));
        }

        [TestMethod]
        public void AVirtioResetKeepsTheOutputsAsTheyAre()
        {
            ClockDevice device;
            SimulatedClockHardware hardware;
            VirtioDriver driver = Start(out device, out hardware);
            uint ignored;
            Assert.AreEqual(0u, Send(driver, "uart_clk", UartId, WireMessages.ClockSetRate, 3000000, out ignored));
            Assert.AreEqual(0u, Send(driver, "spi_clk", SpiId, WireMessages.ClockEnable, 0, out ignored));
            uint transitions = device.OutputTransitions;

            // What a noirq restore does: reset, renegotiate, re-program the queue, DRIVER_OK.
            driver.Write(VirtioDriver.Status, 0);
            Assert.IsTrue(driver.Start(0, QueueSize));

            Assert.AreEqual(3000000u, hardware.RateOf(0));
            Assert.IsTrue(hardware.IsEnabled(0));
            Assert.IsTrue(hardware.IsEnabled(1));
            Assert.AreEqual(transitions, device.OutputTransitions);

            uint rate;
            Assert.AreEqual(0u, Send(driver, "uart_clk", UartId, WireMessages.ClockGetRate, 0, out rate));
            Assert.AreEqual(3000000u, rate);
        }
    }
}
