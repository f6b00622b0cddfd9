using System.Linq.Expressions;
using CampaignStudio.Features.Audience.Contacts;
using static CampaignStudio.Features.Audience.Segments.Predicates;

namespace CampaignStudio.Features.Audience.Segments;

/// <summary>
/// Compiles an <see cref="EventCondition"/> set-based: <c>contact.Id IN (SELECT ContactId FROM events WHERE name = …
/// AND occurred ≥ … GROUP BY ContactId HAVING …)</c>, one scan of the events index for the whole audience.
/// A condition that also holds for a contact without any matching event (count = 0, sum &lt; 100, never) is written
/// as NOT IN the set of contacts whose events break it, so that those contacts are included without a
/// per-contact sub-query.
/// Next to conditions that already narrow the audience (in an AND group), the aggregate is instead computed per
/// remaining contact through the (ContactId, name, …) index: a few index seeks per candidate beat grouping a whole
/// window of events (on 1M contacts and 10M events: 0.7 s against 2.2 s; see benchmarks/README.md).
/// Values are aggregated as double: SQLite stores decimals as text and cannot SUM/MIN/MAX them; sums are rounded to
/// the 4 decimals values are stored with, so that "sum = 100.1" still compares exactly.
/// </summary>
internal sealed class EventPredicates(CompileContext ctx)
{
    private const int StoredDecimals = 4;

    public Expression<Func<Contact, bool>> Compile(EventCondition condition, bool perContact = false)
    {
        var rows = Rows(condition);
        return condition.Aggregate switch
        {
            EventAggregate.Last => Last(rows, condition),
            _ when perContact => PerContact(rows, condition),
            _ => Aggregate(rows, condition),
        };
    }

    /// <summary>The aggregate as a correlated sub-query of each contact: no events means count 0, sum 0, no min or max.</summary>
    private static Expression<Func<Contact, bool>> PerContact(IQueryable<EventRow> rows, EventCondition condition)
    {
        var op = condition.Operator!.Value;
        return condition.Aggregate switch
        {
            EventAggregate.Count => Bind<Contact>(
                (Expression<Func<Contact, int>>)(c => rows.Count(r => r.ContactId == c.Id)),
                Test(op, condition, n => (int)n)),
            EventAggregate.Sum => Bind<Contact>(
                (Expression<Func<Contact, double>>)(c => Math.Round(rows.Where(r => r.ContactId == c.Id).Sum(r => r.Value ?? 0), StoredDecimals)),
                Test(op, condition, n => (double)n)),
            EventAggregate.Min => Bind<Contact>(
                (Expression<Func<Contact, double?>>)(c => rows.Where(r => r.ContactId == c.Id).Min(r => r.Value)),
                ExtremeTest(op, condition)),
            _ => Bind<Contact>(
                (Expression<Func<Contact, double?>>)(c => rows.Where(r => r.ContactId == c.Id).Max(r => r.Value)),
                ExtremeTest(op, condition)),
        };
    }

    private IQueryable<EventRow> Rows(EventCondition condition)
    {
        var name = condition.Event.Trim();
        var property = condition.Property?.Trim();
        var rows = property is null
            ? ctx.Db.ContactEvents
                .Where(e => e.Name == name)
                .Select(e => new EventRow { ContactId = e.ContactId, OccurredUtc = e.OccurredUtc, Value = (double?)e.Value })
            : ctx.Db.ContactEventMeasures
                .Where(m => m.EventName == name && m.Key == property)
                .Select(m => new EventRow { ContactId = m.ContactId, OccurredUtc = m.OccurredUtc, Value = (double)m.Value });
        return InWindow(rows, condition.Window);
    }

    private IQueryable<EventRow> InWindow(IQueryable<EventRow> rows, EventWindow? window)
    {
        if (window?.InLast is { } last)
        {
            var since = last.Before(ctx.NowUtc);
            return rows.Where(r => r.OccurredUtc >= since);
        }

        if (window?.From is { } from)
        {
            var start = PeriodMath.StartOf(from);
            rows = rows.Where(r => r.OccurredUtc >= start);
        }

        if (window?.To is { } to)
        {
            var end = PeriodMath.StartOf(to.AddDays(1));
            rows = rows.Where(r => r.OccurredUtc < end);
        }

        return rows;
    }

