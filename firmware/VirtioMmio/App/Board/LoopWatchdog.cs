using VirtioMmio.Annotations;

namespace VirtioMmio.App.Board
{
    /// <summary>
    /// Software watchdog of the bridge loop: the loop kicks it every iteration; a timer on another thread asks
    /// <see cref="IsExpired"/> and restarts the board (new boot id) when the loop has not come round for
    /// <see cref="TimeoutMs"/>. Times are milliseconds of a monotonic tick (wrap-safe 32-bit arithmetic), so
    /// kick and check never allocate or lock.
    /// </summary>
    public sealed class LoopWatchdog
    {
        private volatile int _lastKick;

        public LoopWatchdog(int timeoutMs, long nowMs)
        {
            if (timeoutMs <= 0)
            {
                throw new System.ArgumentOutOfRangeException();
            }

            TimeoutMs = timeoutMs;
            _lastKick = (int)nowMs;
        }

        public int TimeoutMs { get; }

        [NoirqSafe]
        public void Kick(long nowMs)
        {
            _lastKick = (int)nowMs;
        }

        [NoirqSafe]
        public bool IsExpired(long nowMs)
        {
            int silent = unchecked((int)nowMs - _lastKick);
            return silent > TimeoutMs;
        }
    }
}
