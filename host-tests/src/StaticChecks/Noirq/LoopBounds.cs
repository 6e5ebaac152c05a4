using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaticChecks.Noirq
{
    /// <summary>
    /// Decides whether a loop is <b>bounded</b>. A loop is bounded when its condition is, or has as an operand of a
    /// top-level <c>&amp;&amp;</c>, a comparison <c>counter &lt; limit</c> / <c>&lt;=</c> (counter stepped up) or
    /// <c>counter &gt; limit</c> / <c>&gt;=</c> (stepped down), where
    /// <list type="bullet">
    /// <item>the counter is a local variable or parameter of integer type;</item>
    /// <item>it is stepped by <c>++</c>, <c>--</c>, <c>+= k</c> or <c>-= k</c> with a positive constant <c>k</c>: in a
    /// <c>for</c> loop's iterator section, or for <c>while</c>/<c>do</c> as a statement directly in the loop body
    /// (not nested in an <c>if</c>) in a body that has no <c>continue</c>;</item>
    /// <item>nothing else in the body assigns the counter;</item>
    /// <item>the limit makes no call and nothing in the body assigns a variable or field it reads (nor the counter);</item>
    /// <item>an inclusive comparison is not always true for the counter's type (<c>i &lt;= byte.MaxValue</c>, <c>u &gt;= 0</c>).</item>
    /// </list>
    /// <c>foreach</c> over an array or string is bounded. Everything else (<c>while (true)</c>, <c>for (;;)</c>,
    /// <c>while (node != null)</c>, <c>!=</c> comparisons) is unbounded.
    /// </summary>
    public static class LoopBounds
    {
        public static bool IsBounded(SyntaxNode loop, SemanticModel model)
        {
            switch (loop)
            {
                case ForStatementSyntax f when f.Condition != null:
                    return Conjuncts(f.Condition).Any(c => IsBoundedComparison(c, model, f.Statement, StepsOf(f.Incrementors, model), allowedAssignments: 0));
                case WhileStatementSyntax w:
                    return HasNoContinue(w.Statement)
                        && Conjuncts(w.Condition).Any(c => IsBoundedComparison(c, model, w.Statement, StepsOf(TopLevelExpressions(w.Statement), model), allowedAssignments: 1));
                case DoStatementSyntax d:
                    return HasNoContinue(d.Statement)
                        && Conjuncts(d.Condition).Any(c => IsBoundedComparison(c, model, d.Statement, StepsOf(TopLevelExpressions(d.Statement), model), allowedAssignments: 1));
                case ForEachStatementSyntax each:
                    ITypeSymbol? collection = model.GetTypeInfo(each.Expression).Type;
                    return collection is IArrayTypeSymbol || collection?.SpecialType == SpecialType.System_String;
                default:
                    return false;
            }
        }

        private static IEnumerable<ExpressionSyntax> Conjuncts(ExpressionSyntax condition)
        {
            condition = Unwrap(condition);
            if (condition is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } and)
            {
                return Conjuncts(and.Left).Concat(Conjuncts(and.Right));
            }

            return new[] { condition };
        }

        private static bool IsBoundedComparison(ExpressionSyntax comparison, SemanticModel model, StatementSyntax body, Dictionary<ISymbol, int> steps, int allowedAssignments)
        {
            if (comparison is not BinaryExpressionSyntax binary)
            {
                return false;
            }

            // Normalize to "counter OP limit" with +1 meaning the counter must grow towards the limit.
            int needed;
            bool inclusive = binary.Kind() is SyntaxKind.LessThanOrEqualExpression or SyntaxKind.GreaterThanOrEqualExpression;
            switch (binary.Kind())
            {
                case SyntaxKind.LessThanExpression:
                case SyntaxKind.LessThanOrEqualExpression:
                    needed = +1;
                    break;
                case SyntaxKind.GreaterThanExpression:
                case SyntaxKind.GreaterThanOrEqualExpression:
                    needed = -1;
                    break;
                default:
                    return false;
            }

            return IsCounter(binary.Left, binary.Right, needed, inclusive, model, body, steps, allowedAssignments)
                || IsCounter(binary.Right, binary.Left, -needed, inclusive, model, body, steps, allowedAssignments);
        }

        private static bool IsCounter(ExpressionSyntax counterSide, ExpressionSyntax limit, int direction, bool inclusive, SemanticModel model, StatementSyntax body, Dictionary<ISymbol, int> steps, int allowedAssignments)
        {
            ISymbol? counter = model.GetSymbolInfo(Unwrap(counterSide)).Symbol;
            if (counter is not (ILocalSymbol or IParameterSymbol) || Unwrap(counterSide) is not IdentifierNameSyntax)
            {
                return false;
            }

            ITypeSymbol? type = (counter as ILocalSymbol)?.Type ?? (counter as IParameterSymbol)?.Type;
            if (type == null || !IsInteger(type) || !steps.TryGetValue(counter, out int step) || step != direction)
            {
                return false;
            }

            if (AssignmentsTo(counter, body, model) != allowedAssignments)
            {
                return false;
            }

            // "i <= MaxValue" / "i >= MinValue" hold for every value of the type: the counter wraps and the loop never ends
            // (the classic "for (uint i = n; i >= 0; i--)").
            if (inclusive && model.GetConstantValue(limit) is { HasValue: true, Value: IConvertible bound}
                && (direction > 0 ? bound.ToDecimal(null) >= MaxOf(type) : bound.ToDecimal(null) <= MinOf(type)))
            {
                return false;
            }

            // The limit must be stable: no calls, nothing it reads is written in the body.
            if (limit.DescendantNodesAndSelf().Any(n => n is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or AssignmentExpressionSyntax))
            {
                return false;
            }

            foreach (IdentifierNameSyntax name in limit.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                ISymbol? read = model.GetSymbolInfo(name).Symbol;
                if (SymbolEqualityComparer.Default.Equals(read, counter))
                {
                    return false;
                }

                if (read is ILocalSymbol or IParameterSymbol or IFieldSymbol or IPropertySymbol && AssignmentsTo(read, body, model) > 0)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Counters stepped by the given expressions: symbol -> +1 (up) or -1 (down); a symbol stepped both ways is dropped.</summary>
        private static Dictionary<ISymbol, int> StepsOf(IEnumerable<ExpressionSyntax> expressions, SemanticModel model)
        {
            var steps = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
            foreach (ExpressionSyntax expression in expressions)
            {
                (ExpressionSyntax? target, int direction) = expression switch
                {
                    PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression } p => (p.Operand, +1),
                    PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostDecrementExpression } p => (p.Operand, -1),
                    PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression } p => (p.Operand, +1),
                    PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreDecrementExpression } p => (p.Operand, -1),
                    AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression } a when IsPositiveConstant(a.Right, model) => (a.Left, +1),
                    AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SubtractAssignmentExpression } a when IsPositiveConstant(a.Right, model) => (a.Left, -1),
                    _ => ((ExpressionSyntax?)null, 0),
                };
                if (target == null || model.GetSymbolInfo(target).Symbol is not ISymbol symbol)
                {
                    continue;
                }

                if (steps.TryGetValue(symbol, out int existing) && existing != direction)
                {
                    steps[symbol] = 0;
                }
                else
                {
                    steps[symbol] = direction;
                }
            }

            return steps;
        }

        private static IEnumerable<ExpressionSyntax> TopLevelExpressions(StatementSyntax body)
        {
            IEnumerable<StatementSyntax> statements = body is BlockSyntax block ? block.Statements : new[] { body };
            return statements.OfType<ExpressionStatementSyntax>().Select(s => s.Expression);
        }

        private static bool HasNoContinue(StatementSyntax body)
        {
            // A continue that belongs to this loop (not to a nested one) could skip the step.
            return !body.DescendantNodesAndSelf(n => n == body || n is not (ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax or ForEachStatementSyntax))
                .OfType<ContinueStatementSyntax>()
                .Any();
        }

        /// <summary>Writes to <paramref name="symbol"/> in <paramref name="body"/>: assignments, ++/--, ref/out arguments.</summary>
        private static int AssignmentsTo(ISymbol symbol, SyntaxNode body, SemanticModel model)
        {
            int count = 0;
            foreach (SyntaxNode node in body.DescendantNodesAndSelf())
            {
                ExpressionSyntax? written = node switch
                {
                    AssignmentExpressionSyntax a => a.Left,
                    PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } p => p.Operand,
                    PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } p => p.Operand,
                    ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } arg => arg.Expression,
                    _ => null,
                };
                if (written != null && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(written).Symbol, symbol))
                {
                    count++;
                }
            }

            return count;
        }

        private static bool IsPositiveConstant(ExpressionSyntax expression, SemanticModel model)
        {
            Optional<object?> value = model.GetConstantValue(expression);
            return value.HasValue && value.Value is IConvertible c && c.ToDecimal(null) > 0;
        }

        private static bool IsInteger(ITypeSymbol type)
        {
            return type.SpecialType is SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_UInt16
                or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64;
        }

        private static decimal MaxOf(ITypeSymbol type)
        {
            return type.SpecialType switch
            {
                SpecialType.System_Byte => byte.MaxValue,
                SpecialType.System_SByte => sbyte.MaxValue,
                SpecialType.System_Int16 => short.MaxValue,
                SpecialType.System_UInt16 => ushort.MaxValue,
                SpecialType.System_Int32 => int.MaxValue,
                SpecialType.System_UInt32 => uint.MaxValue,
                SpecialType.System_Int64 => long.MaxValue,
                _ => ulong.MaxValue,
            };
        }

        private static decimal MinOf(ITypeSymbol type)
        {
            return type.SpecialType switch
            {
                SpecialType.System_SByte => sbyte.MinValue,
                SpecialType.System_Int16 => short.MinValue,
                SpecialType.System_Int32 => int.MinValue,
                SpecialType.System_Int64 => long.MinValue,
                _ => 0,
            };
        }

        private static ExpressionSyntax Unwrap(ExpressionSyntax expression)
        {
            while (true)
            {
                switch (expression)
                {
                    case ParenthesizedExpressionSyntax p:
                        expression = p.Expression;
                        break;
                    case CastExpressionSyntax c:
                        expression = c.Expression;
                        break;
                    default:
                        return expression;
                }
            }
        }
    }
}
