using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaticChecks.Subset
{
    /// <summary>
    /// The nanoFramework 1.x language and API subset. Rules (the rule id is in every finding):
    /// <list type="bullet">
    /// <item><c>compile</c>: the firmware must compile against the nanoFramework surface (BCL + stubs, C# 9).</item>
    /// <item><c>generic</c>: no generic declaration, and no generic type or method anywhere (also hidden behind <c>var</c>
    /// or a lambda's delegate type). Covers <c>List&lt;T&gt;</c>, <c>Func&lt;&gt;</c>, <c>Span&lt;T&gt;</c>, <c>Task&lt;T&gt;</c>.</item>
    /// <item><c>nullable-value</c> (<c>int?</c>), <c>tuple</c>, <c>record</c>, <c>linq</c>, <c>async</c>, <c>dynamic</c>,
    /// <c>iterator</c> (compiles to IEnumerable&lt;object&gt;), <c>multidim-array</c>, <c>unsafe</c>, <c>index-range</c>.</item>
    /// <item><c>api</c>: every type and member from outside the firmware sources must be on the allowlist.</item>
    /// <item><c>package</c>: ...and its package (the allowlist section header) must be in the file's project's packages.config.</item>
    /// </list>
    /// </summary>
    public static class SubsetCheck
    {
        public static IReadOnlyList<Finding> Run(FirmwareCompilation firmware, ApiAllowlist allowlist)
        {
            var findings = new Findings();
            foreach (Diagnostic diagnostic in firmware.Compilation.GetDiagnostics())
            {
                if (diagnostic.Severity == DiagnosticSeverity.Error && diagnostic.Location.IsInSource)
                {
                    findings.Add(firmware.At("compile", diagnostic.Location, diagnostic.Id + ": " + diagnostic.GetMessage()));
                }
            }

            foreach (SyntaxTree tree in firmware.Trees)
            {
                SemanticModel model = firmware.Compilation.GetSemanticModel(tree);
                foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
                {
                    CheckSyntax(firmware, model, node, findings);
                    CheckSymbol(firmware, model, node, allowlist, findings);
                    if (node is ExpressionSyntax expression)
                    {
                        CheckExpressionType(firmware, model, expression, findings);
                    }
                }
            }

            return findings.Sorted();
        }

        private static void CheckSyntax(FirmwareCompilation firmware, SemanticModel model, SyntaxNode node, Findings findings)
        {
            string? rule = null;
            string? message = null;
            switch (node)
            {
                case TypeParameterListSyntax:
                    (rule, message) = ("generic", "generic declaration " + node.Parent switch
                    {
                        BaseTypeDeclarationSyntax type => type.Identifier.Text,
                        MethodDeclarationSyntax method => method.Identifier.Text,
                        DelegateDeclarationSyntax del => del.Identifier.Text,
                        LocalFunctionStatementSyntax local => local.Identifier.Text,
                        _ => node.Parent?.Kind().ToString(),
                    } + node);
                    break;
                case RecordDeclarationSyntax record:
                    (rule, message) = ("record", "record " + record.Identifier.Text);
                    break;
                case QueryExpressionSyntax:
                    (rule, message) = ("linq", "LINQ query expression");
                    break;
                case UsingDirectiveSyntax { Name: not null } usingDirective when usingDirective.Name.ToString().StartsWith("System.Linq", StringComparison.Ordinal):
                    (rule, message) = ("linq", "using " + usingDirective.Name);
                    break;
                case AwaitExpressionSyntax:
                    (rule, message) = ("async", "await");
                    break;
                case MethodDeclarationSyntax m when m.Modifiers.Any(SyntaxKind.AsyncKeyword):
                case LocalFunctionStatementSyntax l when l.Modifiers.Any(SyntaxKind.AsyncKeyword):
                case AnonymousFunctionExpressionSyntax a when a.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword):
                    (rule, message) = ("async", "async method or lambda");
                    break;
                case TupleTypeSyntax:
                case TupleExpressionSyntax:
                    (rule, message) = ("tuple", "tuple " + node);
                    break;
                case YieldStatementSyntax:
                    (rule, message) = ("iterator", "yield (iterators compile to IEnumerable<object>/IEnumerator<object>)");
                    break;
                case ArrayRankSpecifierSyntax rank when rank.Rank > 1:
                    (rule, message) = ("multidim-array", "multidimensional array " + node.Parent + " (use jagged arrays)");
                    break;
                case StackAllocArrayCreationExpressionSyntax:
                case PointerTypeSyntax:
                case UnsafeStatementSyntax:
                case FixedStatementSyntax:
                    (rule, message) = ("unsafe", "unsafe code: " + node.Kind());
                    break;
                case RangeExpressionSyntax:
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.IndexExpression }:
                    (rule, message) = ("index-range", "index/range expression " + node + " (System.Index/Range)");
                    break;
                case NullableTypeSyntax nullable when model.GetTypeInfo(nullable.ElementType).Type is { IsValueType: true }:
                    (rule, message) = ("nullable-value", "nullable value type " + node + " (System.Nullable<T>)");
                    break;
            }

            if (rule != null)
            {
                findings.Add(firmware.At(rule, node.GetLocation(), message!));
            }
        }

        private static void CheckSymbol(FirmwareCompilation firmware, SemanticModel model, SyntaxNode node, ApiAllowlist allowlist, Findings findings)
        {
            if (node is not (SimpleNameSyntax or PredefinedTypeSyntax or BaseObjectCreationExpressionSyntax or ElementAccessExpressionSyntax
                or AttributeSyntax or ConstructorInitializerSyntax or BinaryExpressionSyntax or PrefixUnaryExpressionSyntax
                or PostfixUnaryExpressionSyntax or AssignmentExpressionSyntax or CastExpressionSyntax))
            {
                return;
            }

            ISymbol? symbol = model.GetSymbolInfo(node).Symbol;
            if (symbol == null || symbol is INamespaceSymbol or ILocalSymbol or IParameterSymbol or ILabelSymbol or IRangeVariableSymbol or IDiscardSymbol)
            {
                return;
            }

            if (symbol is ITypeParameterSymbol)
            {
                findings.Add(firmware.At("generic", node.GetLocation(), "type parameter " + symbol.Name));
                return;
            }

            if (symbol is IMethodSymbol { MethodKind: MethodKind.BuiltinOperator })
            {
                return;
            }

            if (symbol is IDynamicTypeSymbol)
            {
                findings.Add(firmware.At("dynamic", node.GetLocation(), "dynamic"));
                return;
            }

            string? generic = GenericUse(symbol);
            if (generic != null)
            {
                findings.Add(firmware.At(RuleForGeneric(symbol), node.GetLocation(), generic));
                return;
            }

            ISymbol normalized = SymbolKeys.Normalize(symbol);
            if (firmware.IsFirmwareSymbol(normalized))
            {
                return;
            }

            // Arrays are the language's own: what matters is the element type (checked where it is named).
            if (normalized is IArrayTypeSymbol)
            {
                return;
            }

            string ns = (normalized as INamespaceOrTypeSymbol ?? normalized.ContainingType)?.ContainingNamespace?.ToDisplayString() ?? string.Empty;
            if (ns == "System.Threading.Tasks" || ns.StartsWith("System.Threading.Tasks.", StringComparison.Ordinal))
            {
                findings.Add(firmware.At("async", node.GetLocation(), SymbolKeys.Key(normalized) + " (no Task/async on nanoFramework 1.x)"));
                return;
            }

            if (ns == "System.Linq" || ns.StartsWith("System.Linq.", StringComparison.Ordinal))
            {
                findings.Add(firmware.At("linq", node.GetLocation(), SymbolKeys.Key(normalized) + " (no LINQ on nanoFramework 1.x)"));
                return;
            }

            string key = SymbolKeys.Key(normalized);
            string? typeKey = normalized is ITypeSymbol ? null : SymbolKeys.TypeKey(normalized.ContainingType);
            if (!allowlist.Allows(key, typeKey))
            {
                findings.Add(firmware.At("api", node.GetLocation(), key + " is not on the nanoFramework API allowlist (" + normalized.ContainingAssembly?.Name + ")"));
                return;
            }

            CheckPackage(firmware, node, key, allowlist.SourceOf(key) ?? allowlist.SourceOf((typeKey ?? key) + ".*"), findings);
        }

        /// <summary>
        /// <c>package</c>: the allowlist section a symbol comes from names its NuGet package and version
        /// ("[nanoFramework.System.Device.Gpio 1.1.62 (...)]"); the project holding the file must list exactly that
        /// package and version in its packages.config (which is not transitive).
        /// </summary>
        private static void CheckPackage(FirmwareCompilation firmware, SyntaxNode node, string key, string? source, Findings findings)
        {
            if (source == null || firmware.Projects.Count == 0 || !firmware.Paths.TryGetValue(node.SyntaxTree, out string? path))
            {
                return;
            }

            string[] words = source.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2)
            {
                return;
            }

            FirmwareProject? project = FirmwareProject.Owning(firmware.Projects, path);
            if (project == null)
            {
                findings.Add(new Finding("package", path, 1, 1, "no .nfproj folder contains this file, so no packages.config provides its APIs (first: " + key + ")"));
                return;
            }

            string package = words[0];
            string version = words[1];
            if (!project.Packages.TryGetValue(package, out string? listed))
            {
                findings.Add(firmware.At("package", node.GetLocation(), key + " comes from " + package + " " + version + ", which " + project.Directory + "/packages.config does not list"));
            }
            else if (listed != version)
            {
                findings.Add(firmware.At("package", node.GetLocation(), key + ": " + project.Directory + "/packages.config has " + package + " " + listed + ", the allowlist was checked against " + version));
            }
        }

        private static void CheckExpressionType(FirmwareCompilation firmware, SemanticModel model, ExpressionSyntax expression, Findings findings)
        {
            TypeInfo info = model.GetTypeInfo(expression);
            foreach (ITypeSymbol? type in new[] { info.Type, info.ConvertedType })
            {
                if (type is IDynamicTypeSymbol)
                {
                    findings.Add(firmware.At("dynamic", expression.GetLocation(), "dynamic"));
                }
                else if (type != null && GenericUse(type) is string generic)
                {
                    findings.Add(firmware.At(RuleForGeneric(type), expression.GetLocation(), generic + " (type of '" + Shorten(expression) + "')"));
                }
            }
        }

        /// <summary>A description if the symbol is, or is built from, a generic type or method; otherwise null.</summary>
        private static string? GenericUse(ISymbol symbol)
        {
            ITypeSymbol? type = symbol as ITypeSymbol;
            while (type is IArrayTypeSymbol array)
            {
                type = array.ElementType;
            }

            if (type is INamedTypeSymbol named && (named.IsGenericType || named.IsTupleType))
            {
                return "generic type " + named.ToDisplayString();
            }

            if (symbol is IMethodSymbol method && method.IsGenericMethod)
            {
                return "generic method " + method.ToDisplayString();
            }

            if (symbol is not ITypeSymbol && symbol.ContainingType is { IsGenericType: true } container)
            {
                return "member of generic type " + container.ToDisplayString();
            }

            return null;
        }

        private static string RuleForGeneric(ISymbol symbol)
        {
            ITypeSymbol? type = symbol as ITypeSymbol ?? symbol.ContainingType;
            if (type is INamedTypeSymbol named)
            {
                if (named.IsTupleType)
                {
                    return "tuple";
                }

                if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
                {
                    return "nullable-value";
                }

                if (named.Name is "Task" or "ValueTask" && named.ContainingNamespace.ToDisplayString() == "System.Threading.Tasks")
                {
                    return "async";
                }
            }

            return "generic";
        }

        private static string Shorten(SyntaxNode node)
        {
            string text = node.ToString().ReplaceLineEndings(" ");
            return text.Length <= 60 ? text : text[..57] + "...";
        }
    }
}
