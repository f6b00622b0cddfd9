using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Audience.Segments;

/// <summary>
/// Segments for pages and the API: counts, previews and reach of rules as they are being built, why a contact is in
/// or out, and the saved segments. Reading needs <see cref="Policies.Read"/>, saving <see cref="Policies.ManageCampaigns"/>.
/// Every query compiles the rules into one SQL statement; nothing loads an audience into memory.
/// </summary>
public sealed class SegmentService(
    IDbContextFactory<AppDbContext> contexts,
    CurrentUser currentUser,
    TimeProvider clock,
    SegmentValidator validator,
    SegmentQueryCompiler compiler)
{
    public const int MaxSample = 100;

    /// <summary>The most campaigns one search for an engagement condition offers.</summary>
    public const int MaxCampaignChoices = 20;

    public async Task<int> CountAsync(SegmentDefinition definition, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ctx = await PrepareAsync(db, definition, cancellationToken);
        return await compiler.Apply(db.Contacts, definition, ctx).CountAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SegmentContactSample>> SampleAsync(SegmentDefinition definition, int take = 20, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        if (take is < 1 or > MaxSample)
        {
            throw ValidationFailedException.For("take", $"A preview shows 1 to {MaxSample} contacts.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ctx = await PrepareAsync(db, definition, cancellationToken);
        return await compiler.Apply(db.Contacts.AsNoTracking(), definition, ctx)
            .OrderBy(c => c.Id)
            .Take(take)
            .Select(c => new SegmentContactSample(c.Id, c.FirstName, c.LastName, c.City, c.Country))
            .ToListAsync(cancellationToken);
    }

    public async Task<SegmentReach> ReachableCountsAsync(SegmentDefinition definition, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ctx = await PrepareAsync(db, definition, cancellationToken);
        var audience = compiler.Apply(db.Contacts, definition, ctx);
        var reachable = new Dictionary<Channel, int>();
        foreach (var channel in Enum.GetValues<Channel>())
        {
            var onChannel = compiler.Compile(new ReachableCondition { Channel = channel }, ctx);
            reachable[channel] = await audience.Where(onChannel).CountAsync(cancellationToken);
        }

        return new SegmentReach(await audience.CountAsync(cancellationToken), reachable);
    }

    /// <summary>Evaluates every group and condition on its own for one contact (one small query each, in SQL).</summary>
    public async Task<SegmentExplanation> ExplainAsync(SegmentDefinition definition, long contactId, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ctx = await PrepareAsync(db, definition, cancellationToken);
        if (!await db.Contacts.AnyAsync(c => c.Id == contactId, cancellationToken))
        {
            throw new NotFoundException("That contact does not exist.");
        }

        var root = await ExplainNodeAsync(definition.Root, "root", contactId, ctx, cancellationToken);
        return new SegmentExplanation(contactId, root.Satisfied, root);
    }

    /// <summary>Campaigns that started sending, newest first, whose name contains <paramref name="search"/>: what engagement conditions pick from.</summary>
    public async Task<IReadOnlyList<SentCampaignChoice>> SentCampaignsAsync(string? search, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaigns = db.Campaigns.AsNoTracking().Where(c => c.StartedUtc != null);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var normalized = Campaign.NormalizeName(search);
            campaigns = campaigns.Where(c => c.NormalizedName.Contains(normalized));
        }

        var found = await campaigns.OrderByDescending(c => c.StartedUtc).ThenByDescending(c => c.Id).Take(MaxCampaignChoices)
            .Select(c => new { c.Id, c.Name, c.StartedUtc })
            .ToListAsync(cancellationToken);
        return [.. found.Select(c => new SentCampaignChoice(c.Id, c.Name, Utc(c.StartedUtc)))];
    }

    /// <summary>The campaign a saved engagement condition names, sent or not; null when there is no such campaign.</summary>
    public async Task<SentCampaignChoice?> CampaignChoiceAsync(int campaignId, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId).Select(c => new { c.Id, c.Name, c.StartedUtc }).SingleOrDefaultAsync(cancellationToken);
        return found is null ? null : new SentCampaignChoice(found.Id, found.Name, Utc(found.StartedUtc));
    }

    /// <summary>A campaign's tracked links in content order (stored when its emails were first prepared).</summary>
    public async Task<IReadOnlyList<CampaignLinkChoice>> CampaignLinksAsync(int campaignId, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.CampaignLinks.AsNoTracking().Where(l => l.CampaignId == campaignId).OrderBy(l => l.LinkIndex)
            .Select(l => new CampaignLinkChoice(l.LinkIndex, l.Url))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SegmentSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Segments.AsNoTracking()
            .OrderBy(s => s.Name)
            .Select(s => new SegmentSummary(s.Id, s.Name, s.Description, s.CreatedByName, s.CreatedUtc, s.UpdatedUtc, s.Revision))
            .ToListAsync(cancellationToken);
    }

    public async Task<SegmentDetails> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return Details(await FindAsync(db, id, cancellationToken));
    }

    public async Task<SegmentDetails> CreateAsync(string name, string? description, SegmentDefinition definition, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ManageCampaigns);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await PrepareAsync(db, definition, cancellationToken);
        var segment = new Segment(name, description, definition, actor, clock.GetUtcNow().UtcDateTime);
        await EnsureNameFreeAsync(db, segment, cancellationToken);
        db.Segments.Add(segment);
        await SaveAsync(db, segment, cancellationToken);
        return Details(segment);
    }

    /// <summary>Saves a change made on <paramref name="concurrencyToken"/> (the <see cref="SegmentDetails.Revision"/> that was read).</summary>
    public async Task<SegmentDetails> UpdateAsync(int id, string name, string? description, SegmentDefinition definition, int concurrencyToken, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ManageCampaigns);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await PrepareAsync(db, definition, cancellationToken);
        var segment = await FindAsync(db, id, cancellationToken);
        segment.Update(name, description, definition, concurrencyToken, actor, clock.GetUtcNow().UtcDateTime);
        await EnsureNameFreeAsync(db, segment, cancellationToken);
        await SaveAsync(db, segment, cancellationToken);
        return Details(segment);
    }

    /// <summary>Deletes a segment that no campaign uses (a campaign's audience must stay what it was).</summary>
    public async Task DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.ManageCampaigns);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var segment = await FindAsync(db, id, cancellationToken);
        var usedBy = await db.CampaignSegments.Where(l => l.SegmentId == id)
            .Join(db.Campaigns, l => l.CampaignId, c => c.Id, (_, c) => c)
            .OrderBy(c => c.Id).Select(c => c.Name).Take(3).ToListAsync(cancellationToken);
        if (usedBy.Count > 0)
        {
            throw new ConflictException($"The segment '{segment.Name}' is used by campaigns ({string.Join(", ", usedBy.Select(n => $"'{n}'"))}{(usedBy.Count == 3 ? ", …" : "")}), so it stays; remove it from their audience first.");
        }

        db.Segments.Remove(segment);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Validates the rules against the workspace's custom fields and fixes "now" for the query.</summary>
    private async Task<CompileContext> PrepareAsync(AppDbContext db, SegmentDefinition definition, CancellationToken cancellationToken)
    {
        var customFields = await db.CustomFields.AsNoTracking().ToListAsync(cancellationToken);
        validator.Validate(definition, customFields);
        await CheckCampaignsAsync(db, definition, cancellationToken);
        return new CompileContext(db, customFields, clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>The campaigns (and links) engagement conditions name must exist: a rule about a campaign that is not there selects nobody, silently.</summary>
    private static async Task CheckCampaignsAsync(AppDbContext db, SegmentDefinition definition, CancellationToken cancellationToken)
    {
        var references = EngagementReferences.In(definition).Where(r => r.Condition.CampaignId is > 0).ToList();
        if (references.Count == 0)
        {
            return;
        }

        var ids = references.Select(r => r.Condition.CampaignId!.Value).Distinct().ToList();
        var known = (await db.Campaigns.Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet();
        var withLink = references.Where(r => r.Condition.LinkIndex is not null).Select(r => r.Condition.CampaignId!.Value).Distinct().ToList();
        var links = withLink.Count == 0
            ? []
            : (await db.CampaignLinks.Where(l => withLink.Contains(l.CampaignId)).Select(l => new { l.CampaignId, l.LinkIndex }).ToListAsync(cancellationToken))
                .Select(l => (l.CampaignId, l.LinkIndex)).ToHashSet();
        var errors = new FieldErrors();
        foreach (var (path, condition) in references)
        {
            var campaignId = condition.CampaignId!.Value;
            if (!known.Contains(campaignId))
            {
                errors.Add($"{path}.campaignId", $"There is no campaign #{campaignId}; choose another campaign, or any campaign.");
            }
            else if (condition.LinkIndex is { } link && !links.Contains((campaignId, link)))
            {
                errors.Add($"{path}.linkIndex", $"Campaign #{campaignId} has no tracked link {link}; choose one of its links, or any link.");
            }
        }

        errors.ThrowIfAny();
    }

    private async Task<ExplainedRule> ExplainNodeAsync(RuleNode node, string path, long contactId, CompileContext ctx, CancellationToken cancellationToken)
    {
        var children = new List<ExplainedRule>();
        if (node is RuleGroup group)
        {
            for (var i = 0; i < group.Rules.Count; i++)
            {
                children.Add(await ExplainNodeAsync(group.Rules[i], $"{path}.rules[{i}]", contactId, ctx, cancellationToken));
            }
        }

        var satisfied = await ctx.Db.Contacts
            .Where(c => c.Id == contactId)
            .Where(compiler.Compile(node, ctx, path))
            .CountAsync(cancellationToken) == 1;
        return new ExplainedRule(path, RuleDescriber.Describe(node, ctx.CustomFields), satisfied, children);
    }

    private static async Task<Segment> FindAsync(AppDbContext db, int id, CancellationToken cancellationToken) =>
        await db.Segments.FindAsync([id], cancellationToken) ?? throw new NotFoundException("That segment does not exist (any more).");

    private static async Task EnsureNameFreeAsync(AppDbContext db, Segment segment, CancellationToken cancellationToken)
    {
        if (await NameTakenAsync(db, segment, cancellationToken))
        {
            throw NameTaken(segment.Name);
        }
    }

    private static Task<bool> NameTakenAsync(AppDbContext db, Segment segment, CancellationToken cancellationToken) =>
        db.Segments.AnyAsync(s => s.NormalizedName == segment.NormalizedName && s.Id != segment.Id, cancellationToken);

    private static async Task SaveAsync(AppDbContext db, Segment segment, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException($"Someone else changed or deleted the segment '{segment.Name}' since you opened it. Reload it and make your change again.");
        }
        catch (DbUpdateException)
        {
            // Most likely two people saved the same name at once and the unique index said no.
            db.ChangeTracker.Clear();
            if (await NameTakenAsync(db, segment, cancellationToken))
            {
                throw NameTaken(segment.Name);
            }

            throw;
        }
    }

    private static ConflictException NameTaken(string name) => new($"A segment named '{name}' already exists; choose another name.");

    private static DateTime? Utc(DateTime? value) => value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;

    private static SegmentDetails Details(Segment s) =>
        new(s.Id, s.Name, s.Description, s.ReadDefinition(), s.CreatedByName, s.CreatedUtc, s.UpdatedByName, s.UpdatedUtc, s.Revision);
}
