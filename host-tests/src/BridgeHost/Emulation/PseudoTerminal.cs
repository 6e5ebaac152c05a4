using System.Runtime.InteropServices;
using System.Text;
using VirtioMmio.App;

namespace BridgeHost.Emulation;

/// <summary>
/// A pseudo-terminal pair from openpty(3): the emulator serves the master; the host opens <see cref="SlavePath"/>
/// with System.IO.Ports exactly as it would open a board's /dev/ttyUSB0. Linux (glibc) only.
/// The emulator keeps its own slave descriptor open, so the master stays usable while no host is attached.
/// </summary>
public sealed partial class PseudoTerminal : IDisposable
{
    private const short PollIn = 0x001;
    private const int TcsaNow = 0;
    private int _master;
    private int _slave;

    public PseudoTerminal()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("pseudo-terminals are supported on Linux only");
        }

        if (openpty(out _master, out _slave, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero) != 0)
        {
            throw new IOException($"openpty failed (errno {Marshal.GetLastPInvokeError()})");
        }

        // Raw mode on both ends: no echo, no line discipline, 8-bit clean (SLIP bytes must pass untouched).
        MakeRaw(_slave);
        MakeRaw(_master);
        var name = new byte[256];
        if (ptsname_r(_master, name, name.Length) != 0)
        {
            Dispose();
            throw new IOException("ptsname_r failed");
        }

        SlavePath = Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0));
        Channel = new MasterChannel(this);
    }

    /// <summary>The terminal a host opens (e.g. /dev/pts/7).</summary>
    public string SlavePath { get; }

    /// <summary>The device side of the bridge: the master end.</summary>
    public IByteChannel Channel { get; }

    private static void MakeRaw(int fd)
    {
        var termios = new byte[256];
        if (tcgetattr(fd, termios) == 0)
        {
            cfmakeraw(termios);
            tcsetattr(fd, TcsaNow, termios);
        }
    }

    public void Dispose()
    {
        int master = Interlocked.Exchange(ref _master, -1);
        int slave = Interlocked.Exchange(ref _slave, -1);
        if (slave >= 0)
        {
            close(slave);
        }

        if (master >= 0)
        {
            close(master);
        }
    }

    private sealed class MasterChannel(PseudoTerminal pty) : IByteChannel
    {
        public unsafe int Read(byte[] buffer, int offset, int count)
        {
            int fd = pty._master;
            if (fd < 0)
            {
                return -1;
            }

            var poll = new PollFd { Fd = fd, Events = PollIn };
            int ready = Poll(ref poll, 1, 50);
            if (ready == 0)
            {
                return 0;
            }

            if (ready < 0 || (poll.Revents & PollIn) == 0)
            {
                return pty._master < 0 ? -1 : 0;
            }

            fixed (byte* p = &buffer[offset])
            {
                long n = read(fd, p, (nint)count);
                return n > 0 ? (int)n : (pty._master < 0 ? -1 : 0);
            }
        }

        public unsafe bool Write(byte[] buffer, int offset, int count)
        {
            int done = 0;
            while (done < count)
            {
                int fd = pty._master;
                if (fd < 0)
                {
                    return false;
                }

                fixed (byte* p = &buffer[offset + done])
                {
                    long n = write(fd, p, (nint)(count - done));
                    if (n <= 0)
                    {
                        return false;
                    }

                    done += (int)n;
                }
            }

            return true;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int openpty(out int master, out int slave, IntPtr name, IntPtr termp, IntPtr winp);

    [LibraryImport("libc")]
    private static partial int ptsname_r(int fd, [Out] byte[] buffer, nint length);

    [LibraryImport("libc")]
    private static partial int tcgetattr(int fd, [Out] byte[] termios);

    [LibraryImport("libc")]
    private static partial int tcsetattr(int fd, int actions, [In] byte[] termios);

    [LibraryImport("libc")]
    private static partial void cfmakeraw([In, Out] byte[] termios);

    [LibraryImport("libc", EntryPoint = "poll")]
    private static partial int Poll(ref PollFd fds, nuint count, int timeoutMs);

    [LibraryImport("libc")]
    private static unsafe partial long read(int fd, byte* buffer, nint count);

    [LibraryImport("libc")]
    private static unsafe partial long write(int fd, byte* buffer, nint count);

    [LibraryImport("libc")]
    private static partial int close(int fd);
}
