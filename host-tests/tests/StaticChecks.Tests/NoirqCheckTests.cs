using StaticChecks;
using StaticChecks.Noirq;

namespace StaticChecks.Tests
{
    /// <summary>
    /// Each noirq rule catches a planted violation, directly and transitively (through calls, interface dispatch and
    /// properties); constructors and [NoirqExempt] members are exempt; bounded loops pass.
    /// </summary>
    public sealed class NoirqCheckTests
    {
        private const string Attributes = @"
namespace VirtioMmio.Annotations
{
    [System.AttributeUsage(System.AttributeTargets.All)] public sealed class NoirqSafeAttribute : System.Attribute { }
    [System.AttributeUsage(System.AttributeTargets.All)] public sealed class NoirqExemptAttribute : System.Attribute { public NoirqExemptAttribute(string reason) { } }
}
";

        private static IReadOnlyList<Finding> Check(string source)
        {
            return NoirqCheck.Run(
                Snippets.Compile(new SourceFile("firmware/VirtioMmio/Planted.cs", source), new SourceFile("firmware/VirtioMmio/Annotations.cs", Attributes)),
                NoirqPolicy.Default);
        }

        /// <summary>A method on the register path (namespace VirtioMmio.Transport) with <paramref name="statement"/> as its body.</summary>
        private static IReadOnlyList<Finding> CheckStatement(string statement, string members = "")
        {
            return Check(@"namespace VirtioMmio.Transport
{
    public sealed class Registers
    {
        private readonly byte[] _bytes = new byte[8];
        private uint _value;
        private int _count;
        private object _gate = new object();
        public event System.Action? Changed;
        " + members + @"
        public uint Access(int offset, int[] items, string name)
        {
            " + statement + @"
            return _value;
        }
    }
}
");
        }

        private const int StatementLine = 13;

        [Theory]
        [InlineData("var copy = new byte[4];", "noirq-alloc", "allocation: new byte[]")]
        [InlineData("object o = new System.Text.StringBuilder();", "noirq-alloc", "allocation: new System.Text.StringBuilder")]
        [InlineData("object boxed = _value;", "noirq-alloc", "allocation: boxing uint to object")]
        [InlineData("name = name + offset;", "noirq-alloc", "allocation: string concatenation")]
        [InlineData("name += \"!\";", "noirq-alloc", "allocation: string concatenation")]
        [InlineData("name = $\"{offset}\";", "noirq-alloc", "allocation: string interpolation")]
        [InlineData("System.Action a = () => _count++;", "noirq-alloc", "allocation: delegate/closure")]
        [InlineData("Changed += Access0;", "noirq-alloc", "allocation: delegate/closure")]
        [InlineData("Sum(1, 2, 3);", "noirq-alloc", "allocation: params array")]
        [InlineData("if (offset < 0) { throw new System.ArgumentException(); }", "noirq-alloc", "allocation: new System.ArgumentException")]
        [InlineData("System.Threading.Thread.Sleep(1);", "noirq-block", "blocking call System.Threading.Thread.Sleep")]
        [InlineData("lock (_gate) { _count++; }", "noirq-block", "blocking: lock")]
        [InlineData("System.Threading.Monitor.Exit(_gate);", "noirq-block", "blocking call System.Threading.Monitor.Exit")]
        [InlineData("while (true) { _count++; }", "noirq-loop", "unbounded loop: while (true)")]
        [InlineData("for (;;) { _count++; }", "noirq-loop", "unbounded loop: for (; ; )")]
        [InlineData("int i = 0; while (i < 4) { if (offset > 0) { i++; } }", "noirq-loop", "unbounded loop: while (i < 4)")]
        [InlineData("for (int i = 0; i < 4; i++) { i--; }", "noirq-loop", "unbounded loop")]
        [InlineData("for (int i = 0; i < _count; i++) { _count++; }", "noirq-loop", "unbounded loop")]
        [InlineData("for (int i = 0; i != 4; i += 2) { }", "noirq-loop", "unbounded loop")]
        [InlineData("for (int i = 8; i < 16; i--) { }", "noirq-loop", "unbounded loop")]
        [InlineData("int n = 0; while (n < 4) { n++; if (offset == 1) { continue; } }", "noirq-loop", "unbounded loop")]
        [InlineData("for (uint u = 8; u >= 0; u--) { _count++; }", "noirq-loop", "unbounded loop")]
        [InlineData("for (byte b = 0; b <= 255; b++) { _count++; }", "noirq-loop", "unbounded loop")]
        [InlineData("if (offset < 0) { throw Failure; }", "noirq-throw", "throw: errors on the noirq path are return values")]
        [InlineData("System.Console.WriteLine(\"x\");", "noirq-call", "call to System.Console.WriteLine (not on the noirq-safe external list")]
        [InlineData("Changed?.Invoke();", "noirq-call", "call through delegate System.Action")]
        public void CatchesAPlantedViolation(string statement, string rule, string messageStart)
        {
            IReadOnlyList<Finding> findings = CheckStatement(statement, "private static int Sum(params int[] v) { return v[0]; } private void Access0() { } private static readonly System.Exception Failure = new System.Exception();");
            Assert.True(
                findings.Any(f => f.Rule == rule && f.Line == StatementLine && f.Message.StartsWith(messageStart, StringComparison.Ordinal)),
                "expected [" + rule + "] " + messageStart + " at line " + StatementLine + ", got:\n" + Snippets.Describe(findings));
        }

        [Theory]
        [InlineData("for (int i = 0; i < _bytes.Length; i++) { _bytes[i] = 0; }")]
        [InlineData("for (int i = 0; i < items.Length && _count > 0; i++) { _count--; }")]
        [InlineData("for (int i = 7; i >= 0; i -= 1) { _value |= _bytes[i]; }")]
        [InlineData("for (byte b = 0; b <= 254; b++) { _count++; }")]
        [InlineData("int left = 4; while (left > 0) { _count++; left--; }")]
        [InlineData("int k = 0; do { _count += k; k++; } while (k < offset);")]
        [InlineData("foreach (int item in items) { _count += item; }")]
        [InlineData("System.Array.Copy(_bytes, 0, _bytes, 4, 4); _value = (uint)System.Math.Min(offset, 3);")]
        [InlineData("_value = (uint)(_bytes.Length + name.Length);")]
        [InlineData("try { _count++; } finally { _count--; }")]
        [InlineData("try { System.Array.Clear(_bytes, 0, 4); } catch (System.Exception) { _count--; }")]
        public void AcceptsBoundedAllocationFreeCode(string statement)
        {
            IReadOnlyList<Finding> findings = CheckStatement(statement);
            Assert.True(findings.Count == 0, Snippets.Describe(findings));
        }

        [Fact]
        public void FollowsCallsTransitivelyOutOfTheNoirqNamespaces()
        {
            IReadOnlyList<Finding> findings = Check(@"
namespace VirtioMmio.Helpers
{
    public static class Formatter
    {
        public static int Describe(int v) { return Inner(v); }
        private static int Inner(int v) { string s = ""v="" + v; return s.Length; }
        public static int NeverCalled(int v) { return new int[v].Length; }
    }
}
namespace VirtioMmio.Queue
{
    public sealed class Ring
    {
        public int Walk(int v) { return VirtioMmio.Helpers.Formatter.Describe(v); }
    }
}
");
            Finding finding = Assert.Single(findings);
            Assert.Equal(
                "firmware/VirtioMmio/Planted.cs:7:54: [noirq-alloc] allocation: string concatenation in Formatter.Inner (reached from Ring.Walk -> Formatter.Describe)",
                finding.ToString());
        }

        [Fact]
        public void FollowsInterfaceAndVirtualDispatchToEveryFirmwareImplementation()
        {
            IReadOnlyList<Finding> findings = Check(@"
namespace VirtioMmio.Transport
{
    public interface IPersonality { void Handle(); }
    public abstract class Base { public abstract void Tick(); }
    public sealed class Transport
    {
        private readonly IPersonality _device;
        private readonly Base _base;
        public Transport(IPersonality device, Base b) { _device = device; _base = b; }
        public void Notify() { _device.Handle(); _base.Tick(); }
    }
}
namespace VirtioMmio.Elsewhere
{
    public sealed class Clock : VirtioMmio.Transport.IPersonality { public void Handle() { System.Threading.Thread.Sleep(5); } }
    public sealed class Quiet : VirtioMmio.Transport.IPersonality { public void Handle() { } }
    public sealed class Ticker : VirtioMmio.Transport.Base { public override void Tick() { object o = 1; } }
}
");
            Assert.Contains(findings, f => f.Rule == "noirq-block" && f.Line == 16 && f.Message.EndsWith("in Clock.Handle (reached from Transport.Notify -> IPersonality.Handle)", StringComparison.Ordinal));
            Assert.Contains(findings, f => f.Rule == "noirq-alloc" && f.Line == 18 && f.Message.Contains("in Ticker.Tick", StringComparison.Ordinal));
            Assert.Equal(2, findings.Count);
        }

        [Fact]
        public void PropertyAccessorsAreOnThePath()
        {
            IReadOnlyList<Finding> findings = Check(@"
namespace VirtioMmio.Memory
{
    public sealed class Window
    {
        private string _label = string.Empty;
        public string Label { get { return _label + ""!""; } }
        public int Size => new byte[2].Length;
    }
}
");
            Assert.Contains(findings, f => f.Rule == "noirq-alloc" && f.Line == 7 && f.Message.Contains("Window.Label.get", StringComparison.Ordinal));
            Assert.Contains(findings, f => f.Rule == "noirq-alloc" && f.Line == 8 && f.Message.Contains("Window.Size.get", StringComparison.Ordinal));
        }

        [Fact]
        public void ConstructorsAndExemptMembersMayAllocateButNoirqCodeMayNotCallExemptOnes()
        {
            IReadOnlyList<Finding> findings = Check(@"
using VirtioMmio.Annotations;
namespace VirtioMmio.Bridge
{
    public sealed class Loop
    {
        private readonly byte[] _frame = new byte[64];
        private static readonly object Shared = new object();
        public Loop() { var scratch = new byte[8]; }
        static Loop() { }
        [NoirqExempt(""start-up"")]
        public void Start() { while (true) { System.Threading.Thread.Sleep(10); } }
        public void Step() { Start(); }
    }
}
");
            Finding finding = Assert.Single(findings);
            Assert.Equal("noirq-call", finding.Rule);
            Assert.Equal(13, finding.Line);
            Assert.StartsWith("calls [NoirqExempt] Loop.Start in Loop.Step", finding.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void PrivateHelpersAreCheckedOnlyWhenANoirqMethodReachesThem()
        {
            IReadOnlyList<Finding> findings = Check(@"
namespace VirtioMmio.Devices
{
    public sealed class Device
    {
        private readonly byte[] _keys;
        public Device() { _keys = BuildKeys(); }
        private static byte[] BuildKeys() { return new byte[4]; }
        private int Scratch() { return new byte[2].Length; }
        public int Handle() { return Scratch(); }
    }
}
");
            Finding finding = Assert.Single(findings);
            Assert.Equal(9, finding.Line);
            Assert.EndsWith("in Device.Scratch (reached from Device.Handle)", finding.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void NoirqSafeOptsCodeOutsideTheNamespacesIn()
        {
            const string Source = @"
using VirtioMmio.Annotations;
namespace VirtioMmio.App
{
    public sealed class Pump
    {
        [NoirqSafe]
        public int Poll() { return new byte[1].Length; }
        public int Unmarked() { return new byte[1].Length; }
    }
    [NoirqSafe]
    public sealed class Port { public int Read() { return new byte[1].Length; } }
}
";
            IReadOnlyList<Finding> findings = Check(Source);
            Assert.Equal(new[] { 8, 12 }, findings.Select(f => f.Line).ToArray());
        }

        [Fact]
        public void RootsAreTheNoirqNamespacesMinusConstructors()
        {
            FirmwareCompilation firmware = Snippets.Compile(@"
namespace VirtioMmio.Devices.Clock { public sealed class ClockDevice { public ClockDevice() { } public void Handle() { } private void Helper() { } } }
namespace VirtioMmio.DevicesExtra { public sealed class NotIt { public void Handle() { } } }
namespace VirtioMmio.App { public sealed class Program { public static void Main() { } } }
");
            Assert.Equal(new[] { "ClockDevice.Handle" }, NoirqCheck.RootNames(firmware, NoirqPolicy.Default));
        }
    }
}
