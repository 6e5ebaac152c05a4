using LinuxVirtio.Kernel;
using LinuxVirtio.Tracing;
using KernelModel = LinuxVirtio.Kernel.Kernel;

namespace LinuxVirtio.Tests.Model;

public class KernelContextTests
{
    private static KernelModel NewKernel() => new(new KernelConfig { CompletionTimeout = TimeSpan.FromMilliseconds(50) }, new TraceRecorder());

    [Theory]
    [InlineData(ExecContext.Noirq)]
    [InlineData(ExecContext.Irq)]
    public void Might_sleep_outside_process_context_is_a_protocol_violation(ExecContext context)
    {
        var k = NewKernel();
        var e = Assert.Throws<ProtocolViolationException>(() => k.InContext(context, () => k.might_sleep("virtio_add_status")));
        Assert.Contains("sleeping function called from invalid context: virtio_add_status", e.Message);
        k.might_sleep("fine in process context");
    }

    [Fact]
    public void Wait_for_completion_in_noirq_is_a_protocol_violation()
    {
        var k = NewKernel();
        var done = new Completion();
        done.complete();
        Assert.Throws<ProtocolViolationException>(() => k.InContext(ExecContext.Noirq, () => k.wait_for_completion(done, "req")));
    }

    [Fact]
    public void Wait_for_completion_without_an_interrupt_is_reported_as_a_hang()
    {
        var k = NewKernel();
        var e = Assert.Throws<DeviceHangException>(() => k.wait_for_completion(new Completion(), "req"));
        Assert.Contains("no completion", e.Message);
    }

    [Fact]
    public void Device_interrupts_are_latched_in_the_noirq_phase_and_handled_when_it_ends()
    {
        var k = NewKernel();
        var bus = new FakeBus();
        var handled = new List<ExecContext>();
        k.request_irq("virtio0", bus, () =>
        {
            handled.Add(k.Context);
            bus.InterruptLine = false;
            return IrqReturn.Handled;
        });
        k.suspend_device_irqs();
        bus.InterruptLine = true;
        Assert.False(k.HandlePendingInterrupts());
        Assert.Empty(handled);
        k.resume_device_irqs();
        Assert.Equal(new[] { ExecContext.Irq }, handled);
    }

    [Fact]
    public void A_line_stuck_high_with_nobody_handling_it_is_disabled_and_logged()
    {
        var k = NewKernel();
        var bus = new FakeBus { InterruptLine = true };
        k.request_irq("virtio0", bus, () => IrqReturn.None);
        k.HandlePendingInterrupts();
        Assert.Contains(k.Log.Problems, e => e.Message.Contains("nobody cared"));
    }

    [Fact]
    public void Wait_for_completion_takes_the_interrupt_that_completes_it()
    {
        var k = NewKernel();
        var bus = new FakeBus();
        var done = new Completion();
        k.request_irq("virtio0", bus, () =>
        {
            bus.InterruptLine = false;
            done.complete();
            return IrqReturn.Handled;
        });
        bus.InterruptLine = true;
        k.wait_for_completion(done, "req");
        Assert.False(done.Done); // consumed
    }
}
