using Microsoft.CodeAnalysis;

namespace StaticChecks
{
    /// <summary>
    /// The names allowlist entries use: a type is <c>Namespace.Type</c> (nested: <c>Namespace.Outer.Inner</c>), a member
    /// is <c>Namespace.Type.Member</c>, a constructor <c>Namespace.Type..ctor</c>, an indexer by its metadata name
    /// (<c>System.String.Chars</c>, otherwise <c>Item</c>). Overloads share one entry.
    /// </summary>
    public static class SymbolKeys
    {
        public static string TypeKey(ITypeSymbol type)
        {
            if (type is IArrayTypeSymbol array)
            {
                return TypeKey(array.ElementType);
            }

            ITypeSymbol original = type.OriginalDefinition;
            string prefix = original.ContainingType != null
                ? TypeKey(original.ContainingType)
                : original.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : string.Empty;
            return prefix.Length == 0 ? original.Name : prefix + "." + original.Name;
        }

        /// <summary>The key of a member, or of a type; property/event accessors map to their property/event.</summary>
        public static string Key(ISymbol symbol)
        {
            symbol = Normalize(symbol);
            if (symbol is ITypeSymbol type)
            {
                return TypeKey(type);
            }

            string member = symbol switch
            {
                IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } => ".ctor",
                IPropertySymbol { IsIndexer: true } => symbol.MetadataName, // "Item"; string's is "Chars"
                _ => symbol.Name,
            };
            return TypeKey(symbol.ContainingType) + "." + member;
        }

        /// <summary>Unconstructed, unreduced definition; accessors become their property or event.</summary>
        public static ISymbol Normalize(ISymbol symbol)
        {
            if (symbol is IMethodSymbol method)
            {
                method = method.ReducedFrom ?? method;
                if (method.AssociatedSymbol is IPropertySymbol or IEventSymbol)
                {
                    return method.AssociatedSymbol.OriginalDefinition;
                }

                return method.OriginalDefinition;
            }

            return symbol.OriginalDefinition;
        }
    }
}
