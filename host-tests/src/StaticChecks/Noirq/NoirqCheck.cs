using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace StaticChecks.Noirq
{
    /// <summary>
    /// noirq safety: every method on the register, queue, request and bridge paths — and everything they call in the
    /// firmware, transitively, through interface and virtual dispatch to every firmware implementation — must complete
    /// without allocating, blocking or looping without bound. Rules:
    /// <list type="bullet">
    /// <item><c>noirq-alloc</c>: <c>new</c> of a reference type or array, boxing, string concatenation or interpolation,
    /// lambdas, anonymous methods and method-group delegates, params arrays, foreach over a non-array (enumerator).</item>
    /// <item><c>noirq-block</c>: <c>lock</c>, and calls named Sleep, Wait, WaitOne, WaitAny, WaitAll, Join, or any member of Monitor.</item>
    /// <item><c>noirq-loop</c>: a loop that is not bounded (<see cref="LoopBounds"/>).</item>
    /// <item><c>noirq-throw</c>: <c>throw</c>: errors are return values, never exceptions. (<c>catch</c> is allowed: with
    /// no throw on the path, it can only turn a failing external API's exception into a return value.)</item>
    /// <item><c>noirq-call</c>: a call outside the firmware that is not on the noirq-safe external list, a call through a
    /// delegate (its target cannot be checked), or a call into a [NoirqExempt] method.</item>
    /// </list>
    /// Roots: all non-private methods of types in the policy's namespaces, and [NoirqSafe] methods/types; private methods
    /// are checked when a root reaches them. Constructors (instance and static, including field initializers) and
    /// [NoirqExempt] members are exempt: they run at start-up.
    /// </summary>
    public sealed class NoirqCheck
    {
        private static readonly HashSet<string> BlockingNames = new(StringComparer.Ordinal) { "Sleep", "Wait", "WaitOne", "WaitAny", "WaitAll", "Join" };

        private readonly FirmwareCompilation _firmware;
        private readonly NoirqPolicy _policy;
        private readonly Dictionary<IMethodSymbol, SyntaxNode> _bodies = new(SymbolEqualityComparer.Default);
        private readonly List<INamedTypeSymbol> _types = new();
        private readonly Findings _findings = new();

        // How each checked method was reached: the caller, or null for a root.
        private readonly Dictionary<IMethodSymbol, IMethodSymbol?> _reachedFrom = new(SymbolEqualityComparer.Default);
        private readonly Queue<IMethodSymbol> _pending = new();

        private NoirqCheck(FirmwareCompilation firmware, NoirqPolicy policy)
        {
            _firmware = firmware;
            _policy = policy;
        }

        public static IReadOnlyList<Finding> Run(FirmwareCompilation firmware, NoirqPolicy policy)
        {
            var check = new NoirqCheck(firmware, policy);
            check.IndexBodies();
            foreach (IMethodSymbol root in check.Roots())
            {
                check.Reach(root, null);
            }

            while (check._pending.Count > 0)
            {
                check.CheckBody(check._pending.Dequeue());
            }

            return check._findings.Sorted();
        }

        /// <summary>The root methods, by name (for tests and the report).</summary>
        public static IReadOnlyList<string> RootNames(FirmwareCompilation firmware, NoirqPolicy policy)
        {
            var check = new NoirqCheck(firmware, policy);
            check.IndexBodies();
            return check.Roots().Select(Describe).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        }

        private void IndexBodies()
        {
            foreach (SyntaxTree tree in _firmware.Trees)
            {
                SemanticModel model = _firmware.Compilation.GetSemanticModel(tree);
                foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
                {
                    switch (node)
                    {
                        case BaseMethodDeclarationSyntax method when ((SyntaxNode?)method.Body ?? method.ExpressionBody) is SyntaxNode body:
                            if (model.GetDeclaredSymbol(method) is IMethodSymbol m)
                            {
                                _bodies[m] = body;
                            }

                            break;
                        case AccessorDeclarationSyntax accessor when ((SyntaxNode?)accessor.Body ?? accessor.ExpressionBody) is SyntaxNode body:
                            if (model.GetDeclaredSymbol(accessor) is IMethodSymbol a)
                            {
                                _bodies[a] = body;
                            }

                            break;
                        case BasePropertyDeclarationSyntax property when property is PropertyDeclarationSyntax { ExpressionBody: { } arrow } || property is IndexerDeclarationSyntax { ExpressionBody: { } }:
                            ArrowExpressionClauseSyntax expressionBody = (property as PropertyDeclarationSyntax)?.ExpressionBody ?? ((IndexerDeclarationSyntax)property).ExpressionBody!;
                            if (model.GetDeclaredSymbol(property) is IPropertySymbol { GetMethod: { } getter })
                            {
                                _bodies[getter] = expressionBody;
                            }

                            break;
                        case BaseTypeDeclarationSyntax type:
                            if (model.GetDeclaredSymbol(type) is INamedTypeSymbol t)
                            {
                                _types.Add(t);
                            }

                            break;
                    }
                }
            }
        }

        // Private methods are not roots: every caller is in view, so they are checked exactly when a root reaches them
        // (a private helper called only from a constructor is start-up code).
        private IEnumerable<IMethodSymbol> Roots()
        {
            return _bodies.Keys.Where(m =>
                !IsExempt(m)
                && m.DeclaredAccessibility != Accessibility.Private
                && (_policy.IsRootNamespace(m.ContainingType.ContainingNamespace.ToDisplayString())
                    || HasAttribute(m, NoirqPolicy.SafeAttribute)
                    || (m.AssociatedSymbol != null && HasAttribute(m.AssociatedSymbol, NoirqPolicy.SafeAttribute))
                    || ContainingTypes(m).Any(t => HasAttribute(t, NoirqPolicy.SafeAttribute))));
        }

        private bool IsExempt(IMethodSymbol method)
        {
            return method.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor or MethodKind.Destructor
                || HasAttribute(method, NoirqPolicy.ExemptAttribute)
                || (method.AssociatedSymbol != null && HasAttribute(method.AssociatedSymbol, NoirqPolicy.ExemptAttribute))
                || ContainingTypes(method).Any(t => HasAttribute(t, NoirqPolicy.ExemptAttribute));
        }

        private void Reach(IMethodSymbol method, IMethodSymbol? from)
        {
            method = method.OriginalDefinition;
            if (_reachedFrom.ContainsKey(method))
            {
                return;
            }

            _reachedFrom.Add(method, from);
            if (_bodies.ContainsKey(method))
            {
                _pending.Enqueue(method);
            }

            // Dispatch: every firmware override or implementation can run here.
            foreach (IMethodSymbol target in Implementations(method))
            {
                Reach(target, method);
            }
        }

        private IEnumerable<IMethodSymbol> Implementations(IMethodSymbol method)
        {
            if (method.ContainingType.TypeKind == TypeKind.Interface)
            {
                foreach (INamedTypeSymbol type in _types)
                {
                    if (type.TypeKind != TypeKind.Interface && type.FindImplementationForInterfaceMember(method) is IMethodSymbol impl)
                    {
                        yield return impl;
                    }
                }
            }
            else if (method.IsVirtual || method.IsAbstract || method.IsOverride)
            {
                foreach (IMethodSymbol candidate in _bodies.Keys)
                {
                    for (IMethodSymbol? o = candidate.OverriddenMethod; o != null; o = o.OverriddenMethod)
                    {
                        if (SymbolEqualityComparer.Default.Equals(o.OriginalDefinition, method))
                        {
                            yield return candidate;
                            break;
                        }
                    }
                }
            }
        }

        private void CheckBody(IMethodSymbol method)
        {
            SyntaxNode body = _bodies[method];
            SemanticModel model = _firmware.Compilation.GetSemanticModel(body.SyntaxTree);
            IOperation? operation = model.GetOperation(body);
            if (operation == null)
            {
                return;
            }

            foreach (IOperation op in operation.DescendantsAndSelf())
            {
                CheckOperation(method, op, model);
            }
        }

        private void CheckOperation(IMethodSymbol method, IOperation op, SemanticModel model)
        {
            switch (op)
            {
                case IObjectCreationOperation creation when creation.Type is { IsReferenceType: true } || creation.Type is ITypeParameterSymbol:
                    Report("noirq-alloc", method, op, "allocation: new " + creation.Type!.ToDisplayString());
                    break;
                case IArrayCreationOperation array:
                    Report("noirq-alloc", method, op, array.IsImplicit ? "allocation: params array for " + Shorten(op.Syntax) : "allocation: new " + array.Type!.ToDisplayString());
                    break;
                case IAnonymousObjectCreationOperation:
                    Report("noirq-alloc", method, op, "allocation: anonymous object");
                    break;
                case IDelegateCreationOperation:
                    Report("noirq-alloc", method, op, "allocation: delegate/closure " + Shorten(op.Syntax));
                    break;
                case IConversionOperation conversion when conversion.Language == LanguageNames.CSharp && conversion.GetConversion().IsBoxing:
                    Report("noirq-alloc", method, op, "allocation: boxing " + conversion.Operand.Type?.ToDisplayString() + " to " + conversion.Type?.ToDisplayString());
                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                    Report("noirq-alloc", method, op, "allocation: string concatenation");
                    break;
                case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add } compound when compound.Type?.SpecialType == SpecialType.System_String:
                    Report("noirq-alloc", method, op, "allocation: string concatenation");
                    break;
                case IInterpolatedStringOperation:
                    Report("noirq-alloc", method, op, "allocation: string interpolation");
                    break;
                case IForEachLoopOperation each when !LoopBounds.IsBounded(each.Syntax, model):
                    Report("noirq-alloc", method, op, "allocation: foreach over " + each.Collection.Type?.ToDisplayString() + " creates an enumerator");
                    Report("noirq-loop", method, op, "unbounded loop: foreach over " + each.Collection.Type?.ToDisplayString());
                    break;
                case ILockOperation:
                    Report("noirq-block", method, op, "blocking: lock");
                    break;
                case IThrowOperation:
                    Report("noirq-throw", method, op, "throw: errors on the noirq path are return values");
                    break;
                case ILoopOperation loop when loop is not IForEachLoopOperation && !LoopBounds.IsBounded(loop.Syntax, model):
                    Report("noirq-loop", method, op, "unbounded loop: " + LoopHeader(loop.Syntax));
                    break;
                case IInvocationOperation invocation:
                    Call(method, op, invocation.TargetMethod);
                    break;
                case IPropertyReferenceOperation property:
                    foreach (IMethodSymbol accessor in Accessors(property))
                    {
                        Call(method, op, accessor);
                    }

                    break;
                case IEventAssignmentOperation eventAssignment when eventAssignment.EventReference is IEventReferenceOperation reference:
                    IMethodSymbol? handler = eventAssignment.Adds ? reference.Event.AddMethod : reference.Event.RemoveMethod;
                    if (handler != null)
                    {
                        Call(method, op, handler);
                    }

                    break;
                case IBinaryOperation { OperatorMethod: { } userOperator }:
                    Call(method, op, userOperator);
                    break;
                case IUnaryOperation { OperatorMethod: { } userUnary }:
                    Call(method, op, userUnary);
                    break;
                case IConversionOperation { OperatorMethod: { } userConversion }:
                    Call(method, op, userConversion);
                    break;
            }
        }

        private void Call(IMethodSymbol caller, IOperation op, IMethodSymbol target)
        {
            target = (target.ReducedFrom ?? target).OriginalDefinition;
            if (target.MethodKind == MethodKind.DelegateInvoke)
            {
                Report("noirq-call", caller, op, "call through delegate " + target.ContainingType.ToDisplayString() + " (its target cannot be checked)");
                return;
            }

            if (_firmware.IsFirmwareSymbol(target))
            {
                if (target.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor)
                {
                    return; // struct construction; a reference-type 'new' is reported as an allocation
                }

                if (IsExempt(target))
                {
                    Report("noirq-call", caller, op, "calls [" + NoirqPolicy.ExemptAttribute + "] " + Describe(target));
                    return;
                }

                Reach(target, caller);
                return;
            }

            string containing = SymbolKeys.TypeKey(target.ContainingType);
            string key = SymbolKeys.Key(target);
            if (BlockingNames.Contains(target.Name) || containing == "System.Threading.Monitor")
            {
                Report("noirq-block", caller, op, "blocking call " + key);
            }
            else if (!_policy.SafeExternals.Allows(key, containing))
            {
                Report("noirq-call", caller, op, "call to " + key + " (not on the noirq-safe external list: may allocate or block)");
            }
        }

        private static IEnumerable<IMethodSymbol> Accessors(IPropertyReferenceOperation property)
        {
            IOperation? parent = property.Parent;
            bool written = parent is IAssignmentOperation assignment && assignment.Target == property;
            bool readToo = parent is ICompoundAssignmentOperation || parent is IIncrementOrDecrementOperation || !written;
            if (written || parent is IIncrementOrDecrementOperation)
            {
                if (property.Property.SetMethod is { } setter)
                {
                    yield return setter;
                }
            }

            if (readToo && property.Property.GetMethod is { } getter)
            {
                yield return getter;
            }
        }

        private void Report(string rule, IMethodSymbol method, IOperation op, string message)
        {
            _findings.Add(_firmware.At(rule, op.Syntax.GetLocation(), message + " in " + Describe(method) + Chain(method)));
        }

        private string Chain(IMethodSymbol method)
        {
            var path = new List<string>();
            for (IMethodSymbol? m = _reachedFrom.GetValueOrDefault(method); m != null && path.Count < 12; m = _reachedFrom.GetValueOrDefault(m))
            {
                path.Add(Describe(m));
            }

            if (path.Count == 0)
            {
                return string.Empty;
            }

            path.Reverse();
            return " (reached from " + string.Join(" -> ", path) + ")";
        }

        private static string Describe(IMethodSymbol method)
        {
            string name = method.AssociatedSymbol is IPropertySymbol p
                ? p.Name + "." + (method.MethodKind == MethodKind.PropertySet ? "set" : "get")
                : method.MethodKind == MethodKind.Constructor ? ".ctor" : method.Name;
            return method.ContainingType.Name + "." + name;
        }

        private static IEnumerable<INamedTypeSymbol> ContainingTypes(ISymbol symbol)
        {
            for (INamedTypeSymbol? t = symbol.ContainingType; t != null; t = t.ContainingType)
            {
                yield return t;
            }
        }

        private static bool HasAttribute(ISymbol symbol, string name)
        {
            return symbol.GetAttributes().Any(a => a.AttributeClass is { } c && (c.Name == name || c.Name == name + "Attribute"));
        }

        private static string LoopHeader(SyntaxNode loop)
        {
            return loop switch
            {
                ForStatementSyntax f => "for (" + f.Declaration + "; " + f.Condition + "; " + string.Join(", ", f.Incrementors) + ")",
                WhileStatementSyntax w => "while (" + w.Condition + ")",
                DoStatementSyntax d => "do ... while (" + d.Condition + ")",
                _ => loop.Kind().ToString(),
            };
        }

        private static string Shorten(SyntaxNode node)
        {
            string text = node.ToString().ReplaceLineEndings(" ");
            return text.Length <= 60 ? text : text[..57] + "...";
        }
    }
}
