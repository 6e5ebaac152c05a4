using System;
using nanoFramework.TestFramework;
using VirtioMmio.Memory;

namespace NFUnitTest.Memory
{
    /// <summary>The guest-memory window: every access bounds-checked, failures are values and touch nothing.</summary>
    [TestClass]
    public class MemoryWindowTests
    {
        private const ulong Base = 0x1000;
        private const int Size = 0x100;

        [TestMethod]
        public void ConstructorRefusesAnEmptyOrWrappingWindow()
        {
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new MemoryWindow(Base, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new MemoryWindow(ulong.MaxValue - 8, 16));
        }

        [TestMethod]
        public void ContainsChecksBothEndsWithoutOverflow()
        {
            MemoryWindow window = new MemoryWindow(Base, Size);

            Assert.IsTrue(window.Contains(Base, Size));
            Assert.IsTrue(window.Contains(Base + Size - 1, 1));
            Assert.IsTrue(window.Contains(Base + Size, 0));
            Assert.IsFalse(window.Contains(Base + Size - 1, 2));
            Assert.IsFalse(window.Contains(Base - 1, 1));
            Assert.IsFalse(window.Contains(Base + 0x80, ulong.MaxValue));
            Assert.IsFalse(window.Contains(ulong.MaxValue, 1));
        }

        [TestMethod]
        public void DeviceReadsAndWritesAreLittleEndian()
        {
            MemoryWindow window = new MemoryWindow(Base, Size);

            Assert.IsTrue(window.DeviceWriteU32(Base + 8, 0x11223344));
            byte[] raw = new byte[4];
            Assert.IsTrue(window.HostRead(Base + 8, raw, 0, 4));
            CollectionAssert.AreEqual(new byte[] { 0x44, 0x33, 0x22, 0x11 }, raw);

            ushort half;
            Assert.IsTrue(window.DeviceReadU16(Base + 10, out half));
            Assert.AreEqual((ushort)0x1122, half);

            Assert.IsTrue(window.HostWrite(Base + 16, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 0, 8));
            ulong wide;
            Assert.IsTrue(window.DeviceReadU64(Base + 16, out wide));
            Assert.AreEqual(0x0807060504030201UL, wide);
        }

        [TestMethod]
        public void AnAccessOutsideTheWindowFailsCountsAFaultAndTouchesNothing()
        {
            MemoryWindow window = new MemoryWindow(Base, Size);
            Assert.IsTrue(window.HostWrite(Base + Size - 4, new byte[] { 0xAA, 0xBB, 0xCC, 0xDD }, 0, 4));

            uint value;
            Assert.IsFalse(window.DeviceReadU32(Base + Size - 2, out value));
            Assert.AreEqual(0u, value);
            Assert.IsFalse(window.DeviceWriteU32(Base + Size - 2, 0xFFFFFFFF));
            Assert.IsFalse(window.DeviceWrite(Base + Size - 4, new byte[8], 0, 8));

            byte[] after = new byte[4];
            Assert.IsTrue(window.HostRead(Base + Size - 4, after, 0, 4));
            CollectionAssert.AreEqual(new byte[] { 0xAA, 0xBB, 0xCC, 0xDD }, after);
            Assert.AreEqual(3, window.DeviceFaults);
        }

        [TestMethod]
        public void ABadBufferSpanIsRefusedBeforeMemoryIsTouched()
        {
            MemoryWindow window = new MemoryWindow(Base, Size);
            byte[] small = new byte[4];

            Assert.IsFalse(window.DeviceRead(Base, small, 2, 4));
            Assert.IsFalse(window.DeviceRead(Base, small, -1, 1));
            Assert.IsFalse(window.DeviceWrite(Base, small, 0, -1));
            Assert.IsFalse(window.HostWrite(Base, null!, 0, 1));
            Assert.AreEqual(3, window.DeviceFaults);
        }

        [TestMethod]
        public void OnlyDeviceSideAccessesAreCounted()
        {
            MemoryWindow window = new MemoryWindow(Base, Size);
            byte[] buffer = new byte[4];

            window.HostWrite(Base, buffer, 0, 4);
            window.HostRead(Base, buffer, 0, 4);
            Assert.AreEqual(0, window.DeviceReads);
            Assert.AreEqual(0, window.DeviceWrites);

            ushort ignored;
            window.DeviceReadU16(Base, out ignored);
            window.DeviceRead(Base, buffer, 0, 4);
            window.DeviceWriteU16(Base, 7);
            Assert.AreEqual(2, window.DeviceReads);
            Assert.AreEqual(1, window.DeviceWrites);

            window.ResetCounters();
            Assert.AreEqual(0, window.DeviceReads);
            Assert.AreEqual(0, window.DeviceWrites);
        }

        [TestMethod]
        public void ClearZeroesTheWholeWindow()
        {
            MemoryWindow window = new MemoryWindow(Base, Size);
            window.HostWrite(Base + 3, new byte[] { 9, 9 }, 0, 2);

            window.Clear();

            byte[] all = new byte[Size];
            Assert.IsTrue(window.HostRead(Base, all, 0, Size));
            for (int i = 0; i < Size; i++)
            {
                Assert.AreEqual((byte)0, all[i]);
            }
        }
    }
}
