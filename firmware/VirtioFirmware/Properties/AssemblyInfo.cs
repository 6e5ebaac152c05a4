using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("VirtioFirmware")]
[assembly: AssemblyDescription("ESP32 firmware: virtio-clock and virtio-regulator behind a virtio-mmio bridge on COM2.")]
[assembly: AssemblyProduct("VirtioFirmware")]
[assembly: AssemblyCopyright("Copyright (c) 2026")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
