using MLEnergy.Recommender.Knobs;

namespace MLEnergy.Recommender.Spaces;

/// <summary>A rule between knobs, e.g. <c>tensor_parallel * replicas &lt;= gpus</c>, parsed once.</summary>
public sealed class KnobConstraint
{
    private readonly ConstraintExpression.Node _root;

    private KnobConstraint(string text, ConstraintExpression.Node root)
    {
        Text = text;
        _root = root;
    }

    public string Text { get; }

    public IReadOnlySet<string> Identifiers => ConstraintExpression.Identifiers(_root);

    /// <summary>Parses the rule; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static KnobConstraint Parse(string text) => new(text, ConstraintExpression.Parse(text));

    public bool IsSatisfiedBy(Configuration configuration, IReadOnlyDictionary<string, double> variables) =>
        ConstraintExpression.Evaluate(
            _root,
            name =>
                configuration.Number(name)
                ?? (
                    variables.TryGetValue(name, out var v)
                        ? v
                        : throw new InvalidOperationException(
                            $"constraint '{Text}' names '{name}', which is neither a numeric knob nor a variable"
                        )
                )
        ) != 0;

    public override string ToString() => Text;
}
