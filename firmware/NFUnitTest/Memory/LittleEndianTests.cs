using nanoFramework.TestFramework;
using VirtioMmio.Memory;

namespace NFUnitTest.Memory
{
    /// <summary>Virtio 1.x fields are little-endian whatever the CPU: byte order is checked byte by byte.</summary>
    [TestClass]
    public class LittleEndianTests
    {
        [TestMethod]
        public void WritesLeastSignificantByteFirst()
        {
            byte[] buffer = new byte[16];

            LittleEndian.WriteU16(buffer, 1, 0xA1B2);
            LittleEndian.WriteU32(buffer, 3, 0xC1C2C3C4);
            LittleEndian.WriteU64(buffer, 7, 0x0102030405060708);

            CollectionAssert.AreEqual(
                new byte[] { 0, 0xB2, 0xA1, 0xC4, 0xC3, 0xC2, 0xC1, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
                buffer);
        }

        [TestMethod]
        public void ReadsWhatItWrites()
        {
            byte[] buffer = new byte[8];

            LittleEndian.WriteU64(buffer, 0, 0xFEDCBA9876543210);
            Assert.AreEqual(0xFEDCBA9876543210UL, LittleEndian.ReadU64(buffer, 0));
            Assert.AreEqual(0x76543210u, LittleEndian.ReadU32(buffer, 0));
            Assert.AreEqual((ushort)0xFEDC, LittleEndian.ReadU16(buffer, 6));
        }
    }
}
