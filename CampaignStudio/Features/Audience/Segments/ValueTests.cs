using System.Linq.Expressions;
using static CampaignStudio.Features.Audience.Segments.Predicates;

namespace CampaignStudio.Features.Audience.Segments;

/// <summary>
/// A positive operator (equals, in, gt, on, inLast, isSet, …) with its operands, as a test on one value of a field:
/// <c>string?</c>, <c>decimal?</c>, <c>DateOnly?</c>, <c>DateTime?</c> or <c>bool?</c>. Negative operators are
/// compiled as NOT of their positive twin by the caller. Operands were checked by <see cref="SegmentValidator"/>.
/// </summary>
internal static class ValueTests
{
    public static LambdaExpression For(RuleFieldKind kind, RuleOperator op, RuleOperand operand, CompileContext ctx) => kind switch
    {
        RuleFieldKind.Text or RuleFieldKind.Choice => Text(op, operand, new TextMatcher(ctx.IsSqlite)),
        RuleFieldKind.Number => Number(op, operand),
        RuleFieldKind.Date => Date(op, operand, ctx.Today),
        RuleFieldKind.Instant => Instant(op, operand, ctx.NowUtc),
        RuleFieldKind.Boolean => Boolean(op),
        _ => throw Unsupported(op, kind),
    };

    /// <summary>The operator that means NOT <paramref name="op"/>'s twin, split into the twin and a negation flag.</summary>
    public static (RuleOperator Positive, bool Negated) Normalize(RuleOperator op) => op switch
    {
        RuleOperator.NotEqualTo => (RuleOperator.EqualTo, true),
        RuleOperator.NotIn => (RuleOperator.In, true),
        RuleOperator.IsEmpty => (RuleOperator.IsSet, true),
        RuleOperator.Neq => (RuleOperator.Eq, true),
        RuleOperator.NotHasTag => (RuleOperator.HasTag, true),
        _ => (op, false),
    };

    private static Expression<Func<string?, bool>> Text(RuleOperator op, RuleOperand operand, TextMatcher match) => op switch
    {
        RuleOperator.EqualTo => match.EqualTo(TextOf(operand.Value)),
        RuleOperator.In => match.In([.. operand.Values!.Select(TextOf)]),
        RuleOperator.Contains => match.Contains(TextOf(operand.Value)),
        RuleOperator.StartsWith => match.StartsWith(TextOf(operand.Value)),
        RuleOperator.EndsWith => match.EndsWith(TextOf(operand.Value)),
        RuleOperator.IsSet => TextMatcher.IsSet(),
        _ => throw Unsupported(op, RuleFieldKind.Text),
    };

    private static Expression<Func<decimal?, bool>> Number(RuleOperator op, RuleOperand operand) => op switch
    {
        RuleOperator.IsSet => HasValue<decimal?>(),
        RuleOperator.Between => And(
            Compare<decimal?>(ExpressionType.GreaterThanOrEqual, NumberOf(operand.From)),
            Compare<decimal?>(ExpressionType.LessThanOrEqual, NumberOf(operand.To))),
        _ => Compare<decimal?>(ComparisonOf(op), NumberOf(operand.Value)),
    };

    private static Expression<Func<DateOnly?, bool>> Date(RuleOperator op, RuleOperand operand, DateOnly today) => op switch
    {
        RuleOperator.On => Compare<DateOnly?>(ExpressionType.Equal, DateOf(operand.Value)),
        RuleOperator.Before => Compare<DateOnly?>(ExpressionType.LessThan, DateOf(operand.Value)),
        RuleOperator.After => Compare<DateOnly?>(ExpressionType.GreaterThan, DateOf(operand.Value)),
        RuleOperator.Between => And(
            Compare<DateOnly?>(ExpressionType.GreaterThanOrEqual, DateOf(operand.From)),
            Compare<DateOnly?>(ExpressionType.LessThanOrEqual, DateOf(operand.To))),
        RuleOperator.InLast => And(
            Compare<DateOnly?>(ExpressionType.GreaterThanOrEqual, DaysBack(today, operand)),
            Compare<DateOnly?>(ExpressionType.LessThanOrEqual, today)),
        RuleOperator.MoreThanAgo => Compare<DateOnly?>(ExpressionType.LessThan, DaysBack(today, operand)),
        RuleOperator.IsSet => HasValue<DateOnly?>(),
        _ => throw Unsupported(op, RuleFieldKind.Date),
    };

