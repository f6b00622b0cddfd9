using System.Linq.Expressions;

namespace CampaignStudio.Features.Audience.Segments;

/// <summary>A standard contact field as rules see it: its rule name, its label for people, and what it holds.</summary>
public sealed class ContactField
{
    internal ContactField(string name, string label, RuleFieldKind kind, LambdaExpression selector)
    {
        Name = name;
        Label = label;
        Kind = kind;
        Selector = selector;
    }

    public string Name { get; }

    public string Label { get; }

    public RuleFieldKind Kind { get; }

    /// <summary>Contact → the field's value (<c>string?</c>, <c>DateOnly?</c>, <c>DateTime?</c>), or → bool for presence.</summary>
    internal LambdaExpression Selector { get; }
}
