namespace Fuzz.Harness;

/// <summary>
/// One fuzz harness: feeds an arbitrary input to firmware code and checks its invariants. A violation is thrown as
/// <see cref="InvariantViolation"/>; any other exception escaping <see cref="Execute"/> is a crash of the code under
/// test. The returned signature is a cheap summary of what the input made the code do (result codes, errors,
/// states reached); the coverage-less runner keeps inputs that produce a new one.
/// </summary>
public interface IFuzzTarget
{
    string Name { get; }

    /// <summary>Seed inputs (from the copied Linux traces and hand-built valid structures).</summary>
    IReadOnlyList<byte[]> Seeds();

    ulong Execute(ReadOnlySpan<byte> input);
}

/// <summary>An invariant of the code under test did not hold for an input.</summary>
public sealed class InvariantViolation(string message) : Exception(message);