    /// <summary>Dates name whole UTC days: "on 2026-01-31" is [00:00, next 00:00).</summary>
    private static Expression<Func<DateTime?, bool>> Instant(RuleOperator op, RuleOperand operand, DateTime nowUtc) => op switch
    {
        RuleOperator.On => And(AtOrAfter(DayStart(operand.Value)), Before(DayStart(operand.Value, 1))),
        RuleOperator.Before => Before(DayStart(operand.Value)),
        RuleOperator.After => AtOrAfter(DayStart(operand.Value, 1)),
        RuleOperator.Between => And(AtOrAfter(DayStart(operand.From)), Before(DayStart(operand.To, 1))),
        RuleOperator.InLast => AtOrAfter(PeriodMath.Subtract(nowUtc, operand.Amount!.Value, operand.Unit!.Value)),
        RuleOperator.MoreThanAgo => Before(PeriodMath.Subtract(nowUtc, operand.Amount!.Value, operand.Unit!.Value)),
        RuleOperator.IsSet => HasValue<DateTime?>(),
        _ => throw Unsupported(op, RuleFieldKind.Instant),
    };

    private static Expression<Func<bool?, bool>> Boolean(RuleOperator op) => op switch
    {
        RuleOperator.IsTrue => b => b == true,
        RuleOperator.IsFalse => b => b == false,
        RuleOperator.IsSet => b => b != null,
        _ => throw Unsupported(op, RuleFieldKind.Boolean),
    };

    public static ExpressionType ComparisonOf(RuleOperator op) => op switch
    {
        RuleOperator.Eq => ExpressionType.Equal,
        RuleOperator.Gt => ExpressionType.GreaterThan,
        RuleOperator.Gte => ExpressionType.GreaterThanOrEqual,
        RuleOperator.Lt => ExpressionType.LessThan,
        RuleOperator.Lte => ExpressionType.LessThanOrEqual,
        _ => throw Unsupported(op, RuleFieldKind.Number),
    };

    public static string TextOf(RuleValue? value) => value!.Text.Trim();

    public static decimal NumberOf(RuleValue? value) => value!.TryGetNumber(out var number) ? number : throw new InvalidOperationException($"'{value}' is not a number.");

    public static DateOnly DateOf(RuleValue? value) => value!.TryGetDate(out var date) ? date : throw new InvalidOperationException($"'{value}' is not a date.");

    public static DateTime DayStart(RuleValue? value, int addDays = 0) => PeriodMath.StartOf(DateOf(value).AddDays(addDays));

    private static DateOnly DaysBack(DateOnly today, RuleOperand operand) =>
        DateOnly.FromDateTime(PeriodMath.Subtract(PeriodMath.StartOf(today), operand.Amount!.Value, operand.Unit!.Value));

    private static Expression<Func<DateTime?, bool>> AtOrAfter(DateTime instant) => Compare<DateTime?>(ExpressionType.GreaterThanOrEqual, instant);

    private static Expression<Func<DateTime?, bool>> Before(DateTime instant) => Compare<DateTime?>(ExpressionType.LessThan, instant);

    private static InvalidOperationException Unsupported(RuleOperator op, RuleFieldKind kind) =>
        new($"'{OperatorSets.JsonName(op)}' does not apply to a {OperatorSets.KindWord(kind)} value; validate rules before compiling them.");
}
