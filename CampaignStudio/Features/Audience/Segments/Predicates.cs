using System.Linq.Expressions;

namespace CampaignStudio.Features.Audience.Segments;

/// <summary>
/// Small tools to build predicates as expression trees: combine with AND / OR / NOT, plug a value test onto a
/// selector, and turn a value into something EF sends as a query parameter.
/// </summary>
internal static class Predicates
{
    public static Expression<Func<T, bool>> Always<T>(bool value) =>
        Expression.Lambda<Func<T, bool>>(Expression.Constant(value), Expression.Parameter(typeof(T), "x"));

    public static Expression<Func<T, bool>> And<T>(Expression<Func<T, bool>> left, Expression<Func<T, bool>> right) =>
        Combine(left, right, Expression.AndAlso);

    public static Expression<Func<T, bool>> Or<T>(Expression<Func<T, bool>> left, Expression<Func<T, bool>> right) =>
        Combine(left, right, Expression.OrElse);

    public static Expression<Func<T, bool>> Not<T>(Expression<Func<T, bool>> predicate) =>
        Expression.Lambda<Func<T, bool>>(Expression.Not(predicate.Body), predicate.Parameters);

    /// <summary><c>x => test(selector(x))</c>: a test on a value applied to the value a selector picks.</summary>
    public static Expression<Func<T, bool>> Bind<T>(LambdaExpression selector, LambdaExpression test) =>
        Expression.Lambda<Func<T, bool>>(Replace(test.Body, test.Parameters[0], selector.Body), selector.Parameters);

    /// <summary><c>x => x (op) value</c> with the value as a query parameter.</summary>
    public static Expression<Func<T, bool>> Compare<T>(ExpressionType comparison, T value)
    {
        var x = Expression.Parameter(typeof(T), "x");
        return Expression.Lambda<Func<T, bool>>(Expression.MakeBinary(comparison, x, Parameter(value)), x);
    }

    /// <summary><c>x => x != null</c>.</summary>
    public static Expression<Func<T, bool>> HasValue<T>()
    {
        var x = Expression.Parameter(typeof(T), "x");
        return Expression.Lambda<Func<T, bool>>(Expression.NotEqual(x, Expression.Constant(null, typeof(T))), x);
    }

    /// <summary>
    /// A value read through a member of a constant, which is how a captured variable looks to EF: it becomes a
    /// parameter of the SQL command, never text inside it.
    /// </summary>
    public static Expression Parameter<T>(T value) => Expression.Property(Expression.Constant(new Box<T>(value)), nameof(Box<T>.Value));

    private static Expression<Func<T, bool>> Combine<T>(Expression<Func<T, bool>> left, Expression<Func<T, bool>> right, Func<Expression, Expression, Expression> join) =>
        Expression.Lambda<Func<T, bool>>(join(left.Body, Replace(right.Body, right.Parameters[0], left.Parameters[0])), left.Parameters);

    private static Expression Replace(Expression body, ParameterExpression from, Expression to) => new Replacer(from, to).Visit(body);

    private sealed class Replacer(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    private sealed class Box<T>(T value)
    {
        public T Value { get; } = value;
    }
}
