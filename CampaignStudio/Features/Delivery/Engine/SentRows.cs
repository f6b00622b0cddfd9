using System.Linq.Expressions;
using CampaignStudio.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace CampaignStudio.Features.Delivery.Engine;

/// <summary>
/// Saves the rows of a chunk that the provider accepted (<see cref="DeliveryRecord.MarkSent"/>) in one UPDATE, the
/// provider's message ids chosen row by row: the change tracker would write one UPDATE per row, each followed by its
/// own check of the claim token, which made recording results the database's largest cost of a send. The statement
/// keeps the same guard: it changes only rows that still carry the claim token they were claimed with, so a row whose
/// lease ran out and which another worker claimed keeps that worker's state.
/// </summary>
public static class SentRows
{
    /// <summary>
    /// Writes <paramref name="rows"/> (tracked, just marked Sent) and marks them saved in the change tracker; returns how
    /// many rows of the chunk another worker had claimed meanwhile (not written, and no longer tracked).
    /// </summary>
    public static async Task<int> SaveAsync(AppDbContext db, IReadOnlyList<DeliveryRecord> rows, CancellationToken cancellationToken)
    {
        var lost = 0;
        // Rows of one chunk share their claim, provider and time; anything else is written group by group.
        foreach (var group in rows.GroupBy(r => (Token: db.Entry(r).Property(d => d.ClaimToken).OriginalValue, r.Provider, r.SentUtc, r.UpdatedUtc)))
        {
            var chunk = group.ToList();
            var (token, provider, sentUtc, updatedUtc) = group.Key;
            var ids = chunk.ConvertAll(r => r.Id);
            var setters = Setters(provider, sentUtc, updatedUtc, new MessageIds([.. ids], [.. chunk.Select(r => r.ProviderMessageId)]).ByRow());
            var written = await db.Deliveries
                .Where(d => EF.Constant(ids).Contains(d.Id) && d.ClaimToken == token && d.Status == DeliveryStatus.InFlight)
                .ExecuteUpdateAsync(setters, cancellationToken);
            if (written == chunk.Count)
            {
                chunk.ForEach(r => db.Entry(r).State = EntityState.Unchanged);
            }
            else
            {
                // Which rows were taken over is not worth a query: the chunk is done either way.
                lost += chunk.Count - written;
                chunk.ForEach(r => db.Entry(r).State = EntityState.Detached);
            }
        }

        return lost;
    }

    /// <summary>What MarkSent changed, with <paramref name="messageIds"/> in place of <see cref="MessageIdOfRow"/>.</summary>
    private static Expression<Func<SetPropertyCalls<DeliveryRecord>, SetPropertyCalls<DeliveryRecord>>> Setters(string? provider, DateTime? sentUtc, DateTime updatedUtc, LambdaExpression messageIds)
    {
        Expression<Func<SetPropertyCalls<DeliveryRecord>, SetPropertyCalls<DeliveryRecord>>> setters =
            s => s.SetProperty(d => d.Status, DeliveryStatus.Sent)
                .SetProperty(d => d.Provider, provider)
                .SetProperty(d => d.ProviderMessageId, d => MessageIdOfRow(d))
                .SetProperty(d => d.Error, (string?)null)
                .SetProperty(d => d.SentUtc, sentUtc)
                .SetProperty(d => d.ClaimToken, (Guid?)null)
                .SetProperty(d => d.LeaseUntilUtc, (DateTime?)null)
                .SetProperty(d => d.UpdatedUtc, updatedUtc);
        return (Expression<Func<SetPropertyCalls<DeliveryRecord>, SetPropertyCalls<DeliveryRecord>>>)new Placeholder(messageIds).Visit(setters);
    }

    /// <summary>Stands for the row-by-row message ids in <see cref="Setters"/>; replaced before EF Core sees the statement.</summary>
    private static string? MessageIdOfRow(DeliveryRecord row) => throw new InvalidOperationException($"{row.Id}: a placeholder, never called.");

    private sealed class Placeholder(LambdaExpression replacement) : ExpressionVisitor
    {
        protected override Expression VisitLambda<T>(Expression<T> node) =>
            node.Body is MethodCallExpression { Method.Name: nameof(MessageIdOfRow) } ? replacement : base.VisitLambda(node);
    }

    /// <summary>
    /// The message ids of a chunk, by row: <c>CASE Id WHEN @id0 THEN @mid0 …</c>, read from this object's arrays so
    /// that EF Core passes them as parameters and reuses the translated statement for every chunk of the same size.
    /// </summary>
    private sealed class MessageIds(long[] ids, string?[] values)
    {
        public long[] Ids { get; } = ids;

        public string?[] Values { get; } = values;

        public Expression<Func<DeliveryRecord, string?>> ByRow()
        {
            var d = Expression.Parameter(typeof(DeliveryRecord), "d");
            var self = Expression.Constant(this);
            var id = Expression.Property(d, nameof(DeliveryRecord.Id));
            Expression body = Expression.Property(d, nameof(DeliveryRecord.ProviderMessageId));
            for (var i = Ids.Length - 1; i >= 0; i--)
            {
                var index = Expression.Constant(i);
                body = Expression.Condition(
                    Expression.Equal(id, Expression.ArrayIndex(Expression.Property(self, nameof(Ids)), index)),
                    Expression.ArrayIndex(Expression.Property(self, nameof(Values)), index),
                    body);
            }

            return Expression.Lambda<Func<DeliveryRecord, string?>>(body, d);
        }
    }
}
