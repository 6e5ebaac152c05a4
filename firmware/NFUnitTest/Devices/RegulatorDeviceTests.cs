using NFUnitTest.Support;
using nanoFramework.TestFramework;
using VirtioMmio.Devices.Regulator;
using VirtioMmio.Hardware;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace NFUnitTest.Devices
{
    /// <summary>
    /// The regulator device behind the transport, driven with the Linux virtio_regulator messages (identified by name;
    /// voltages in mV on the wire). Outputs are simulated enable/voltage-select GPIOs.
    /// </summary>
    [TestClass]
    public class RegulatorDeviceTests
    {
        private const ushort QueueSize = 8;

        private static VirtioDriver Start(out RegulatorDevice device, out SimulatedRegulatorHardware hardware)
        {
            hardware = new SimulatedRegulatorHardware(2, new TransitionJournal(64));
            RegulatorDescriptor[] regulators = new RegulatorDescriptor[]
            {
                new RegulatorDescriptor("vdd_io", 0, 1200000, 3300000, 100000, 1800000, false),
                new RegulatorDescriptor("vdd_core", 1, 800000, 1200000, 50000, 1000000, true),
            };
            device = new RegulatorDevice(regulators, new RegulatorDeviceOptions(), hardware);
            VirtioDriver driver = new VirtioDriver(new MmioTransport(device, new MemoryWindow(VirtioDriver.Base, VirtioDriver.MemorySize), new TransportOptions()));
            Assert.IsTrue(driver.Start(0, QueueSize));
            return driver;
        }

        private static uint Send(VirtioDriver driver, string name, uint type, uint data0, uint data1, out uint data0Reply)
        {
            ushort before = driver.UsedIndex();
            driver.SendMessage(WireMessages.Regulator(name, type, data0, data1));
            Assert.AreEqual((ushort)(before + 1), driver.UsedIndex());

            // Written back into the driver's read-only buffer: used id is its head, used len 0 (nothing writable).
            uint usedId;
            uint usedLength;
            driver.UsedElement(before % QueueSize, out usedId, out usedLength);
            Assert.AreEqual(0u, usedId);
            Assert.AreEqual(0u, usedLength);
            byte[] reply = driver.ReadMessage(WireMessages.RegulatorSize);
            data0Reply = LittleEndian.ReadU32(reply, WireMessages.RegulatorData0);
            return LittleEndian.ReadU32(reply, WireMessages.RegulatorResult);
        }

        [TestMethod]
        public void EnableSwitchesTheOutputOn()
        {
            RegulatorDevice device;
            SimulatedRegulatorHardware hardware;
            VirtioDriver driver = Start(out device, out hardware);
            Assert.IsFalse(hardware.IsEnabled(0));

            uint ignored;
            Assert.AreEqual(0u, Send(driver, "vdd_io", WireMessages.RegulatorEnable, 0, 0, out ignored));

            Assert.IsTrue(hardware.IsEnabled(0));
            Assert.IsTrue(device.IsEnabled(0));
            Assert.IsTrue(hardware.IsEnabled(1));
        }

        [TestMethod]
        public void SetVoltageSelectsAVoltageInsideTheWindow()
        {
            RegulatorDevice device;
            SimulatedRegulatorHardware hardware;
            VirtioDriver driver = Start(out device, out hardware);

            uint ignored;
            Assert.AreEqual(0u, Send(driver, "vdd_io", WireMessages.RegulatorSetVoltage, 2500, 2500, out ignored));
            Assert.AreEqual(2500000u, hardware.MicrovoltsOf(0));

            uint millivolts;
            Assert.AreEqual(0u, Send(driver, "vdd_io", WireMessages.RegulatorGetVoltage, 0, 0, out millivolts));
            Assert.AreEqual(2500u, millivolts);
        }

        [TestMethod]
        public void AVoltageOutsideTheRangeIsANegativeErrnoAndChangesNothing()
        {
            RegulatorDevice device;
            SimulatedRegulatorHardware hardware;
            VirtioDriver driver = Start(out device, out hardware);
            uint transitions = device.OutputTransitions;

            uint ignored;
            Assert.AreEqual(WireMessages.EInval, Send(driver, "vdd_io", WireMessages.RegulatorSetVoltage, 5000, 5000, out ignored));

            Assert.AreEqual(1800000u, hardware.MicrovoltsOf(0));
            Assert.AreEqual(transitions, device.OutputTransitions);
        }

        [TestMethod]
        public void AnUnknownRegulatorIsANegativeErrno()
        {
            RegulatorDevice device;
            SimulatedRegulatorHardware hardware;
            VirtioDriver driver = Start(out device, out hardware);

            uint ignored;
            Assert.AreEqual(WireMessages.ENoEnt, Send(driver, "vdd_nowhere", WireMessages.RegulatorEnable, 0, 0, out ignored));
            Assert.IsFalse(hardware.IsEnabled(0));
        }

        [TestMethod]
        public void AVirtioResetKeepsTheOutputsAsTheyAre()
        {
            RegulatorDevice device;
            SimulatedRegulatorHardware hardware;
            VirtioDriver driver = Start(out device, out hardware);
            uint ignored;
            Assert.AreEqual(0u, Send(driver, "vdd_io", WireMessages.RegulatorEnable, 0, 0, out ignored));
            Assert.AreEqual(0u, Send(driver, "vdd_io", WireMessages.RegulatorSetVoltage, 3000, 3000, out ignored));
            Assert.AreEqual(0u, Send(driver, "vdd_core", WireMessages.RegulatorDisable, 0, 0, out ignored));
            uint transitions = device.OutputTransitions;

            driver.Write(VirtioDriver.Status, 0);
            Assert.IsTrue(driver.Start(0, QueueSize));

            Assert.IsTrue(hardware.IsEnabled(0));
            Assert.AreEqual(3000000u, hardware.MicrovoltsOf(0));
            Assert.IsFalse(hardware.IsEnabled(1));
            Assert.AreEqual(transitions, device.OutputTransitions);
        }
    }
}
