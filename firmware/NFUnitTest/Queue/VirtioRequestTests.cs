using nanoFramework.TestFramework;
using VirtioMmio.Memory;
using VirtioMmio.Queue;

namespace NFUnitTest.Queue
{
    /// <summary>
    /// A request seen through its descriptor segments: readable and writable parts are each one contiguous byte range,
    /// whatever the split, and every out-of-range access is refused without touching memory.
    /// </summary>
    [TestClass]
    public class VirtioRequestTests
    {
        private const ulong Base = 0x2000;

        [TestMethod]
        public void ReadableAndWritablePartsAreAddressedAcrossSegments()
        {
            MemoryWindow memory = new MemoryWindow(Base, 0x100);
            memory.HostWrite(Base + 0x10, new byte[] { 1, 2, 3 }, 0, 3);
            memory.HostWrite(Base + 0x40, new byte[] { 4, 5, 6, 7 }, 0, 4);
            VirtioRequest request = new VirtioRequest();
            request.Begin(memory, 5);

            Assert.IsTrue(request.AddSegment(Base + 0x10, 3, false));
            Assert.IsTrue(request.AddSegment(Base + 0x80, 4, true));
            Assert.IsTrue(request.AddSegment(Base + 0x40, 4, false));
            Assert.IsTrue(request.AddSegment(Base + 0xA0, 4, true));

            Assert.AreEqual(7, request.ReadableLength);
            Assert.AreEqual(8, request.WritableLength);
            Assert.AreEqual(4, request.SegmentCount);
            Assert.AreEqual((ushort)5, request.HeadIndex);

            byte[] read = new byte[4];
            Assert.IsTrue(request.ReadBytes(2, read, 0, 4));
            CollectionAssert.AreEqual(new byte[] { 3, 4, 5, 6 }, read);

            Assert.IsTrue(request.WriteBytes(2, new byte[] { 0xE1, 0xE2, 0xE3, 0xE4 }, 0, 4));
            byte[] first = new byte[4];
            byte[] second = new byte[4];
            memory.HostRead(Base + 0x80, first, 0, 4);
            memory.HostRead(Base + 0xA0, second, 0, 4);
            CollectionAssert.AreEqual(new byte[] { 0, 0, 0xE1, 0xE2 }, first);
            CollectionAssert.AreEqual(new byte[] { 0xE3, 0xE4, 0, 0 }, second);
            Assert.AreEqual(6, request.BytesWritten);
        }

        [TestMethod]
        public void BytesWrittenIsAHighWaterMark()
        {
            MemoryWindow memory = new MemoryWindow(Base, 0x100);
            VirtioRequest request = new VirtioRequest();
            request.Begin(memory, 0);
            request.AddSegment(Base, 16, true);

            request.WriteBytes(8, new byte[4], 0, 4);
            request.WriteBytes(0, new byte[2], 0, 2);

            Assert.AreEqual(12, request.BytesWritten);
        }

        [TestMethod]
        public void AccessesBeyondAPartAreRefusedAndWriteNothing()
        {
            MemoryWindow memory = new MemoryWindow(Base, 0x100);
            VirtioRequest request = new VirtioRequest();
            request.Begin(memory, 0);
            request.AddSegment(Base, 4, false);
            request.AddSegment(Base + 4, 4, true);
            memory.ResetCounters();

            byte[] buffer = new byte[8];
            Assert.IsFalse(request.ReadBytes(1, buffer, 0, 4));
            Assert.IsFalse(request.ReadBytes(-1, buffer, 0, 1));
            Assert.IsFalse(request.WriteBytes(2, new byte[] { 1, 1, 1 }, 0, 3));
            Assert.IsFalse(request.WriteBytes(0, buffer, 6, 4));

            Assert.AreEqual(0, request.BytesWritten);
            Assert.AreEqual(0, memory.DeviceReads);
            Assert.AreEqual(0, memory.DeviceWrites);
        }

        [TestMethod]
        public void SegmentsOutsideTheWindowOrBeyondTheLimitAreRefused()
        {
            MemoryWindow memory = new MemoryWindow(Base, 0x100);
            VirtioRequest request = new VirtioRequest();

            Assert.IsFalse(request.AddSegment(Base, 4, false));

            request.Begin(memory, 0);
            Assert.IsFalse(request.AddSegment(Base + 0xFC, 8, true));
            Assert.IsFalse(request.AddSegment(Base - 4, 4, false));
            Assert.AreEqual(0, request.SegmentCount);

            for (int i = 0; i < VirtioRequest.MaxSegments; i++)
            {
                Assert.IsTrue(request.AddSegment(Base + (ulong)i, 1, false));
            }

            Assert.IsFalse(request.AddSegment(Base, 1, false));
            Assert.AreEqual(VirtioRequest.MaxSegments, request.SegmentCount);
            Assert.AreEqual(VirtioRequest.MaxSegments, request.ReadableLength);
        }

        [TestMethod]
        public void WriteBackIntoTheReadablePartDoesNotCountAsWritten()
        {
            MemoryWindow memory = new MemoryWindow(Base, 0x100);
            VirtioRequest request = new VirtioRequest();
            request.Begin(memory, 0);
            request.AddSegment(Base + 0x20, 8, false);

            Assert.IsTrue(request.WriteBackReadable(4, new byte[] { 0xAB, 0xCD }, 0, 2));

            byte[] raw = new byte[2];
            memory.HostRead(Base + 0x24, raw, 0, 2);
            CollectionAssert.AreEqual(new byte[] { 0xAB, 0xCD }, raw);
            Assert.AreEqual(0, request.BytesWritten);
            Assert.IsFalse(request.WriteBytes(0, raw, 0, 1));
        }

        [TestMethod]
        public void BeginForgetsThePreviousRequest()
        {
            MemoryWindow memory = new MemoryWindow(Base, 0x100);
            VirtioRequest request = new VirtioRequest();
            request.Begin(memory, 1);
            request.AddSegment(Base, 4, true);
            request.WriteBytes(0, new byte[4], 0, 4);

            request.Begin(memory, 2);

            Assert.AreEqual(0, request.SegmentCount);
            Assert.AreEqual(0, request.ReadableLength);
            Assert.AreEqual(0, request.WritableLength);
            Assert.AreEqual(0, request.BytesWritten);
            Assert.AreEqual((ushort)2, request.HeadIndex);
        }
    }
}
