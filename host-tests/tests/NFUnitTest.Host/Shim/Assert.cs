using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace nanoFramework.TestFramework
{
    /// <summary>Host shim of the package's Assert class (names and parameter lists as in TestFramework 3.x).</summary>
    public sealed partial class Assert
    {
        private Assert()
        {
        }

        public static void IsTrue(bool condition, [CallerArgumentExpression(nameof(condition))] string message = "")
        {
            if (!condition)
            {
                Fail("Assert.IsTrue", message);
            }
        }

        public static void IsFalse(bool condition, [CallerArgumentExpression(nameof(condition))] string message = "")
        {
            if (condition)
            {
                Fail("Assert.IsFalse", message);
            }
        }

        public static void IsNull(object? value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            if (value is not null)
            {
                Fail("Assert.IsNull", message);
            }
        }

        public static void IsNotNull([NotNull] object? value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            if (value is null)
            {
                Fail("Assert.IsNotNull", message);
            }
        }

        public static void AreSame(object? expected, object? actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (!ReferenceEquals(expected, actual))
            {
                Fail("Assert.AreSame", message);
            }
        }

        public static void AreNotSame(object? notExpected, object? actual, string message = "")
        {
            if (ReferenceEquals(notExpected, actual))
            {
                Fail("Assert.AreNotSame", message);
            }
        }

        public static void IsInstanceOfType(object? value, Type expected, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            if (value is null || value.GetType() != expected)
            {
                Fail("Assert.IsInstanceOfType", "Expected type:<" + expected + ">. Actual type:<" + (value is null ? "(null)" : value.GetType().ToString()) + ">. " + message);
            }
        }

        /// <summary>Passes only if <paramref name="action"/> throws exactly <paramref name="exceptionType"/> (not a derived type).</summary>
        public static void ThrowsException(Type exceptionType, Action action, string message = "")
        {
            ArgumentNullException.ThrowIfNull(action);
            try
            {
                action.Invoke();
            }
            catch (Exception ex)
            {
                if (ex.GetType() == exceptionType)
                {
                    return;
                }

                Fail("Assert.ThrowsException", "Threw exception " + ex.GetType().Name + ", but exception " + exceptionType.Name + " was expected. " + message);
            }

            Fail("Assert.ThrowsException", "No exception thrown. " + exceptionType.Name + " exception was expected. " + message);
        }

        [DoesNotReturn]
        public static void SkipTest(string? message = null)
        {
            throw new SkipTestException(message ?? string.Empty);
        }

        public static void Contains(string expected, string other, string message = "")
        {
            if (other.IndexOf(expected, StringComparison.Ordinal) < 0)
            {
                Fail("Assert.Contains", other + " does not contain " + expected + ". " + message);
            }
        }

        public static void DoesNotContains(string expected, string other, string message = "")
        {
            if (other.IndexOf(expected, StringComparison.Ordinal) >= 0)
            {
                Fail("Assert.DoesNotContains", other + " should not contain " + expected + ". " + message);
            }
        }

        public static void StartsWith(string expected, string other, string message = "")
        {
            if (!other.StartsWith(expected, StringComparison.Ordinal))
            {
                Fail("Assert.StartsWith", other + " does not start with " + expected + ". " + message);
            }
        }

        public static void EndsWith(string expected, string other, string message = "")
        {
            if (!other.EndsWith(expected, StringComparison.Ordinal))
            {
                Fail("Assert.EndsWith", other + " does not end with " + expected + ". " + message);
            }
        }

        [DoesNotReturn]
        internal static void Fail(string assertion, string message)
        {
            throw new AssertFailedException(assertion + " failed. " + message);
        }

        private static string Show(object? value)
        {
            return value is null ? "(null)" : value.ToString() ?? "(object)";
        }
    }
}
