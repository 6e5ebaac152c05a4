using System.Runtime.InteropServices;
using Emulator;

// virtio-emu: the emulated board. Ctrl-C or SIGTERM stops it cleanly (exit code 0).
using var stop = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
return new EmulatorCommand(Console.Out, Console.Error).Run(args, stop.Token);

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
