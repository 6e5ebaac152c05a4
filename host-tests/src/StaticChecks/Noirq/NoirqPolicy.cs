namespace StaticChecks.Noirq
{
    /// <summary>What the noirq check treats as the register/queue/request/bridge path, and what it may call outside the firmware.</summary>
    public sealed class NoirqPolicy
    {
        /// <summary>Every method of a type in these namespaces (or below them) is a root of the noirq path.</summary>
        public static readonly IReadOnlyList<string> DefaultNamespaces = new[]
        {
            "VirtioMmio.Transport",
            "VirtioMmio.Queue",
            "VirtioMmio.Memory",
            "VirtioMmio.Bridge",
            "VirtioMmio.Devices",
        };

        public NoirqPolicy(IReadOnlyList<string> rootNamespaces, ApiAllowlist safeExternals)
        {
            RootNamespaces = rootNamespaces;
            SafeExternals = safeExternals;
        }

        public static NoirqPolicy Default => new(DefaultNamespaces, ApiAllowlist.NoirqExternals);

        public IReadOnlyList<string> RootNamespaces { get; }

        /// <summary>External (BCL / nanoFramework) members known not to allocate or block.</summary>
        public ApiAllowlist SafeExternals { get; }

        /// <summary>Opts a method or a whole type into the noirq path, wherever it lives.</summary>
        public const string SafeAttribute = "NoirqSafe";

        /// <summary>Takes a method (or a property, or a whole type) out: start-up code and the outermost driver loop.</summary>
        public const string ExemptAttribute = "NoirqExempt";

        public bool IsRootNamespace(string ns)
        {
            return RootNamespaces.Any(root => ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal));
        }
    }
}
