namespace VirtioMmio.App.Board
{
    /// <summary>A push-pull GPIO output (enable, voltage select, interrupt mirror, LED). Writing never blocks.</summary>
    public interface IDigitalOutput
    {
        void Write(bool high);
    }
}
