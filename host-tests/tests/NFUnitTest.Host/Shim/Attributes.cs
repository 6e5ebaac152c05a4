// Host (.NET) shim of the nanoFramework.TestFramework 3.x attributes. Same namespace and names as the package,
// so the on-device test sources in firmware/NFUnitTest compile unchanged on the host.
using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Marks a class whose public methods the launcher scans for tests.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
    public class TestClassAttribute : Attribute
    {
    }

    /// <summary>Marks a test method.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class TestMethodAttribute : Attribute
    {
    }

    /// <summary>Run before the class's tests (on the device: once per class; on the host: before each test).</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class SetupAttribute : Attribute
    {
    }

    /// <summary>Run after the class's tests (on the device: once per class; on the host: after each test).</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class CleanupAttribute : Attribute
    {
    }

    /// <summary>One parameter set of a data-driven test; each row is its own test.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public class DataRowAttribute : Attribute
    {
        public DataRowAttribute(params object[] methodParameters)
        {
            MethodParameters = methodParameters;
        }

        public object[] MethodParameters { get; }
    }
}
