using VirtioMmio.Hardware;

namespace VirtioMmio.Tests.Devices;

public sealed class TransitionJournalTests
{
    [Fact]
    public void Entries_keep_order_and_sequence_numbers()
    {
        var journal = new TransitionJournal(4);
        journal.Record(TransitionKind.ClockRate, 2, 19_200_000, 0);
        journal.Record(TransitionKind.RegulatorVoltage, 1, 1_800_000, 50);

        Assert.Equal(2u, journal.Count);
        Assert.Equal(2, journal.Retained);
        Assert.Equal((0u, TransitionKind.ClockRate, 2, 19_200_000u, 0u), (journal.SequenceAt(0), journal.KindAt(0), journal.OutputAt(0), journal.ValueAt(0), journal.SettleMicrosecondsAt(0)));
        Assert.Equal((1u, TransitionKind.RegulatorVoltage, 1, 1_800_000u, 50u), (journal.SequenceAt(1), journal.KindAt(1), journal.OutputAt(1), journal.ValueAt(1), journal.SettleMicrosecondsAt(1)));
        Assert.Equal("regulator-voltage", TransitionKind.Name(journal.KindAt(1)));
    }

    [Fact]
    public void A_full_journal_overwrites_the_oldest_and_keeps_counting()
    {
        var journal = new TransitionJournal(3);
        for (uint i = 0; i < 7; i++)
        {
            journal.Record(TransitionKind.ClockEnable, (int)i, i, 0);
        }

        Assert.Equal(7u, journal.Count);
        Assert.Equal(3, journal.Retained);
        Assert.Equal([4u, 5u, 6u], Enumerable.Range(0, 3).Select(journal.SequenceAt).ToArray());
        Assert.Equal([4, 5, 6], Enumerable.Range(0, 3).Select(journal.OutputAt).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => journal.KindAt(3));
    }

    [Fact]
    public void Outputs_sharing_a_journal_share_one_sequence()
    {
        var journal = new TransitionJournal(8);
        var clocks = new SimulatedClockHardware(1, 1, journal);
        var regulators = new SimulatedRegulatorHardware(1, journal);
        Assert.True(clocks.SetEnabled(0, true));
        Assert.True(regulators.SetEnabled(0, true, 30));
        Assert.True(clocks.SetAsserted(0, true));
        Assert.False(clocks.SetRate(1, 10)); // no such output: refused, not recorded
        Assert.Equal([TransitionKind.ClockEnable, TransitionKind.RegulatorEnable, TransitionKind.ResetAssert],
            Enumerable.Range(0, journal.Retained).Select(journal.KindAt).ToArray());
        Assert.Equal(30u, journal.SettleMicrosecondsAt(1));
    }
}
