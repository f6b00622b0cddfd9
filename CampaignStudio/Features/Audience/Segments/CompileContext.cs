using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Audience.Segments;

/// <summary>
/// What compiling rules needs: the context whose sets the sub-queries read, the workspace's custom fields, and
/// "now" (from the injected <see cref="TimeProvider"/>), from which relative windows such as "last 90 days" are
/// computed once, so that a query is one consistent snapshot of time.
/// </summary>
public sealed record CompileContext(AppDbContext Db, IReadOnlyList<CustomFieldDefinition> CustomFields, DateTime NowUtc)
{
    internal bool IsSqlite { get; } = Db.Database.IsSqlite();

    internal DateOnly Today => DateOnly.FromDateTime(NowUtc);
}
