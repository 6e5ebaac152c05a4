using System.Collections;

namespace nanoFramework.TestFramework
{
    /// <summary>Host shim of the package's CollectionAssert (element-wise <see cref="object.Equals(object, object)"/>).</summary>
    public sealed class CollectionAssert
    {
        private CollectionAssert()
        {
        }

        public static void Empty(ICollection collection, string message = "")
        {
            if (collection.Count != 0)
            {
                Assert.Fail("CollectionAssert.Empty", message);
            }
        }

        public static void NotEmpty(ICollection collection, string message = "")
        {
            if (collection.Count == 0)
            {
                Assert.Fail("CollectionAssert.NotEmpty", message);
            }
        }

        public static void AreEqual(ICollection? expected, ICollection? actual, string message = "")
        {
            string? reason = Difference(expected, actual);
            if (reason != null)
            {
                Assert.Fail("CollectionAssert.AreEqual", message + "(" + reason + ")");
            }
        }

        public static void AreNotEqual(ICollection? notExpected, ICollection? actual, string message = "")
        {
            if (Difference(notExpected, actual) == null)
            {
                Assert.Fail("CollectionAssert.AreNotEqual", message + "(Both collection contain same elements.)");
            }
        }

        // Null when equal, else why not.
        private static string? Difference(ICollection? expected, ICollection? actual)
        {
            if (ReferenceEquals(expected, actual))
            {
                return null;
            }

            if (expected == null || actual == null)
            {
                return "One collection is null.";
            }

            if (expected.Count != actual.Count)
            {
                return "Different number of elements.";
            }

            IEnumerator e1 = expected.GetEnumerator();
            IEnumerator e2 = actual.GetEnumerator();
            int index = 0;
            while (e1.MoveNext() && e2.MoveNext())
            {
                if (!Equals(e1.Current, e2.Current))
                {
                    return "Element at index " + index + " do not match. Expected:<" + e1.Current + ">. Actual:<" + e2.Current + ">.";
                }

                index++;
            }

            return null;
        }
    }
}
