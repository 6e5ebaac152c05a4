namespace nanoFramework.TestFramework
{
    /// <summary>Test trace output; on the host the runner captures it into the test's result.</summary>
    public static class OutputHelper
    {
        [System.ThreadStatic]
        private static System.Text.StringBuilder? t_capture;

        internal static System.Text.StringBuilder? Capture
        {
            get => t_capture;
            set => t_capture = value;
        }

        public static void Write(string message)
        {
            if (t_capture != null)
            {
                t_capture.Append(message);
            }
            else
            {
                System.Console.Write(message);
            }
        }

        public static void WriteLine(string message)
        {
            Write(message + "\n");
        }
    }
}
