using NFUnitTest.Support;
using nanoFramework.TestFramework;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace NFUnitTest.Transport
{
    /// <summary>
    /// The register file as a Linux driver walks it: probe, feature negotiation (and its refusal), a request through
    /// the queue, reset, and the register-access policy. Every step completes inside the register access.
    /// </summary>
    [TestClass]
    public class MmioTransportTests
    {
        private static MmioTransport NewTransport(RecordingDevice device)
        {
            return new MmioTransport(device, new MemoryWindow(VirtioDriver.Base, VirtioDriver.MemorySize), new TransportOptions());
        }

        [TestMethod]
        public void ProbeReadsTheIdentityAndOffersVersion1()
        {
            RecordingDevice device = new RecordingDevice();
            MmioTransport transport = NewTransport(device);
            VirtioDriver driver = new VirtioDriver(transport);

            Assert.AreEqual(0x74726976u, driver.Read(VirtioDriver.MagicValue));
            Assert.AreEqual(2u, driver.Read(VirtioDriver.Version));
            Assert.AreEqual(RecordingDevice.Id, driver.Read(VirtioDriver.DeviceId));
            Assert.AreEqual(new TransportOptions().VendorId, driver.Read(VirtioDriver.VendorId));
            Assert.AreEqual(0u, driver.Read(VirtioDriver.Status));

            ulong offered = driver.ReadDeviceFeatures();
            Assert.AreEqual(VirtioDriver.Version1, offered & VirtioDriver.Version1);
            Assert.AreEqual(RecordingDevice.FeatureA | RecordingDevice.FeatureB, offered & 0xFFFFFFUL);
            Assert.AreSame(transport, device.Host);
        }

        [TestMethod]
        public void FeaturesOkSticksForAnOfferedSubsetWithVersion1()
        {
            RecordingDevice device = new RecordingDevice();
            VirtioDriver driver = new VirtioDriver(NewTransport(device));

            Assert.IsTrue(driver.Negotiate(VirtioDriver.Version1 | RecordingDevice.FeatureA));

            Assert.AreEqual(VirtioDriver.Acknowledge | VirtioDriver.Driver | VirtioDriver.FeaturesOk, driver.Read(VirtioDriver.Status));
            Assert.AreEqual(1, device.FeatureNegotiations);
            Assert.AreEqual(VirtioDriver.Version1 | RecordingDevice.FeatureA, device.Negotiated);
        }

        [TestMethod]
        public void FeaturesOkIsRefusedWithoutVersion1()
        {
            RecordingDevice device = new RecordingDevice();
            VirtioDriver driver = new VirtioDriver(NewTransport(device));

            Assert.IsFalse(driver.Negotiate(RecordingDevice.FeatureA));

            Assert.AreEqual(0u, driver.Read(VirtioDriver.Status) & VirtioDriver.FeaturesOk);
            Assert.AreEqual(0, device.FeatureNegotiations);
        }

        [TestMethod]
        public void FeaturesOkIsRefusedForAFeatureTheDeviceDidNotOffer()
        {
            RecordingDevice device = new RecordingDevice();
            VirtioDriver driver = new VirtioDriver(NewTransport(device));

            Assert.IsFalse(driver.Negotiate(VirtioDriver.Version1 | (1UL << 7)));
            Assert.AreEqual(0, device.FeatureNegotiations);
        }

        [TestMethod]
        public void TheSameFeaturesRenegotiateAfterAReset()
        {
            RecordingDevice device = new RecordingDevice();
            VirtioDriver driver = new VirtioDriver(NewTransport(device));

            Assert.IsTrue(driver.Negotiate(VirtioDriver.Version1 | RecordingDevice.FeatureB));
            Assert.IsTrue(driver.Negotiate(VirtioDriver.Version1 | RecordingDevice.FeatureB));
            Assert.AreEqual(2, device.FeatureNegotiations);
        }

        [TestMethod]
        public void ARequestGoesThroughTheQueueAndIsCompletedInsideTheNotify()
        {
            RecordingDevice device = new RecordingDevice();
            MmioTransport transport = NewTransport(device);
            VirtioDriver driver = new VirtioDriver(transport);
            Assert.IsTrue(driver.Start(0, 8));

            byte[] request = new byte[4];
            LittleEndian.WriteU32(request, 0, 41);
            driver.Memory.HostWrite(VirtioDriver.Buffers, request, 0, 4);
            driver.SetDescriptor(3, VirtioDriver.Buffers, 4, false, 5);
            driver.SetDescriptor(5, VirtioDriver.Buffers + 0x100, 4, true, -1);
            driver.Submit(3);

            // Completed synchronously: no second access was needed to get the used element.
            Assert.AreEqual((ushort)1, driver.UsedIndex());
            uint id;
            uint length;
            driver.UsedElement(0, out id, out length);
            Assert.AreEqual(3u, id);
            Assert.AreEqual(4u, length);

            byte[] reply = new byte[4];
            driver.Memory.HostRead(VirtioDriver.Buffers + 0x100, reply, 0, 4);
            Assert.AreEqual(42u, LittleEndian.ReadU32(reply, 0));
            Assert.AreEqual(1, device.Requests);

            Assert.AreEqual(1u, driver.Read(VirtioDriver.InterruptStatus));
            Assert.IsTrue(transport.InterruptLine);
            driver.Write(VirtioDriver.InterruptAck, 1);
            Assert.AreEqual(0u, driver.Read(VirtioDriver.InterruptStatus));
            Assert.IsFalse(transport.InterruptLine);
        }

        [TestMethod]
        public void TheInterruptLineFollowsInterruptStatusLevelTriggered()
        {
            RecordingDevice device = new RecordingDevice();
            MmioTransport transport = NewTransport(device);
            RecordingInterruptLine line = new RecordingInterruptLine();
            transport.InterruptSink = line;
            VirtioDriver driver = new VirtioDriver(transport);
            Assert.IsTrue(driver.Start(0, 8));
            driver.SetDescriptor(0, VirtioDriver.Buffers, 4, false, 1);
            driver.SetDescriptor(1, VirtioDriver.Buffers + 0x100, 4, true, -1);

            driver.Submit(0);
            Assert.AreEqual(1, line.Changes);
            Assert.IsTrue(line.Level);

            // A second completion while asserted is not a new edge: the line stays up until the driver acknowledges.
            driver.Submit(0);
            Assert.AreEqual(1, line.Changes);
            Assert.AreEqual(1u, driver.Read(VirtioDriver.InterruptStatus));

            driver.Write(VirtioDriver.InterruptAck, 1);
            Assert.AreEqual(2, line.Changes);
            Assert.IsFalse(line.Level);
            Assert.IsTrue(line.LevelAt(0));
            Assert.IsFalse(line.LevelAt(1));
        }

        [TestMethod]
        public void NothingIsConsumedBeforeDriverOk()
        {
            RecordingDevice device = new RecordingDevice();
            VirtioDriver driver = new VirtioDriver(NewTransport(device));
            Assert.IsTrue(driver.Negotiate(VirtioDriver.Version1));
            driver.SetUpQueue(8);

            driver.SetDescriptor(0, VirtioDriver.Buffers, 4, false, 1);
            driver.SetDescriptor(1, VirtioDriver.Buffers + 0x100, 4, true, -1);
            driver.Submit(0);
            Assert.AreEqual((ushort)0, driver.UsedIndex());
            Assert.AreEqual(0, device.Requests);
            Assert.AreEqual(0u, driver.Read(VirtioDriver.InterruptStatus));

            driver.Write(VirtioDriver.Status, VirtioDriver.Acknowledge | VirtioDriver.Driver | VirtioDriver.FeaturesOk | VirtioDriver.DriverOk);
            driver.Write(VirtioDriver.QueueNotify, 0);
            Assert.AreEqual((ushort)1, driver.UsedIndex());
            Assert.AreEqual(1, device.Requests);
        }

        [TestMethod]
        public void ResetClearsStatusInterruptsAndQueueReadyInsideTheWrite()
        {
            RecordingDevice device = new RecordingDevice();
            MmioTransport transport = NewTransport(device);
            VirtioDriver driver = new VirtioDriver(transport);
            Assert.IsTrue(driver.Start(0, 8));
            driver.SetDescriptor(0, VirtioDriver.Buffers, 4, false, 1);
            driver.SetDescriptor(1, VirtioDriver.Buffers + 0x100, 4, true, -1);
            driver.Submit(0);
            Assert.AreEqual(1u, driver.Read(VirtioDriver.InterruptStatus));
            int resetsBefore = device.Resets;

            driver.Write(VirtioDriver.Status, 0);

            // Linux's vm_reset only writes 0: the very next reads must see the reset done.
            Assert.AreEqual(0u, driver.Read(VirtioDriver.Status));
            Assert.AreEqual(0u, driver.Read(VirtioDriver.InterruptStatus));
            Assert.IsFalse(transport.InterruptLine);
            driver.Write(VirtioDriver.QueueSel, 0);
            Assert.AreEqual(0u, driver.Read(VirtioDriver.QueueReady));
            Assert.AreEqual(resetsBefore + 1, device.Resets);
        }

        [TestMethod]
        public void AfterAResetTheQueueStartsAgainFromUsedIndexZero()
        {
            RecordingDevice device = new RecordingDevice();
            VirtioDriver driver = new VirtioDriver(NewTransport(device));
            Assert.IsTrue(driver.Start(0, 8));
            driver.SetDescriptor(0, VirtioDriver.Buffers, 4, false, 1);
            driver.SetDescriptor(1, VirtioDriver.Buffers + 0x100, 4, true, -1);
            driver.Submit(0);
            driver.Submit(0);
            Assert.AreEqual((ushort)2, driver.UsedIndex());

            Assert.IsTrue(driver.Start(0, 8));
            driver.SetDescriptor(0, VirtioDriver.Buffers, 4, false, 1);
            driver.SetDescriptor(1, VirtioDriver.Buffers + 0x100, 4, true, -1);
            driver.Submit(0);

            Assert.AreEqual((ushort)1, driver.UsedIndex());
            Assert.AreEqual(3, device.Requests);
        }

        [TestMethod]
        public void BadRegisterAccessesAreClassifiedAndChangeNothing()
        {
            RecordingDevice device = new RecordingDevice();
            MmioTransport transport = NewTransport(device);
            VirtioDriver driver = new VirtioDriver(transport);

            Assert.AreEqual((int)MmioAccessResult.ReadOnlyRegister, (int)driver.Write(VirtioDriver.MagicValue, 0));
            Assert.AreEqual(0x74726976u, driver.Read(VirtioDriver.MagicValue));

            uint value;
            Assert.AreEqual((int)MmioAccessResult.WriteOnlyRegister, (int)transport.Read(VirtioDriver.QueueNotify, 4, out value));
            Assert.AreEqual(0u, value);

            Assert.AreEqual((int)MmioAccessResult.BadWidth, (int)transport.Write(VirtioDriver.Status, 2, VirtioDriver.Acknowledge));
            Assert.AreEqual((int)MmioAccessResult.Misaligned, (int)transport.Read(VirtioDriver.Status + 2, 4, out value));
            Assert.AreEqual((int)MmioAccessResult.UndefinedOffset, (int)transport.Read(0x018, 4, out value));
            Assert.AreEqual(0u, value);
            Assert.AreEqual(0u, driver.Read(VirtioDriver.Status));
        }

        [TestMethod]
        public void ConfigSpaceIsReadableBytewiseBeforeFeaturesOk()
        {
            VirtioDriver driver = new VirtioDriver(NewTransport(new RecordingDevice()));
            MmioTransport transport = NewTransport(new RecordingDevice());

            uint value;
            Assert.AreEqual((int)MmioAccessResult.Ok, (int)transport.Read(VirtioDriver.Config + 1, 1, out value));
            Assert.AreEqual(0x22u, value);
            Assert.AreEqual(0x44332211u, driver.Read(VirtioDriver.Config));
        }
    }
}
