using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using nanoFramework.TestFramework;

namespace NFUnitTest.Host.Adapter
{
    /// <summary>
    /// Finds the on-device tests in an assembly exactly the way nanoFramework's UnitTestLauncher does: every class
    /// carrying [TestClass], every public method carrying [TestMethod] (one case) or [DataRow] (one case per row).
    /// It also enforces the rules the device imposes but .NET would not notice (see <see cref="Problems"/>).
    /// </summary>
    public static class DeviceTestDiscovery
    {
        /// <summary>Number of methods carrying [TestMethod] (with or without rows).</summary>
        public static int CountTestMethods(Assembly assembly, string? excludedNamespacePrefix = null)
        {
            return TestClasses(assembly, excludedNamespacePrefix)
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
                .Count(m => m.GetCustomAttribute<TestMethodAttribute>() != null);
        }

        /// <summary>The test cases of <paramref name="assembly"/>, ordered by name; types in <paramref name="excludedNamespacePrefix"/> are skipped.</summary>
        public static IReadOnlyList<DeviceTestCase> Discover(Assembly assembly, string? excludedNamespacePrefix = null)
        {
            var cases = new List<DeviceTestCase>();
            foreach (Type type in TestClasses(assembly, excludedNamespacePrefix))
            {
                foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
                {
                    DataRowAttribute[] rows = method.GetCustomAttributes<DataRowAttribute>().ToArray();
                    if (rows.Length == 0 && method.GetCustomAttribute<TestMethodAttribute>() != null)
                    {
                        cases.Add(new DeviceTestCase(type, method, null, -1));
                    }

                    // A data-driven method runs once per row (its [TestMethod], if present, only marks it).
                    for (int row = 0; row < rows.Length; row++)
                    {
                        cases.Add(new DeviceTestCase(type, method, rows[row].MethodParameters, row));
                    }
                }
            }

            cases.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return cases;
        }

        /// <summary>
        /// Violations of what the nanoFramework launcher requires; each would make the test behave differently on the
        /// device than on the host, so the host run fails on any of them:
        /// <list type="bullet">
        /// <item>The launcher calls every test method with a null target (<c>method.Invoke(null, …)</c>): a test class must not
        /// have instance fields (instance state would be a NullReferenceException on the device).</item>
        /// <item>Test, setup and cleanup methods must be public, return void, and take exactly the parameters their rows supply.</item>
        /// <item>Test classes must not be generic or nested inside another class (the launcher only scans top-level types).</item>
        /// </list>
        /// </summary>
        public static IReadOnlyList<string> Problems(Assembly assembly, string? excludedNamespacePrefix = null)
        {
            var problems = new List<string>();
            foreach (Type type in TestClasses(assembly, excludedNamespacePrefix))
            {
                foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                {
                    problems.Add(type.FullName + ": instance field '" + field.Name + "' (the launcher runs tests with a null 'this'; use locals or static state)");
                }

                if (type.IsGenericTypeDefinition || type.IsNested)
                {
                    problems.Add(type.FullName + ": test classes must be top-level, non-generic classes");
                }

                foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
                {
                    bool isTest = method.GetCustomAttribute<TestMethodAttribute>() != null;
                    bool isFixture = method.GetCustomAttribute<SetupAttribute>() != null || method.GetCustomAttribute<CleanupAttribute>() != null;
                    DataRowAttribute[] rows = method.GetCustomAttributes<DataRowAttribute>().ToArray();
                    if (!isTest && !isFixture && rows.Length == 0)
                    {
                        continue;
                    }

                    string where = type.FullName + "." + method.Name;
                    if (!method.IsPublic)
                    {
                        problems.Add(where + ": must be public (the launcher only sees public methods)");
                    }

                    if (method.ReturnType != typeof(void))
                    {
                        problems.Add(where + ": must return void");
                    }

                    int parameters = method.GetParameters().Length;
                    if ((isFixture || (isTest && rows.Length == 0)) && parameters != 0)
                    {
                        problems.Add(where + ": [Setup]/[Cleanup] and [TestMethod] without [DataRow] take no parameters");
                    }

                    foreach (DataRowAttribute row in rows)
                    {
                        if (row.MethodParameters.Length != parameters)
                        {
                            problems.Add(where + ": a [DataRow] supplies " + row.MethodParameters.Length + " values for " + parameters + " parameters");
                        }
                    }
                }
            }

            return problems;
        }

        private static IEnumerable<Type> TestClasses(Assembly assembly, string? excludedNamespacePrefix)
        {
            return assembly.GetTypes()
                .Where(t => t.IsClass && t.GetCustomAttribute<TestClassAttribute>() != null)
                .Where(t => excludedNamespacePrefix == null || !(t.Namespace ?? string.Empty).StartsWith(excludedNamespacePrefix, StringComparison.Ordinal))
                .OrderBy(t => t.FullName, StringComparer.Ordinal);
        }
    }
}
