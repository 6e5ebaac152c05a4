// Declarations only (bodies throw): the nanoFramework.TestFramework 3.0.80 surface the on-device tests compile against.
// Used by the static checks to bind firmware/NFUnitTest; never executed.
namespace nanoFramework.TestFramework
{
    [System.AttributeUsage(System.AttributeTargets.Class)]
    public class TestClassAttribute : System.Attribute { }

    [System.AttributeUsage(System.AttributeTargets.Method)]
    public class TestMethodAttribute : System.Attribute { }

    [System.AttributeUsage(System.AttributeTargets.Method)]
    public class SetupAttribute : System.Attribute { }

    [System.AttributeUsage(System.AttributeTargets.Method)]
    public class CleanupAttribute : System.Attribute { }

    [System.AttributeUsage(System.AttributeTargets.Method, AllowMultiple = true)]
    public class DataRowAttribute : System.Attribute
    {
        public DataRowAttribute(params object[] methodParameters) { }
    }

    public sealed class Assert
    {
        private Assert() { }
        public static void IsTrue(bool condition, string message = "") { }
        public static void IsFalse(bool condition, string message = "") { }
        public static void IsNull(object? value, string message = "") { }
        public static void IsNotNull(object? value, string message = "") { }
        public static void AreSame(object? expected, object? actual, string message = "") { }
        public static void AreNotSame(object? notExpected, object? actual, string message = "") { }
        public static void IsInstanceOfType(object? value, System.Type expected, string message = "") { }
        public static void ThrowsException(System.Type exceptionType, System.Action action, string message = "") { }
        public static void SkipTest(string? message = null) { }
        public static void Contains(string expected, string other, string message = "") { }
        public static void StartsWith(string expected, string other, string message = "") { }
        public static void EndsWith(string expected, string other, string message = "") { }
        public static void AreEqual(bool expected, bool actual, string message = "") { }
        public static void AreEqual(byte expected, byte actual, string message = "") { }
        public static void AreEqual(char expected, char actual, string message = "") { }
        public static void AreEqual(System.DateTime expected, System.DateTime actual, string message = "") { }
        public static void AreEqual(double expected, double actual, string message = "") { }
        public static void AreEqual(float expected, float actual, string message = "") { }
        public static void AreEqual(int expected, int actual, string message = "") { }
        public static void AreEqual(long expected, long actual, string message = "") { }
        public static void AreEqual(object? expected, object? actual, string message = "") { }
        public static void AreEqual(sbyte expected, sbyte actual, string message = "") { }
        public static void AreEqual(short expected, short actual, string message = "") { }
        public static void AreEqual(string? expected, string? actual, string message = "") { }
        public static void AreEqual(uint expected, uint actual, string message = "") { }
        public static void AreEqual(ulong expected, ulong actual, string message = "") { }
        public static void AreEqual(ushort expected, ushort actual, string message = "") { }
        public static void AreNotEqual(bool notExpected, bool actual, string message = "") { }
        public static void AreNotEqual(byte notExpected, byte actual, string message = "") { }
        public static void AreNotEqual(char notExpected, char actual, string message = "") { }
        public static void AreNotEqual(System.DateTime notExpected, System.DateTime actual, string message = "") { }
        public static void AreNotEqual(double notExpected, double actual, string message = "") { }
        public static void AreNotEqual(float notExpected, float actual, string message = "") { }
        public static void AreNotEqual(int notExpected, int actual, string message = "") { }
        public static void AreNotEqual(long notExpected, long actual, string message = "") { }
        public static void AreNotEqual(object? notExpected, object? actual, string message = "") { }
        public static void AreNotEqual(sbyte notExpected, sbyte actual, string message = "") { }
        public static void AreNotEqual(short notExpected, short actual, string message = "") { }
        public static void AreNotEqual(string? notExpected, string? actual, string message = "") { }
        public static void AreNotEqual(uint notExpected, uint actual, string message = "") { }
        public static void AreNotEqual(ulong notExpected, ulong actual, string message = "") { }
        public static void AreNotEqual(ushort notExpected, ushort actual, string message = "") { }
    }

    public sealed class CollectionAssert
    {
        private CollectionAssert() { }
        public static void Empty(System.Collections.ICollection collection, string message = "") { }
        public static void NotEmpty(System.Collections.ICollection collection, string message = "") { }
        public static void AreEqual(System.Collections.ICollection? expected, System.Collections.ICollection? actual, string message = "") { }
        public static void AreNotEqual(System.Collections.ICollection? notExpected, System.Collections.ICollection? actual, string message = "") { }
    }

    public static class OutputHelper
    {
        public static void Write(string message) { }
        public static void WriteLine(string message) { }
    }
}