    private static Expression<Func<Contact, bool>> Aggregate(IQueryable<EventRow> rows, EventCondition condition)
    {
        var op = condition.Operator!.Value;
        var having = condition.Aggregate switch
        {
            EventAggregate.Count => Having<int>(g => g.Count(), Test(op, condition, n => (int)n)),
            EventAggregate.Sum => Having<double>(g => Math.Round(g.Sum(r => r.Value ?? 0), StoredDecimals), Test(op, condition, n => (double)n)),
            EventAggregate.Min => Having<double?>(g => g.Min(r => r.Value), ExtremeTest(op, condition)),
            _ => Having<double?>(g => g.Max(r => r.Value), ExtremeTest(op, condition)),
        };
        var groups = rows.GroupBy(r => r.ContactId);
        if (condition.Aggregate is EventAggregate.Count or EventAggregate.Sum && HoldsForZero(op, condition))
        {
            var breaking = groups.Where(Not(having)).Select(g => g.Key);
            return c => !breaking.Contains(c.Id);
        }

        var matching = groups.Where(having).Select(g => g.Key);
        return c => matching.Contains(c.Id);
    }

    private static Expression<Func<IGrouping<long, EventRow>, bool>> Having<T>(Expression<Func<IGrouping<long, EventRow>, T>> aggregate, Expression<Func<T, bool>> test) =>
        Bind<IGrouping<long, EventRow>>(aggregate, test);

    private static Expression<Func<T, bool>> Test<T>(RuleOperator op, RuleOperand operand, Func<decimal, T> convert)
    {
        var (positive, negated) = ValueTests.Normalize(op);
        var test = positive == RuleOperator.Between
            ? And(
                Compare(ExpressionType.GreaterThanOrEqual, convert(ValueTests.NumberOf(operand.From))),
                Compare(ExpressionType.LessThanOrEqual, convert(ValueTests.NumberOf(operand.To))))
            : Compare(ValueTests.ComparisonOf(positive), convert(ValueTests.NumberOf(operand.Value)));
        return negated ? Not(test) : test;
    }

    /// <summary>Events without a value have no min or max, so no comparison (not even ≠) holds for them.</summary>
    private static Expression<Func<double?, bool>> ExtremeTest(RuleOperator op, RuleOperand operand) =>
        And(HasValue<double?>(), Test(op, operand, n => (double?)n));

    /// <summary>Whether a contact without matching events (count 0, sum 0) satisfies the comparison.</summary>
    private static bool HoldsForZero(RuleOperator op, RuleOperand operand) => op switch
    {
        RuleOperator.Eq => ValueTests.NumberOf(operand.Value) == 0,
        RuleOperator.Neq => ValueTests.NumberOf(operand.Value) != 0,
        RuleOperator.Gt => 0 > ValueTests.NumberOf(operand.Value),
        RuleOperator.Gte => 0 >= ValueTests.NumberOf(operand.Value),
        RuleOperator.Lt => 0 < ValueTests.NumberOf(operand.Value),
        RuleOperator.Lte => 0 <= ValueTests.NumberOf(operand.Value),
        RuleOperator.Between => ValueTests.NumberOf(operand.From) <= 0 && 0 <= ValueTests.NumberOf(operand.To),
        _ => false,
    };

    /// <summary>The last occurrence, as sets of contacts with occurrences (after a cut-off), without aggregating times.</summary>
    private Expression<Func<Contact, bool>> Last(IQueryable<EventRow> rows, EventCondition condition)
    {
        var ever = rows.Select(r => r.ContactId);
        switch (condition.Operator!.Value)
        {
            case RuleOperator.Never:
                return c => !ever.Contains(c.Id);
            case RuleOperator.After:
                var afterDay = Since(rows, ValueTests.DayStart(condition.Value, 1));
                return c => afterDay.Contains(c.Id);
            case RuleOperator.InLast:
                var recently = Since(rows, PeriodMath.Subtract(ctx.NowUtc, condition.Amount!.Value, condition.Unit!.Value));
                return c => recently.Contains(c.Id);
            case RuleOperator.Before:
                var fromDay = Since(rows, ValueTests.DayStart(condition.Value));
                return c => ever.Contains(c.Id) && !fromDay.Contains(c.Id);
            default:
                var notSince = Since(rows, PeriodMath.Subtract(ctx.NowUtc, condition.Amount!.Value, condition.Unit!.Value));
                return c => ever.Contains(c.Id) && !notSince.Contains(c.Id);
        }
    }

    private static IQueryable<long> Since(IQueryable<EventRow> rows, DateTime instant) =>
        rows.Where(r => r.OccurredUtc >= instant).Select(r => r.ContactId);
}
