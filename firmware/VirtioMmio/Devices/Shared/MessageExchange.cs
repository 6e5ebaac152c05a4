using VirtioMmio.Memory;
using VirtioMmio.Queue;

namespace VirtioMmio.Devices
{
    /// <summary>
    /// Moves one fixed-size message (clock 68 bytes, regulator 44) in and its reply out, in either layout:
    /// <list type="bullet">
    /// <item>spec-clean: the request in the device-readable part, a reply message of the same layout in the
    /// device-writable part (header copied from the request, result and data[] filled); used len = message size;</item>
    /// <item>compatibility write-back (no writable part, option on): <c>result</c> and <c>data[0]</c> are written
    /// back into the readable buffer, as the Qualcomm drivers expect (spec V-02 exception); used len 0.</item>
    /// </list>
    /// Buffers are allocated once here; nothing on the request path allocates.
    /// </summary>
    public sealed class MessageExchange
    {
        private const int NoReply = 0;
        private const int ReplyInReadable = 1;
        private const int ReplyInWritable = 2;

        private readonly int _size;
        private readonly int _resultOffset;
        private readonly bool _writeBack;
        private readonly byte[] _message;
        private readonly byte[] _reply;

        /// <param name="messageSize">Bytes of a complete message.</param>
        /// <param name="resultOffset">Offset of <c>result</c>; <c>data[0..3]</c> follow it.</param>
        /// <param name="writeBack">Whether a readable-only request gets its reply written back into it.</param>
        public MessageExchange(int messageSize, int resultOffset, bool writeBack)
        {
            if (resultOffset < 0 || resultOffset + 20 != messageSize)
            {
                throw new System.ArgumentException("result and data[4] must end the message");
            }

            _size = messageSize;
            _resultOffset = resultOffset;
            _writeBack = writeBack;
            _message = new byte[messageSize];
            _reply = new byte[messageSize];
        }

        /// <summary>The request received by the last successful <see cref="TryReceive"/>.</summary>
        public byte[] Message
        {
            get { return _message; }
        }

        /// <summary>
        /// Reads a request into <see cref="Message"/>. True if it is complete and a complete reply fits: the caller
        /// executes it and calls <see cref="Reply"/>. False if not: the request must not be executed; this method has
        /// already answered -EIO where a result fits (and nothing where no reply is possible).
        /// </summary>
        public bool TryReceive(VirtioRequest request)
        {
            int place = PlaceOf(request);
            if (place == NoReply)
            {
                return false;
            }

            bool complete = request.ReadableLength >= _size;
            bool replyFits = place == ReplyInReadable || request.WritableLength >= _size;
            if (complete && replyFits && request.ReadBytes(0, _message, 0, _size))
            {
                return true;
            }

            ReplyShortBuffer(request, place);
            return false;
        }

        /// <summary>Answers the request last received: <paramref name="result"/> (0 or negative errno) and data[0].</summary>
        public void Reply(VirtioRequest request, uint result, uint data0)
        {
            int place = PlaceOf(request);
            if (place == ReplyInReadable)
            {
                // The driver reads data[0] only on success; on error leave its own bytes alone.
                LittleEndian.WriteU32(_reply, 0, result);
                LittleEndian.WriteU32(_reply, 4, data0);
                request.WriteBackReadable(_resultOffset, _reply, 0, result == LinuxErrno.Success ? 8 : 4);
            }
            else if (place == ReplyInWritable)
            {
                System.Array.Copy(_message, 0, _reply, 0, _resultOffset);
                System.Array.Clear(_reply, _resultOffset, _size - _resultOffset);
                LittleEndian.WriteU32(_reply, _resultOffset, result);
                LittleEndian.WriteU32(_reply, _resultOffset + 4, result == LinuxErrno.Success ? data0 : 0);
                request.WriteBytes(0, _reply, 0, _size);
            }
        }

        private int PlaceOf(VirtioRequest request)
        {
            if (request.WritableLength > 0)
            {
                return ReplyInWritable;
            }

            return _writeBack && request.ReadableLength > 0 ? ReplyInReadable : NoReply;
        }

        // -EIO for a request or reply buffer that is too short, written only where the whole result field fits.
        private void ReplyShortBuffer(VirtioRequest request, int place)
        {
            int resultEnd = _resultOffset + 4;
            LittleEndian.WriteU32(_reply, _resultOffset, LinuxErrno.IoError);
            if (place == ReplyInReadable)
            {
                if (request.ReadableLength >= resultEnd)
                {
                    request.WriteBackReadable(_resultOffset, _reply, _resultOffset, 4);
                }

                return;
            }

            if (request.WritableLength < resultEnd)
            {
                return;
            }

            // Echo as much of the request header as there is, zeros for the rest.
            System.Array.Clear(_reply, 0, _resultOffset);
            int header = request.ReadableLength < _resultOffset ? request.ReadableLength : _resultOffset;
            if (header > 0)
            {
                request.ReadBytes(0, _reply, 0, header);
            }

            request.WriteBytes(0, _reply, 0, resultEnd);
        }
    }
}
