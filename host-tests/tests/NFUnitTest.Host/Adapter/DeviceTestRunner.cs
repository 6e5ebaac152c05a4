using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using nanoFramework.TestFramework;

namespace NFUnitTest.Host.Adapter
{
    /// <summary>
    /// Runs one on-device test the way the launcher would, on .NET: the class's [Setup] methods, the test, then its
    /// [Cleanup] methods. On the device Setup/Cleanup run once per class; here they run around every test, which is a
    /// superset as long as tests do not depend on each other's order (they must not: the launcher's order is reflection order).
    /// </summary>
    public static class DeviceTestRunner
    {
        public static DeviceTestOutcome Run(DeviceTestCase testCase)
        {
            var output = new StringBuilder();
            StringBuilder? previous = OutputHelper.Capture;
            OutputHelper.Capture = output;
            try
            {
                // The device never runs a constructor (methods are invoked on a null target); an instance only
                // exists here because .NET needs one. Discovery forbids instance fields, so it carries no state.
                object? target = testCase.Method.IsStatic ? null : Activator.CreateInstance(testCase.TestClass);
                MethodInfo[] methods = testCase.TestClass.GetMethods();

                DeviceTestOutcome? failure = InvokeAll(methods, typeof(SetupAttribute), target, "[Setup] ", output);
                if (failure != null)
                {
                    return failure;
                }

                failure = Invoke(testCase.Method, target, testCase.Arguments, string.Empty, output);
                DeviceTestOutcome? cleanupFailure = InvokeAll(methods, typeof(CleanupAttribute), target, "[Cleanup] ", output);
                return failure ?? cleanupFailure ?? new DeviceTestOutcome(DeviceTestVerdict.Passed, string.Empty, output.ToString());
            }
            finally
            {
                OutputHelper.Capture = previous;
            }
        }

        private static DeviceTestOutcome? InvokeAll(MethodInfo[] methods, Type attribute, object? target, string prefix, StringBuilder output)
        {
            foreach (MethodInfo method in methods)
            {
                if (method.GetCustomAttribute(attribute) != null)
                {
                    DeviceTestOutcome? failure = Invoke(method, method.IsStatic ? null : target, null, prefix + method.Name + ": ", output);
                    if (failure != null)
                    {
                        return failure;
                    }
                }
            }

            return null;
        }

        private static DeviceTestOutcome? Invoke(MethodInfo method, object? target, object[]? arguments, string prefix, StringBuilder output)
        {
            try
            {
                method.Invoke(target, arguments);
                return null;
            }
            catch (TargetInvocationException wrapper) when (wrapper.InnerException != null)
            {
                Exception ex = wrapper.InnerException;
                if (ex is SkipTestException)
                {
                    return new DeviceTestOutcome(DeviceTestVerdict.Skipped, prefix + ex.Message, output.ToString());
                }

                string text = ex is AssertFailedException ? ex.Message : ex.GetType().Name + ": " + ex.Message + "\n" + ex.StackTrace;
                return new DeviceTestOutcome(DeviceTestVerdict.Failed, prefix + text, output.ToString());
            }
        }
    }
}
