using System.CommandLine;
using System.Net;
using Boards;
using BridgeHost.Emulation;
using VirtioMmio.App;
using VirtioMmio.App.Board;

namespace Emulator;

/// <summary>
/// virtio-emu: runs the firmware's device set (the same portable sources) with simulated hardware outputs and
/// serves the bridge over TCP or a pseudo-terminal, exactly as a board would over its UART.
/// stdout carries one line per endpoint ("listening on tcp://127.0.0.1:5555", "pty /dev/pts/7"); logs go to stderr.
/// </summary>
public sealed class EmulatorCommand(TextWriter output, TextWriter log)
{
    public const string DefaultListen = "127.0.0.1:5555";

    public const int UsageError = 2;

    public int Run(string[] args, CancellationToken stop)
    {
        var listen = new Option<string?>("--listen")
        {
            Description = $"Serve the bridge over TCP on HOST:PORT (default {DefaultListen} when --pty is not given; port 0 picks a free port). Loopback unless a host is given.",
            HelpName = "HOST:PORT",
        };
        var pty = new Option<bool>("--pty") { Description = "Serve the bridge on a new pseudo-terminal and print its path (Linux)." };
        var serial = new Option<string?>("--serial")
        {
            Description = "Serve the bridge on an existing serial device or pty (e.g. one end of a socat pair).",
            HelpName = "DEVICE",
        };
        var baud = new Option<int>("--baud") { Description = "Baud rate for --serial.", HelpName = "N", DefaultValueFactory = _ => 921600 };
        baud.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() <= 0)
            {
                r.AddError("--baud must be a positive number.");
            }
        });
        var board = new Option<string?>("--board")
        {
            Description = "Board definition: a name from boards/ (e.g. esp32-devkitc) or a path to a board .json file. Default: the built-in device set.",
            HelpName = "NAME|FILE",
        };
        var boardsDir = new Option<string?>("--boards") { Description = "Directory of board files (default: boards/ of the repository).", HelpName = "DIR" };
        var root = new RootCommand("virtio-emu: the virtio-mmio clock/regulator/test devices behind the bridge protocol, emulated on the host.")
        {
            listen, pty, serial, baud, board, boardsDir,
        };
        root.SetAction(parse => Serve(
            parse.GetValue(listen), parse.GetValue(pty), parse.GetValue(serial), parse.GetValue(baud),
            parse.GetValue(board), parse.GetValue(boardsDir), stop));
        var result = root.Parse(args);
        int code = result.Invoke(new InvocationConfiguration { Output = output, Error = log });

        // A command-line mistake is a usage error (2), like the errors Serve reports, not a run failure (1).
        return result.Errors.Count > 0 ? UsageError : code;
    }

    private int Serve(string? listen, bool pty, string? serial, int baud, string? boardName, string? boardsDir, CancellationToken stop)
    {
        Func<DeviceSet> devices;
        string boardId;
        try
        {
            (devices, boardId) = ResolveBoard(boardName, boardsDir);
            devices(); // build once now, so a bad board is reported before anything listens
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException)
        {
            log.WriteLine($"virtio-emu: {e.Message}");
            return UsageError;
        }

        if (listen is null && !pty && serial is null)
        {
            listen = DefaultListen;
        }

        IPEndPoint? endpoint = null;
        if (listen is not null && !TryParseEndpoint(listen, out endpoint))
        {
            log.WriteLine($"virtio-emu: --listen '{listen}': expected PORT or HOST:PORT with a port 0..65535");
            return UsageError;
        }

        var board = new EmulatedBoard(devices, boardId, "virtio-emu " + typeof(EmulatorCommand).Assembly.GetName().Version, log: Log);
        var resources = new List<IDisposable>();
        var threads = new List<Thread>();
        try
        {
            if (endpoint is not null)
            {
                var server = new TcpBridgeServer(board, endpoint, Log);
                resources.Add(server);
                output.WriteLine($"listening on {server.Uri}");
            }

            if (pty)
            {
                var terminal = new PseudoTerminal();
                resources.Add(terminal);
                threads.Add(StartServing(board, terminal.Channel, stop, "pty"));
                output.WriteLine($"pty {terminal.SlavePath}");
            }

            if (serial is not null)
            {
                var channel = new SerialByteChannel(serial, baud);
                resources.Add(channel);
                threads.Add(StartServing(board, channel, stop, "serial"));
                output.WriteLine($"serial {serial}");
            }
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            log.WriteLine($"virtio-emu: {e.Message}");
            Dispose(resources);
            return 1;
        }

        output.Flush();
        Log($"board {boardId}, boot id {board.Server.BootId:x8}, {board.Server.Devices.SlotCount} slots; Ctrl-C stops");
        stop.WaitHandle.WaitOne();
        Log("stopping");
        Dispose(resources);
        foreach (var t in threads)
        {
            t.Join(TimeSpan.FromSeconds(2));
        }

        Log("stopped");
        return 0;
    }

    private Thread StartServing(EmulatedBoard board, IByteChannel channel, CancellationToken stop, string name)
    {
        var thread = new Thread(() => board.Serve(channel, stop)) { IsBackground = true, Name = "serve-" + name };
        thread.Start();
        return thread;
    }

    private (Func<DeviceSet> Devices, string BoardId) ResolveBoard(string? name, string? boardsDir)
    {
        if (name is null)
        {
            return (StandardDeviceSet.CreateSimulated, "emulator");
        }

        BoardDefinition definition = BoardResolver.Resolve(name, boardsDir);
        return (() => StandardDeviceSet.CreateSimulated(definition), definition.Id);
    }

    internal static bool TryParseEndpoint(string text, out IPEndPoint endpoint)
    {
        endpoint = null!;
        string host = "127.0.0.1";
        string port = text;
        int colon = text.LastIndexOf(':');
        if (colon >= 0)
        {
            host = text[..colon].Trim('[', ']');
            port = text[(colon + 1)..];
        }

        if (!int.TryParse(port, out int p) || p is < 0 or > 65535)
        {
            return false;
        }

        IPAddress? address;
        if (host.Length == 0 || host == "localhost")
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(host, out address))
        {
            return false;
        }

        endpoint = new IPEndPoint(address, p);
        return true;
    }

    private void Log(string message)
    {
        lock (log)
        {
            log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {message}");
            log.Flush();
        }
    }

    private static void Dispose(List<IDisposable> resources)
    {
        foreach (var r in Enumerable.Reverse(resources))
        {
            r.Dispose();
        }
    }
}
