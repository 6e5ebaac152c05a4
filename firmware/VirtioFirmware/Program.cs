using System;
using System.IO.Ports;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using nanoFramework.Runtime.Native;
using VirtioFirmware.Boards;
using VirtioMmio.App.Board;

namespace VirtioFirmware
{
    /// <summary>
    /// ESP32 entry point. Deliberately thin: everything except the nanoFramework API calls is in
    /// <see cref="BoardFirmware"/> (firmware/VirtioMmio/App/Board), which the host tests run against simulated pins.
    /// </summary>
    public static class Program
    {
        public const string FirmwareVersion = "virtio-firmware 1.0.0";

        /// <summary>The UART driver's receive buffer: several maximum-size SLIP frames.</summary>
        private const int UartReceiveBufferBytes = 4096;

        private const int WatchdogCheckPeriodMs = 1000;

        private static LoopWatchdog? s_watchdog;
        private static Timer? s_watchdogTimer;

        public static void Main()
        {
            try
            {
                Run();
            }
            catch (Exception)
            {
                // Any failure (bad board data, a UART error) ends in the clean restart below.
            }

            // Leaving the loop for any reason is a clean restart: the host sees a new boot id and starts over.
            Power.RebootDevice();
        }

        private static void Run()
        {
            // 1. The compiled-in board (generated from boards/<id>.json, chosen by /p:Board at build time).
            BoardDefinition board = CompiledBoard.Create();

            // 2. COM2 on the board's pins; COM1 carries the nanoFramework debugger/deployment.
            Configuration.SetPinFunction(board.UartTxPin, DeviceFunction.COM2_TX);
            Configuration.SetPinFunction(board.UartRxPin, DeviceFunction.COM2_RX);

            // 3. The bridge UART at the board's baud rate.
            SerialPort port = new SerialPort("COM2", board.BaudRate, Parity.None, 8, StopBits.One);
            port.Handshake = Handshake.None;
            port.ReadBufferSize = UartReceiveBufferBytes;
            port.Open();

            // 4. Outputs, devices, slots, memory window, bridge server: allocated once, here.
            long now = Environment.TickCount64;
            BoardFirmware firmware = new BoardFirmware(board, new Esp32BoardHardware(), NewBootId(now), FirmwareVersion, now);
            s_watchdog = firmware.Watchdog;
            s_watchdogTimer = new Timer(CheckWatchdog, null, WatchdogCheckPeriodMs, WatchdogCheckPeriodMs);

            // 5. The bridge loop: allocation-free from here on.
            SerialByteChannel channel = new SerialByteChannel(port);
            while (firmware.Service(channel, Environment.TickCount64))
            {
            }
        }

        /// <summary>Runs on the timer thread: a loop that stopped coming round gets the board restarted.</summary>
        private static void CheckWatchdog(object? state)
        {
            LoopWatchdog? watchdog = s_watchdog;
            if (watchdog != null && watchdog.IsExpired(Environment.TickCount64))
            {
                Power.RebootDevice();
            }
        }

        /// <summary>A new non-zero boot id on every start, so the host can tell a restart from a reply.</summary>
        private static uint NewBootId(long now)
        {
            Random random = new Random();
            uint id;
            do
            {
                id = ((uint)random.Next() << 1) ^ (uint)random.Next() ^ (uint)now;
            }
            while (id == 0);

            return id;
        }
    }
}
