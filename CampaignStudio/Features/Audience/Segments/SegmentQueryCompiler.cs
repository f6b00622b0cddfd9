using System.Linq.Expressions;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Shared;
using static CampaignStudio.Features.Audience.Segments.Predicates;

namespace CampaignStudio.Features.Audience.Segments;

/// <summary>
/// Turns rules into one LINQ predicate on <see cref="Contact"/> that EF translates to a single SQL query on both
/// providers: groups become AND / OR / NOT, conditions on other tables become <c>Id IN (sub-query)</c>, and every
/// value is a query parameter. Rules must have passed <see cref="SegmentValidator"/>.
/// </summary>
public sealed class SegmentQueryCompiler
{
    public IQueryable<Contact> Apply(IQueryable<Contact> contacts, SegmentDefinition definition, CompileContext ctx) =>
        contacts.Where(Compile(definition.Root, ctx));

    /// <summary>The predicate of one node (a group with everything under it, or one condition).</summary>
    public Expression<Func<Contact, bool>> Compile(RuleNode node, CompileContext ctx, string path = "root") => node switch
    {
        RuleGroup group => Group(group, ctx, path),
        FieldCondition field => StandardField(field, ctx),
        CustomFieldCondition custom => CustomField(custom, ctx),
        TagCondition tag => Tag(tag, ctx),
        ConsentCondition consent => Consent(consent.Channel, consent.Status!.Value, ctx),
        ReachableCondition reachable => Reachable(reachable.Channel, ctx),
        EventCondition evt => new EventPredicates(ctx).Compile(evt),
        EngagementCondition engagement => new EngagementPredicates(ctx).Compile(engagement),
        _ => throw new InvalidOperationException($"No compiler for the rule {node.GetType().Name}."),
    };

    private Expression<Func<Contact, bool>> Group(RuleGroup group, CompileContext ctx, string path)
    {
        var isAnd = group.Operator == GroupOperator.And;
        // Event aggregates next to narrowing siblings are computed per remaining contact (see EventPredicates).
        var narrowed = isAnd && group.Rules.Any(r => r is not EventCondition);
        var parts = group.Rules.Select((rule, i) => rule is EventCondition evt && narrowed
            ? new EventPredicates(ctx).Compile(evt, perContact: true)
            : Compile(rule, ctx, $"{path}.rules[{i}]")).ToList();
        var combined = parts.Count == 0
            ? Always<Contact>(isAnd)
            : parts.Aggregate((all, next) => isAnd ? And(all, next) : Or(all, next));
        return group.Negate ? Not(combined) : combined;
    }

    private static Expression<Func<Contact, bool>> StandardField(FieldCondition condition, CompileContext ctx)
    {
        var field = ContactFields.Find(condition.Field)!;
        var (op, negated) = ValueTests.Normalize(condition.Operator!.Value);
        var predicate = field.Kind == RuleFieldKind.Presence
            ? (Expression<Func<Contact, bool>>)field.Selector
            : Bind<Contact>(field.Selector, ValueTests.For(field.Kind, op, condition, ctx));
        return negated ? Not(predicate) : predicate;
    }

    private static Expression<Func<Contact, bool>> CustomField(CustomFieldCondition condition, CompileContext ctx)
    {
        var field = ctx.CustomFields.First(f => string.Equals(f.Key, condition.Key, StringComparison.OrdinalIgnoreCase));
        var kind = OperatorSets.KindOf(field.Type);
        var (op, negated) = ValueTests.Normalize(condition.Operator!.Value);
        var test = Bind<ContactFieldValue>(ColumnOf(kind), ValueTests.For(kind, op, condition, ctx));
        var fieldId = field.Id;
        var matching = ctx.Db.ContactFieldValues.Where(v => v.FieldId == fieldId).Where(test).Select(v => v.ContactId);
        Expression<Func<Contact, bool>> predicate = c => matching.Contains(c.Id);
        return negated ? Not(predicate) : predicate;
    }

    private static LambdaExpression ColumnOf(RuleFieldKind kind) => kind switch
    {
        RuleFieldKind.Number => (Expression<Func<ContactFieldValue, decimal?>>)(v => v.NumberValue),
        RuleFieldKind.Date => (Expression<Func<ContactFieldValue, DateOnly?>>)(v => v.DateValue),
        RuleFieldKind.Boolean => (Expression<Func<ContactFieldValue, bool?>>)(v => v.BoolValue),
        _ => (Expression<Func<ContactFieldValue, string?>>)(v => v.TextValue),
    };

    private static Expression<Func<Contact, bool>> Tag(TagCondition condition, CompileContext ctx)
    {
        var tags = condition.Tags.Select(t => t.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var test = Bind<ContactTag>((Expression<Func<ContactTag, string?>>)(t => t.Tag), new TextMatcher(ctx.IsSqlite).In(tags));
        var tagged = ctx.Db.ContactTags.Where(test).Select(t => t.ContactId);
        Expression<Func<Contact, bool>> predicate = c => tagged.Contains(c.Id);
        return condition.Operator == RuleOperator.NotHasTag ? Not(predicate) : predicate;
    }

    /// <summary>Unknown is "no row, or a row saying Unknown": NOT IN the contacts who answered.</summary>
    private static Expression<Func<Contact, bool>> Consent(Channel channel, ConsentStatus status, CompileContext ctx)
    {
        if (status == ConsentStatus.Unknown)
        {
            var answered = ctx.Db.ContactConsents.Where(x => x.Channel == channel && x.Status != ConsentStatus.Unknown).Select(x => x.ContactId);
            return c => !answered.Contains(c.Id);
        }

        var matching = ctx.Db.ContactConsents.Where(x => x.Channel == channel && x.Status == status).Select(x => x.ContactId);
        return c => matching.Contains(c.Id);
    }

    private static Expression<Func<Contact, bool>> Reachable(Channel channel, CompileContext ctx) =>
        And(Address(channel, ctx), Consent(channel, ConsentStatus.Granted, ctx));

    private static Expression<Func<Contact, bool>> Address(Channel channel, CompileContext ctx)
    {
        switch (channel)
        {
            case Channel.Email:
                return c => c.EmailHash != null;
            case Channel.Sms or Channel.WhatsApp:
                return c => c.PhoneHash != null;
            default:
                var withToken = ctx.Db.ContactPushTokens.Select(t => t.ContactId);
                return c => withToken.Contains(c.Id);
        }
    }
}
