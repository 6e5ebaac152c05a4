using VirtioMmio.Transport;

namespace NFUnitTest.Support
{
    /// <summary>Records every level the transport drives onto its interrupt line.</summary>
    public sealed class RecordingInterruptLine : IInterruptLine
    {
        private readonly bool[] _levels = new bool[16];

        public int Changes { get; private set; }

        public bool Level { get; private set; }

        public bool LevelAt(int change)
        {
            return _levels[change];
        }

        public void SetLevel(bool asserted)
        {
            if (Changes < _levels.Length)
            {
                _levels[Changes] = asserted;
            }

            Changes++;
            Level = asserted;
        }
    }
}
