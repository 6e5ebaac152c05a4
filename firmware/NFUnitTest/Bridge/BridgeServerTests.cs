using nanoFramework.TestFramework;
using VirtioMmio.App;
using VirtioMmio.Bridge;
using VirtioMmio.Devices.Test;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace NFUnitTest.Bridge
{
    /// <summary>
    /// The bridge as the board runs it: requests are assembled byte by byte here (the host codec does not exist on
    /// the device), handed to <see cref="BridgeServer"/>, and the reply is checked field by field. Covers a batch with a
    /// held and a failed expectation, and a damaged frame that must change nothing.
    /// </summary>
    [TestClass]
    public class BridgeServerTests
    {
        private const ulong Base = 0x40000000;
        private const ushort Session = 0x0102;

        private static BridgeServer NewServer(out DeviceSet devices)
        {
            devices = new DeviceSet(new MemoryWindow(Base, 0x1000), 1);
            devices.AddSlot("test-1q", new EchoTestDevice(1, 16), new TransportOptions());
            return new BridgeServer(devices, "nf-test", "1.0", 0xCAFE0001, 256, 2);
        }

        // Header (version, request, session, seq, op count, reserved) + ops + CRC-32.
        private static byte[] Request(ushort seq, int opCount, byte[] ops)
        {
            byte[] packet = new byte[BridgeProtocol.RequestHeaderLength + ops.Length + BridgeProtocol.CrcLength];
            packet[0] = BridgeProtocol.Version;
            packet[1] = BridgeProtocol.TypeRequest;
            LittleEndian.WriteU16(packet, 2, Session);
            LittleEndian.WriteU16(packet, 4, seq);
            packet[6] = (byte)opCount;
            System.Array.Copy(ops, 0, packet, BridgeProtocol.RequestHeaderLength, ops.Length);
            int crcAt = packet.Length - BridgeProtocol.CrcLength;
            LittleEndian.WriteU32(packet, crcAt, BridgeCrc32.Compute(packet, 0, crcAt));
            return packet;
        }

        private static int Send(BridgeServer server, byte[] packet)
        {
            int length = server.Handle(packet, packet.Length);
            Assert.IsTrue(length > BridgeProtocol.ReplyHeaderLength);
            int crcAt = length - BridgeProtocol.CrcLength;
            Assert.AreEqual(BridgeCrc32.Compute(server.ReplyBuffer, 0, crcAt), LittleEndian.ReadU32(server.ReplyBuffer, crcAt));
            return length;
        }

        private static void OpenSession(BridgeServer server)
        {
            Send(server, Request(1, 1, new byte[] { (byte)BridgeOpCode.Hello }));
            Assert.AreEqual(Session, server.Session);
        }

        [TestMethod]
        public void AFailedExpectationKeepsTheRealValueAndStopsTheBatch()
        {
            DeviceSet devices;
            BridgeServer server = NewServer(out devices);
            OpenSession(server);
            byte[] ops = new byte[]
            {
                (byte)BridgeOpCode.ReadOrWrite, 0, 4, 0x70, 0x00, 0x01, 0, 0, 0,  // Status |= ACKNOWLEDGE
                (byte)BridgeOpCode.ReadExpect, 0, 4, 0x70, 0x00, 0x01, 0, 0, 0,   // expects 1: holds
                (byte)BridgeOpCode.ReadExpect, 0, 4, 0x70, 0x00, 0x03, 0, 0, 0,   // expects 3: fails, reads 1
                (byte)BridgeOpCode.Write, 0, 4, 0x70, 0x00, 0x03, 0, 0, 0,        // never executed
            };

            Send(server, Request(2, 4, ops));

            byte[] reply = server.ReplyBuffer;
            Assert.AreEqual((byte)BridgeError.ExpectMismatch, reply[BridgeProtocol.CountOrStatusOffset]);
            Assert.AreEqual((byte)3, reply[BridgeProtocol.FlagsOrResultsOffset]);
            int o = BridgeProtocol.ReplyHeaderLength;
            Assert.AreEqual((byte)BridgeError.Ok, reply[o]);             // READ_OR_WRITE: code, class, old value 0
            Assert.AreEqual(0u, LittleEndian.ReadU32(reply, o + 2));
            o += 1 + BridgeProtocol.OrResultData;
            Assert.AreEqual((byte)BridgeError.Ok, reply[o]);             // held: code, class, value 1
            Assert.AreEqual(1u, LittleEndian.ReadU32(reply, o + 2));
            o += 1 + BridgeProtocol.ReadResultData;
            Assert.AreEqual((byte)BridgeError.ExpectMismatch, reply[o]); // failed: still carries the value read
            Assert.AreEqual(1u, LittleEndian.ReadU32(reply, o + 2));
            Assert.AreEqual(1u, devices.GetTransport(0).Status);
        }

        [TestMethod]
        public void AMemoryExpectationAnswersWithItsCodeAloneWhenItHolds()
        {
            DeviceSet devices;
            BridgeServer server = NewServer(out devices);
            OpenSession(server);
            devices.Memory.HostWrite(Base + 0x10, new byte[] { 7, 8 }, 0, 2);
            byte[] ops = new byte[]
            {
                (byte)BridgeOpCode.MemExpect, 0x10, 0, 0, 0x40, 0, 0, 0, 0, 2, 0, 7, 8,
                (byte)BridgeOpCode.MemExpect, 0x10, 0, 0, 0x40, 0, 0, 0, 0, 2, 0, 7, 9,
            };

            int length = Send(server, Request(2, 2, ops));

            int o = BridgeProtocol.ReplyHeaderLength;
            Assert.AreEqual(o + 1 + 1 + 2 + BridgeProtocol.CrcLength, length);
            Assert.AreEqual((byte)BridgeError.Ok, server.ReplyBuffer[o]);
            Assert.AreEqual((byte)BridgeError.ExpectMismatch, server.ReplyBuffer[o + 1]);
            Assert.AreEqual((byte)7, server.ReplyBuffer[o + 2]);
            Assert.AreEqual((byte)8, server.ReplyBuffer[o + 3]);
        }

        [TestMethod]
        public void ADamagedFrameIsRefusedAndChangesNothing()
        {
            DeviceSet devices;
            BridgeServer server = NewServer(out devices);
            OpenSession(server);
            byte[] packet = Request(2, 1, new byte[] { (byte)BridgeOpCode.Write, 0, 4, 0x70, 0x00, 0x01, 0, 0, 0 });
            packet[10] ^= 0x40; // a bit flipped on the wire

            Send(server, packet);

            Assert.AreEqual((byte)BridgeError.BadCrc, server.ReplyBuffer[BridgeProtocol.CountOrStatusOffset]);
            Assert.AreEqual((byte)0, server.ReplyBuffer[BridgeProtocol.FlagsOrResultsOffset]);
            Assert.AreEqual(0u, devices.GetTransport(0).Status);
            Assert.AreEqual(1u, server.RequestsExecuted);
        }
    }
}
