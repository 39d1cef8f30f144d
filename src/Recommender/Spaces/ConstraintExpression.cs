using System.Globalization;

namespace MLEnergy.Recommender.Spaces;

/// <summary>
/// A small arithmetic language for constraints between knobs: numbers, identifiers, + - * / and
/// unary minus and parentheses, comparisons (&lt;= &lt; &gt;= &gt; == !=) joined by <c>and</c> / <c>or</c>.
/// </summary>
internal static class ConstraintExpression
{
    internal abstract record Node;

    private sealed record Number(double Value) : Node;

    private sealed record Name(string Identifier) : Node;

    private sealed record Binary(string Op, Node Left, Node Right) : Node;

    public static Node Parse(string text)
    {
        var parser = new Parser(text);
        var node = parser.ParseOr();
        parser.ExpectEnd();
        return node;
    }

    public static double Evaluate(Node node, Func<string, double> lookup) =>
        node switch
        {
            Number n => n.Value,
            Name n => lookup(n.Identifier),
            Binary b => Apply(b.Op, Evaluate(b.Left, lookup), () => Evaluate(b.Right, lookup)),
            _ => throw new InvalidOperationException("unknown node"),
        };

    public static IReadOnlySet<string> Identifiers(Node node)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        Collect(node, names);
        return names;
    }

    private static void Collect(Node node, HashSet<string> names)
    {
        switch (node)
        {
            case Name n:
                names.Add(n.Identifier);
                break;
            case Binary b:
                Collect(b.Left, names);
                Collect(b.Right, names);
                break;
        }
    }

    private static double Apply(string op, double left, Func<double> right) =>
        op switch
        {
            "and" => left != 0 && right() != 0 ? 1 : 0,
            "or" => left != 0 || right() != 0 ? 1 : 0,
            "+" => left + right(),
            "-" => left - right(),
            "*" => left * right(),
            "/" => left / right(),
            "<=" => left <= right() + 1e-9 ? 1 : 0,
            "<" => left < right() ? 1 : 0,
            ">=" => left >= right() - 1e-9 ? 1 : 0,
            ">" => left > right() ? 1 : 0,
            "==" => Math.Abs(left - right()) < 1e-9 ? 1 : 0,
            "!=" => Math.Abs(left - right()) >= 1e-9 ? 1 : 0,
            _ => throw new InvalidOperationException($"unknown operator {op}"),
        };

    private sealed class Parser(string text)
    {
        /// <summary>Deeper nesting than any real rule needs is refused before it can exhaust the stack.</summary>
        private const int MaxDepth = 64;
        private static readonly string[] Comparisons = ["<=", ">=", "==", "!=", "<", ">"];
        private int _pos;
        private int _depth;

        public Node ParseOr() => Chain(ParseAnd, "or", "||");

        public void ExpectEnd()
        {
            SkipSpace();
            if (_pos < text.Length)
            {
                throw Error(
                    $"unexpected '{(text.Length - _pos <= 40 ? text[_pos..] : text[_pos..(_pos + 37)] + "...")}'"
                );
            }
        }

        private Node ParseAnd() => Chain(ParseComparison, "and", "&&");

        private Node Chain(Func<Node> next, string word, string symbol)
        {
            var left = next();
            while (TryTake(word) || TryTake(symbol))
            {
                left = new Binary(word, left, next());
            }

            return left;
        }

        private Node ParseComparison()
        {
            var left = ParseSum();
            foreach (var op in Comparisons)
            {
                if (TryTake(op))
                {
                    return new Binary(op, left, ParseSum());
                }
            }

            return left;
        }

        private Node ParseSum()
        {
            var left = ParseProduct();
            while (true)
            {
                if (TryTake("+"))
                {
                    left = new Binary("+", left, ParseProduct());
                }
                else if (TryTake("-"))
                {
                    left = new Binary("-", left, ParseProduct());
                }
                else
                {
                    return left;
                }
            }
        }

        private Node ParseProduct()
        {
            var left = ParseAtom();
            while (true)
            {
                if (TryTake("*"))
                {
                    left = new Binary("*", left, ParseAtom());
                }
                else if (TryTake("/"))
                {
                    left = new Binary("/", left, ParseAtom());
                }
                else
                {
                    return left;
                }
            }
        }

        private Node ParseAtom()
        {
            SkipSpace();
            if (TryTake("("))
            {
                var inner = Nested(ParseOr);
                if (!TryTake(")"))
                {
                    throw Error("missing ')'");
                }

                return inner;
            }

            if (TryTake("-"))
            {
                return new Binary("-", new Number(0), Nested(ParseAtom));
            }

            var start = _pos;
            if (_pos < text.Length && (char.IsDigit(text[_pos]) || text[_pos] == '.'))
            {
                while (_pos < text.Length && (char.IsDigit(text[_pos]) || text[_pos] == '.'))
                {
                    _pos++;
                }
                var literal = text[start.._pos];
                return double.TryParse(
                    literal,
                    NumberStyles.AllowDecimalPoint,
                    CultureInfo.InvariantCulture,
                    out var value
                )
                    ? new Number(value)
                    : throw Error($"'{literal}' is not a number");
            }

            while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] == '_'))
            {
                _pos++;
            }
            if (_pos == start)
            {
                throw Error(_pos < text.Length ? $"unexpected '{text[_pos]}'" : "unexpected end");
            }

            return new Name(text[start.._pos]);
        }

        private Node Nested(Func<Node> parse)
        {
            if (++_depth > MaxDepth)
            {
                throw Error($"nested more than {MaxDepth} levels deep");
            }

            var node = parse();
            _depth--;
            return node;
        }

        private bool TryTake(string token)
        {
            SkipSpace();
            if (string.CompareOrdinal(text, _pos, token, 0, token.Length) != 0)
            {
                return false;
            }

            var isWord = char.IsLetter(token[0]);
            if (isWord && _pos + token.Length < text.Length && char.IsLetterOrDigit(text[_pos + token.Length]))
            {
                return false;
            }

            _pos += token.Length;
            return true;
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        private FormatException Error(string what) =>
            new($"cannot read constraint '{(text.Length <= 80 ? text : text[..77] + "...")}': {what}");
    }
}
