using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace NFUnitTest.Host.Adapter
{
    /// <summary>One on-device test as the nanoFramework launcher would run it: a [TestMethod], or one [DataRow] of a method.</summary>
    public sealed class DeviceTestCase
    {
        public DeviceTestCase(Type testClass, MethodInfo method, object[]? arguments, int rowIndex)
        {
            TestClass = testClass;
            Method = method;
            Arguments = arguments;
            RowIndex = rowIndex;
        }

        public Type TestClass { get; }

        public MethodInfo Method { get; }

        /// <summary>DataRow arguments, or null for a plain [TestMethod].</summary>
        public object[]? Arguments { get; }

        /// <summary>Index of the DataRow on the method (0-based), or -1 for a plain [TestMethod].</summary>
        public int RowIndex { get; }

        /// <summary>Stable, unique name: <c>Namespace.Class.Method</c>, plus <c>[row N]</c> for data rows.</summary>
        public string Name
        {
            get
            {
                string name = TestClass.FullName + "." + Method.Name;
                return RowIndex < 0 ? name : name + "[row " + RowIndex + "]";
            }
        }

        public override string ToString() => Name;
    }
}
