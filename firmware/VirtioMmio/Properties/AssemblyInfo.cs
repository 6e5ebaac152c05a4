using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

// nanoFramework build only: the legacy project system does not generate assembly attributes.
// (VirtioMmio.Host.csproj excludes Properties/ and sets its own.)
[assembly: AssemblyTitle("VirtioMmio")]
[assembly: AssemblyDescription("Portable virtio-mmio device model: transport, split queues, virtio-clock and virtio-regulator, bridge server.")]
[assembly: AssemblyProduct("VirtioMmio")]
[assembly: AssemblyCopyright("Copyright (c) 2026")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]

// The on-device unit tests (firmware/NFUnitTest, AssemblyName NFUnitTest) see internals, as VirtioMmio.Tests does on the host.
[assembly: InternalsVisibleTo("NFUnitTest")]
