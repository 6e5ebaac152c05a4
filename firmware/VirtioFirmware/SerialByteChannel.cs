using System;
using System.IO.Ports;
using System.Threading;
using VirtioMmio.App;

namespace VirtioFirmware
{
    /// <summary>
    /// The bridge's byte channel on the COM2 UART. Reads only what the driver already holds (SerialPort.Read throws
    /// TimeoutException when nothing is there, and exceptions allocate), so an idle read waits
    /// <see cref="IdleWaitMs"/> on an event and returns 0. Allocation-free; an I/O failure closes the channel (-1).
    /// </summary>
    internal sealed class SerialByteChannel : IByteChannel
    {
        /// <summary>How long an idle read waits before giving the loop back (watchdog, LED).</summary>
        public const int IdleWaitMs = 2;

        private readonly SerialPort _port;
        private readonly AutoResetEvent _idle = new AutoResetEvent(false);

        public SerialByteChannel(SerialPort port)
        {
            _port = port;
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            try
            {
                if (!_port.IsOpen)
                {
                    return -1;
                }

                int available = _port.BytesToRead;
                if (available == 0)
                {
                    _idle.WaitOne(IdleWaitMs, false);
                    available = _port.BytesToRead;
                    if (available == 0)
                    {
                        return 0;
                    }
                }

                return _port.Read(buffer, offset, available < count ? available : count);
            }
            catch (Exception)
            {
                return -1;
            }
        }

        public bool Write(byte[] buffer, int offset, int count)
        {
            try
            {
                _port.Write(buffer, offset, count);
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }
    }
}
