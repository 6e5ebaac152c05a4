using LinuxVirtio.Tracing;
using LinuxVirtio.Uapi;
using RestoreSuite;
using static LinuxVirtio.Uapi.VirtioMmioRegisters;

namespace LinuxVirtio.Tests;

/// <summary>
/// For the paths Linux has today the model's register order equals the real kernel's (Debian 6.1 on QEMU,
/// virtio-rng; Fixtures/linux-traces): same accesses, same order, same Status/selector values. Device-specific
/// values (features, QueueNumMax, ring addresses) and the interrupt handler's accesses and kicks (whose timing
/// is the device's) are not compared.
/// </summary>
public class RealLinuxOrderTests
{
    // Registers whose values are protocol, not device, facts.
    private static readonly HashSet<int> ComparedValues = new()
    {
        MagicValue, VirtioMmioRegisters.Version, Status, QueueSel, QueueReady, GuestPageSize, QueueAlign, DeviceFeaturesSel, DriverFeaturesSel,
    };

    [Theory]
    [InlineData("rng-modern.decoded.txt", "L1-today-suspend-resume")]
    [InlineData("rng-legacy.decoded.txt", "L3-today-legacy-suspend-resume")]
    public void Probe_order_equals_real_linux(string file, string scenario)
    {
        var real = RealLinuxTrace.Section(file, "transport-probe begin", "(after driver-probe)");
        var model = ModelPhase(scenario, "probe:");
        AssertSameOrder(real, model, $"{file} probe");
    }

    [Theory]
    [InlineData("rng-modern.decoded.txt", "L1-today-suspend-resume", "SUSPEND callback", "suspend:")]
    [InlineData("rng-modern.decoded.txt", "L1-today-suspend-resume", "RESUME callback", "resume:")]
    [InlineData("rng-modern.decoded.txt", "L2-today-hibernation-freeze-thaw", "HIBERNATE FREEZE callback", "freeze:")]
    [InlineData("rng-modern.decoded.txt", "L2-today-hibernation-freeze-thaw", "HIBERNATE RESTORE callback", "thaw:")]
    [InlineData("rng-legacy.decoded.txt", "L3-today-legacy-suspend-resume", "SUSPEND callback", "suspend:")]
    [InlineData("rng-legacy.decoded.txt", "L3-today-legacy-suspend-resume", "RESUME callback", "resume:")]
    public void Suspend_resume_order_equals_real_linux(string file, string scenario, string realSection, string modelPhase)
    {
        var real = RealLinuxTrace.Section(file, realSection);
        var model = ModelPhase(scenario, modelPhase);
        AssertSameOrder(real, model, $"{file} {realSection}");
    }

    [Fact]
    public void The_comparison_fails_on_a_different_order()
    {
        // Guard against a comparison that cannot fail: the resume path is not the suspend path.
        var real = RealLinuxTrace.Section("rng-modern.decoded.txt", "SUSPEND callback");
        var model = ModelPhase("L1-today-suspend-resume", "resume:");
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertSameOrder(real, model, "mismatch"));
    }

    private static List<TraceEntry> ModelPhase(string scenario, string phase)
    {
        using var target = new InProcessTarget();
        var outcome = Scenarios.Find(scenario)!.Run(new ScenarioContext(target, new KernelOptions()));
        Assert.True(outcome.Passed, outcome.Failure);
        return outcome.Trace.Where(e => e.Phase.StartsWith(phase, StringComparison.Ordinal) && Comparable(e.Kind, e.Offset, e.Context)).ToList();
    }

    private static bool Comparable(TraceKind kind, int offset, ExecContext context) =>
        kind is TraceKind.Read or TraceKind.Write && context != ExecContext.Irq && offset is not (InterruptStatus or InterruptAck or QueueNotify);

    private static void AssertSameOrder(List<RealAccess> realAll, List<TraceEntry> model, string what)
    {
        var real = realAll.Where(a => Comparable(a.Kind, a.Offset, ExecContext.Process)).ToList();
        Assert.NotEmpty(real);
        for (int i = 0; i < Math.Max(real.Count, model.Count); i++)
        {
            Assert.True(i < real.Count, $"{what}: model has extra access #{model[Math.Min(i, model.Count - 1)].Seq} {Name(model[i].Kind, model[i].Offset)}");
            Assert.True(i < model.Count, $"{what}: model ends before real access {real[i].Number} {Name(real[i].Kind, real[i].Offset)}");
            var r = real[i];
            var m = model[i];
            Assert.True(r.Kind == m.Kind && r.Offset == m.Offset,
                $"{what}: real access {r.Number} is {Name(r.Kind, r.Offset)}, model #{m.Seq} is {Name(m.Kind, m.Offset)}");
            if (ComparedValues.Contains(r.Offset))
            {
                Assert.True(r.Value == m.Value, $"{what}: real access {r.Number} {Name(r.Kind, r.Offset)} = 0x{r.Value:x8}, model #{m.Seq} = 0x{m.Value:x8}");
            }
        }
    }

    private static string Name(TraceKind kind, int offset) => $"{(kind == TraceKind.Read ? "R" : "W")} {VirtioMmioRegisters.Name(offset)}";
}
