using System.Globalization;
using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using CampaignStudio.Features.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// Campaigns for pages and the API: the list, the details, the wizard's saves, the lifecycle actions, approval, clone
/// and archive, the change log and content versions. Reading needs <see cref="Policies.Read"/>, approving and rejecting
/// <see cref="Policies.ApproveCampaigns"/>, everything else <see cref="Policies.ManageCampaigns"/>. Every change names the revision it is based on where the caller has one;
/// a stale one is a <see cref="ConflictException"/> and nothing is saved, so the caller still holds its input.
/// </summary>
public sealed class CampaignService(
    IDbContextFactory<AppDbContext> contexts,
    CurrentUser currentUser,
    TimeProvider clock,
    ICampaignContentValidator contentValidator,
    SegmentQueryCompiler compiler,
    IDeliveryProgress changes,
    IWebhookPublisher webhooks,
    CampaignApprovalNotices approvalNotices,
    IOptions<DeliveryOptions> deliveryOptions)
{
    public const int MaxChanges = 500;

    public async Task<CampaignPage> ListAsync(CampaignQuery query, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaigns = db.Campaigns.AsNoTracking();
        if (!query.IncludeArchived)
        {
            campaigns = campaigns.Where(c => c.ArchivedUtc == null);
        }

        if (query.Statuses.Count > 0)
        {
            var statuses = query.Statuses.Distinct().ToList();
            campaigns = campaigns.Where(c => statuses.Contains(c.Status));
        }

        if (query.Channel is { } channel)
        {
            var flag = channel.ToFlag();
            campaigns = campaigns.Where(c => (c.Channels & flag) == flag);
        }

        if (!string.IsNullOrWhiteSpace(query.CreatedById))
        {
            campaigns = campaigns.Where(c => c.CreatedById == query.CreatedById);
        }

        if (query.ScheduledFromUtc is { } from)
        {
            campaigns = campaigns.Where(c => c.ScheduledForUtc >= from);
        }

        if (query.ScheduledToUtc is { } to)
        {
            campaigns = campaigns.Where(c => c.ScheduledForUtc < to);
        }

        if (query.SegmentId is { } segmentId)
        {
            campaigns = campaigns.Where(c => db.CampaignSegments.Any(s => s.CampaignId == c.Id && s.SegmentId == segmentId && s.Role == CampaignSegmentRole.Include));
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = Campaign.NormalizeName(query.Search);
            campaigns = campaigns.Where(c => c.NormalizedName.Contains(search));
        }

        var total = await campaigns.CountAsync(cancellationToken);
        var ordered = query.Sort switch
        {
            CampaignSort.Oldest => campaigns.OrderBy(c => c.CreatedUtc).ThenBy(c => c.Id),
            CampaignSort.Name => campaigns.OrderBy(c => c.NormalizedName).ThenBy(c => c.Id),
            CampaignSort.NameDescending => campaigns.OrderByDescending(c => c.NormalizedName).ThenByDescending(c => c.Id),
            CampaignSort.ScheduledFor => campaigns.OrderBy(c => c.ScheduledForUtc).ThenBy(c => c.Id),
            CampaignSort.ScheduledForDescending => campaigns.OrderByDescending(c => c.ScheduledForUtc).ThenByDescending(c => c.Id),
            CampaignSort.RecentlyUpdated => campaigns.OrderByDescending(c => c.UpdatedUtc).ThenByDescending(c => c.Id),
            CampaignSort.Status => campaigns.OrderBy(c => c.Status).ThenByDescending(c => c.CreatedUtc).ThenByDescending(c => c.Id),
            CampaignSort.StatusDescending => campaigns.OrderByDescending(c => c.Status).ThenBy(c => c.CreatedUtc).ThenBy(c => c.Id),
            _ => campaigns.OrderByDescending(c => c.CreatedUtc).ThenByDescending(c => c.Id),
        };
        var pageSize = Math.Clamp(query.PageSize, 1, CampaignQuery.MaxPageSize);
        // The page's ids first: the sort's index holds them (with the primary key), so a deep page skips index
        // entries rather than whole rows; then only those rows are read.
        var pageIds = await ordered.Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize).Select(c => c.Id).ToListAsync(cancellationToken);
        var position = pageIds.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index);
        var page = pageIds.Count == 0
            ? []
            : (await db.Campaigns.AsNoTracking().Where(c => pageIds.Contains(c.Id))
                .Select(c => new { c.Id, c.Name, c.CreatedByName, c.Channels, c.EstimatedAudience, c.ScheduleKind, c.ScheduledForUtc, c.Status, IsArchived = c.ArchivedUtc != null, c.CreatedUtc, c.UpdatedUtc, c.Revision })
                .ToListAsync(cancellationToken))
                .OrderBy(c => position[c.Id])
                .ToList();

        // The page's included segment names in one query, not one per row.
        var ids = page.Select(c => c.Id).ToList();
        var included = ids.Count == 0
            ? []
            : await (from link in db.CampaignSegments
                     join segment in db.Segments on link.SegmentId equals segment.Id
                     where ids.Contains(link.CampaignId) && link.Role == CampaignSegmentRole.Include
                     select new { link.CampaignId, link.Position, segment.Name })
                .ToListAsync(cancellationToken);
        var names = included.ToLookup(i => i.CampaignId);
        return new CampaignPage(
            [
                .. page.Select(c => new CampaignRow(
                    c.Id,
                    c.Name,
                    c.CreatedByName,
                    c.Channels.ToList(),
                    [.. names[c.Id].OrderBy(i => i.Position).Select(i => i.Name)],
                    c.EstimatedAudience,
                    c.ScheduleKind,
                    c.ScheduledForUtc,
                    c.Status,
                    c.IsArchived,
                    c.CreatedUtc,
                    c.UpdatedUtc,
                    c.Revision,
                    Campaign.AllowedActionsFor(c.Status, c.IsArchived))),
            ],
            total);
    }

    /// <summary>The people who created campaigns, for the list's creator filter.</summary>
    public async Task<IReadOnlyList<CampaignCreator>> CreatorsAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var creators = await db.Campaigns.AsNoTracking().Select(c => new { c.CreatedById, c.CreatedByName }).Distinct().ToListAsync(cancellationToken);
        return [.. creators.GroupBy(c => c.CreatedById).Select(g => new CampaignCreator(g.Key, g.First().CreatedByName)).OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase)];
    }

    public async Task<CampaignDetails> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.AsNoTracking().Include(c => c.Segments).FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw NotFound(id);
        return await DetailsAsync(db, campaign, cancellationToken);
    }

    /// <summary>The change log, newest first (at most <see cref="MaxChanges"/> entries).</summary>
    public async Task<IReadOnlyList<CampaignChangeEntry>> GetChangesAsync(int id, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await EnsureExistsAsync(db, id, cancellationToken);
        return await db.CampaignChanges.AsNoTracking()
            .Where(c => c.CampaignId == id)
            .OrderByDescending(c => c.Id)
            .Take(MaxChanges)
            .Select(c => new CampaignChangeEntry(c.Id, c.Action, c.Summary, c.ActorName, c.OccurredUtc, c.ContentVersion))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The content versions, newest first, without their content.</summary>
    public async Task<IReadOnlyList<CampaignContentVersionInfo>> GetContentVersionsAsync(int id, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await EnsureExistsAsync(db, id, cancellationToken);
        var versions = await db.CampaignContentVersions.AsNoTracking()
            .Where(v => v.CampaignId == id)
            .OrderByDescending(v => v.Version)
            .Select(v => new { v.Version, v.Channels, v.CreatedByName, v.CreatedUtc })
            .ToListAsync(cancellationToken);
        return [.. versions.Select(v => new CampaignContentVersionInfo(v.Version, v.Channels.ToList(), v.CreatedByName, v.CreatedUtc))];
    }

    /// <summary>How content version <paramref name="toVersion"/> differs from <paramref name="fromVersion"/> (0: no content).</summary>
    public async Task<ContentDiff> DiffContentAsync(int id, int fromVersion, int toVersion, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await EnsureExistsAsync(db, id, cancellationToken);
        var wanted = new[] { fromVersion, toVersion };
        var versions = await db.CampaignContentVersions.AsNoTracking()
            .Where(v => v.CampaignId == id && wanted.Contains(v.Version))
            .ToDictionaryAsync(v => v.Version, cancellationToken);
        (CampaignChannels Channels, CampaignContent Content) Read(int version) => version == 0
            ? (CampaignChannels.None, CampaignContent.Empty)
            : versions.TryGetValue(version, out var found)
                ? (found.Channels, found.ReadContent())
                : throw new NotFoundException($"The campaign has no content version {version.ToString(CultureInfo.InvariantCulture)}.");
        var before = Read(fromVersion);
        var after = Read(toVersion);
        var senderIds = new[] { before.Content.Email?.SenderId, after.Content.Email?.SenderId }.OfType<int>().Distinct().ToList();
        var senders = await db.EmailSenders.AsNoTracking().Where(s => senderIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => $"{s.Name} <{s.Address}>", cancellationToken);
        return CampaignContentDiff.Compare(before.Channels, before.Content, after.Channels, after.Content, senders);
    }

    /// <summary>How many contacts an audience has now: in any included segment and in no excluded one.</summary>
    public async Task<int> EstimateAudienceAsync(IReadOnlyList<int> includeSegmentIds, IReadOnlyList<int> excludeSegmentIds, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (_, estimate) = await AudienceAsync(db, new CampaignAudienceInput { IncludeSegmentIds = [.. includeSegmentIds], ExcludeSegmentIds = [.. excludeSegmentIds] }, cancellationToken);
        return estimate ?? 0;
    }

    /// <summary>An audience's estimate and how many of it each channel reaches (address and consent), for the wizard's live counts.</summary>
    public async Task<SegmentReach> ReachAsync(IReadOnlyList<int> includeSegmentIds, IReadOnlyList<int> excludeSegmentIds, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = includeSegmentIds.Concat(excludeSegmentIds).Distinct().ToList();
        var found = await db.Segments.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var include = includeSegmentIds.Distinct().Where(found.ContainsKey).Select(id => found[id]).ToList();
        if (include.Count == 0)
        {
            return new SegmentReach(0, Enum.GetValues<Channel>().ToDictionary(c => c, _ => 0));
        }

        var rule = AudienceRule.Combine(include, excludeSegmentIds.Distinct().Where(found.ContainsKey).Select(id => found[id]));
        var customFields = await db.CustomFields.AsNoTracking().ToListAsync(cancellationToken);
        var context = new CompileContext(db, customFields, Now);
        var audience = db.Contacts.Where(compiler.Compile(rule, context));
        var reachable = new Dictionary<Channel, int>();
        foreach (var channel in Enum.GetValues<Channel>())
        {
            reachable[channel] = await audience.Where(compiler.Compile(new ReachableCondition { Channel = channel }, context)).CountAsync(cancellationToken);
        }

        return new SegmentReach(await audience.CountAsync(cancellationToken), reachable);
    }

    /// <summary>The wizard's first step: a new draft with its basics.</summary>
    public async Task<CampaignDetails> CreateDraftAsync(CampaignBasicsInput basics, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ManageCampaigns);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaign = new Campaign(await BasicsAsync(db, basics, cancellationToken), actor, Now);
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(cancellationToken);
        changes.Changed(campaign.Id);
        return await DetailsAsync(db, campaign, cancellationToken);
    }

    /// <summary>A whole campaign at once (the API), as a draft.</summary>
    public async Task<CampaignDetails> CreateAsync(CampaignInput input, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ManageCampaigns);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var edit = await EditAsync(db, input, wizardStep: null, cancellationToken);
        var campaign = new Campaign(edit.Basics, actor, Now);
        campaign.Update(edit, campaign.Revision, actor, Now);
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(cancellationToken);
        changes.Changed(campaign.Id);
        return await DetailsAsync(db, campaign, cancellationToken);
    }

    /// <summary>Replaces every part of a campaign (the API's PUT); <see cref="CampaignInput.Revision"/> is required.</summary>
    public async Task<CampaignDetails> UpdateAsync(int id, CampaignInput input, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ManageCampaigns);
        if (input.Revision is not { } revision)
        {
            throw ValidationFailedException.For("revision", "Send the revision you changed (from the campaign you read), so that nobody's change is overwritten.");
        }

        return await ChangeAsync(id, async (db, campaign) =>
        {
            var edit = await EditAsync(db, input, wizardStep: null, cancellationToken);
            campaign.Update(edit, revision, actor, Now);
        }, cancellationToken, editor: actor);
    }

    public async Task<CampaignDetails> SaveBasicsAsync(int id, CampaignBasicsInput basics, int expectedRevision, int wizardStep, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ManageCampaigns);
        return await ChangeAsync(id, async (db, campaign) =>
            campaign.UpdateBasics(await BasicsAsync(db, basics, cancellationToken), expectedRevision, actor, Now, wizardStep), cancellationToken, editor: actor);
    }

    public async Task<CampaignDetails> SaveAudienceAsync(int id, CampaignAudienceInput audience, int expectedRevision, int wizardStep, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ManageCampaigns);
        return await ChangeAsync(id, async (db, campaign) =>
        {
            var (chosen, estimate) = await AudienceAsync(db, audience, cancellationToken);
            campaign.UpdateAudience(chosen, estimate, expectedRevision, actor, Now, wizardStep);
        }, cancellationToken, editor: actor);
    }

    public async Task<CampaignDetails> SaveContentAsync(int id, CampaignContentInput content, int expectedRevision, int wizardStep, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ManageCampaigns);
        return await ChangeAsync(id, async (db, campaign) =>
        {
            var (channels, checkedContent) = await ContentAsync(db, content, cancellationToken);
            await RefusePersonalizationErrorsAsync(channels, checkedContent, cancellationToken);
            campaign.UpdateContent(channels, checkedContent, expectedRevision, actor, Now, wizardStep);
        }, cancellationToken, editor: actor);
    }

    /// <summary>Saves when to send; null clears it.</summary>
    public async Task<CampaignDetails> SaveScheduleAsync(int id, CampaignScheduleInput? schedule, int expectedRevision, int wizardStep, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ManageCampaigns);
        return await ChangeAsync(id, (_, campaign) =>
        {
            campaign.UpdateSchedule(ScheduleFrom(schedule), expectedRevision, actor, Now, wizardStep);
            return Task.CompletedTask;
        }, cancellationToken, editor: actor);
    }

    /// <summary>
    /// Moves a draft or scheduled campaign to the slot <paramref name="date"/> <paramref name="time"/> as seen in
    /// <paramref name="viewerTimeZone"/> (the calendar's drag or picker). A campaign sent at a time in a chosen zone
    /// keeps that zone, at the instant of the slot; a recipient-local-time campaign takes the slot's date and time as
    /// each recipient's local time; one without a time (or sent as soon as scheduled) gets the slot in the viewer's zone.
    /// The entity refuses campaigns that are sending or have sent, and times that have come.
    /// </summary>
    public async Task<CampaignDetails> RescheduleAsync(int id, DateOnly date, TimeOnly time, string viewerTimeZone, int expectedRevision, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ManageCampaigns);
        var slot = CampaignSchedule.At(date, time, viewerTimeZone);
        return await ChangeAsync(id, (_, campaign) =>
        {
            var schedule = campaign.ReadSchedule() switch
            {
                { Kind: CampaignScheduleKind.RecipientLocalTime } => CampaignSchedule.AtRecipientLocalTime(date, time),
                { Kind: CampaignScheduleKind.At, TimeZone: { } zoneId } when zoneId != slot.TimeZone => InZone(slot.EarliestUtc!.Value, zoneId),
                _ => slot,
            };
            campaign.Reschedule(schedule, expectedRevision, actor, Now);
            return Task.CompletedTask;
        }, cancellationToken, editor: actor);
    }

    /// <summary>The instant <paramref name="utc"/> as a local date and time in the zone <paramref name="zoneId"/>.</summary>
    private static CampaignSchedule InZone(DateTime utc, string zoneId)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById(zoneId));
        return CampaignSchedule.At(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local), zoneId);
    }

    /// <summary>
    /// Draft → Scheduled, once the content is complete and valid, the sender verified, the audience chosen and the time
    /// in the future; where the workspace requires approval, Draft → PendingApproval instead, and the approvers are told.
    /// </summary>
    public async Task<CampaignDetails> ScheduleAsync(int id, int? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ManageCampaigns);
        return await ChangeAsync(id, async (db, campaign) =>
        {
            if ((await CampaignApprovalSettings.ReadAsync(db, cancellationToken)).RequireApproval)
            {
                campaign.SubmitForApproval(actor, Now, expectedRevision);
            }
            else
            {
                campaign.Schedule(actor, Now, expectedRevision);
            }
        }, cancellationToken);
    }

    /// <summary>
    /// PendingApproval → Scheduled (<see cref="Campaign.Approve"/> says what happens when its time passed meanwhile).
    /// Needs <see cref="Policies.ApproveCampaigns"/>; unless the settings allow it, nobody approves a campaign they
    /// created or submitted. Its creator and submitter are told.
    /// </summary>
    public async Task<CampaignDetails> ApproveAsync(int id, int? expectedRevision = null, string? comment = null, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ApproveCampaigns);
        return await ChangeAsync(id, async (db, campaign) =>
        {
            if (campaign.Status == CampaignStatus.PendingApproval
                && campaign.IsOwnedBy(actor.Id)
                && !(await CampaignApprovalSettings.ReadAsync(db, cancellationToken)).AllowSelfApproval)
            {
                throw new ForbiddenException($"You {(campaign.CreatedById == actor.Id ? "created" : "submitted")} the campaign '{campaign.Name}', so another approver must approve it.");
            }

            campaign.Approve(actor, Now, deliveryOptions.Value.Grace, expectedRevision, comment);
        }, cancellationToken);
    }

    /// <summary>PendingApproval → Draft with a required comment, shown on the campaign and told to its creator and submitter. Needs <see cref="Policies.ApproveCampaigns"/>.</summary>
    public async Task<CampaignDetails> RejectAsync(int id, string? comment, int? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ApproveCampaigns);
        return await ActAsync(id, c => c.Reject(actor, Now, comment, expectedRevision), cancellationToken);
    }

    /// <summary>PendingApproval → Draft, by whoever created or submitted the campaign, or an admin.</summary>
    public async Task<CampaignDetails> WithdrawAsync(int id, int? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ManageCampaigns);
        var isAdmin = await currentUser.IsAllowedAsync(Policies.Administer);
        return await ActAsync(id, c =>
        {
            if (c.Status == CampaignStatus.PendingApproval && !isAdmin && !c.IsOwnedBy(actor.Id))
            {
                throw new ForbiddenException($"Only {c.ApprovalRequestedByName ?? c.CreatedByName}, who submitted the campaign '{c.Name}', its creator or an admin can withdraw it from approval.");
            }

            c.Withdraw(actor, Now, expectedRevision);
        }, cancellationToken);
    }

    public async Task<CampaignDetails> UnscheduleAsync(int id, int? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ManageCampaigns);
        return await ActAsync(id, c => c.Unschedule(actor, Now, expectedRevision), cancellationToken);
    }

    /// <summary>Starts a campaign that missed its send time while the app was down (it waits for this confirmation).</summary>
    public async Task<CampaignDetails> ConfirmStartAsync(int id, int? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ManageCampaigns);
        return await ActAsync(id, c => c.ConfirmStart(actor, Now, expectedRevision), cancellationToken);
    }

    public async Task<CampaignDetails> PauseAsync(int id, int? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ManageCampaigns);
        return await ActAsync(id, c => c.Pause(actor, Now, expectedRevision), cancellationToken);
    }

    public async Task<CampaignDetails> ResumeAsync(int id, int? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ManageCampaigns);
        return await ActAsync(id, c => c.Resume(actor, Now, expectedRevision), cancellationToken);
    }

    public async Task<CampaignDetails> StopAsync(int id, int? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ManageCampaigns);
        return await ActAsync(id, c => c.Stop(actor, Now, expectedRevision), cancellationToken);
    }

    public async Task<CampaignDetails> ArchiveAsync(int id, int? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ManageCampaigns);
        return await ActAsync(id, c => c.Archive(actor, Now, expectedRevision), cancellationToken);
    }

    public async Task<CampaignDetails> RestoreAsync(int id, int? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ManageCampaigns);
        return await ActAsync(id, c => c.Restore(actor, Now, expectedRevision), cancellationToken);
    }

    /// <summary>A new draft "Copy of …" with the campaign's basics, audience, channels, content and (if still ahead) schedule.</summary>
    public async Task<CampaignDetails> CloneAsync(int id, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.ManageCampaigns);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var original = await LoadAsync(db, id, cancellationToken);
        var copy = original.CloneAsDraft(actor, Now);
        db.Campaigns.Add(copy);
        await db.SaveChangesAsync(cancellationToken);
        changes.Changed(copy.Id);
        return await DetailsAsync(db, copy, cancellationToken);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private Task<CampaignDetails> ActAsync(int id, Action<Campaign> act, CancellationToken cancellationToken) =>
        ChangeAsync(id, (_, campaign) =>
        {
            act(campaign);
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>
    /// Loads the campaign, lets <paramref name="change"/> apply (the entity refuses what its state or revision does
    /// not allow), checks that a scheduled campaign can still go out, and saves all or nothing. A save that lost a
    /// race (the revision moved on in the database since it was read) is a <see cref="ConflictException"/>.
    /// </summary>
    private async Task<CampaignDetails> ChangeAsync(int id, Func<AppDbContext, Campaign, Task> change, CancellationToken cancellationToken, Actor? editor = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaign = await LoadAsync(db, id, cancellationToken);
        var revision = campaign.Revision;
        var statusBefore = campaign.Status;
        await change(db, campaign);
        if (campaign.Revision == revision)
        {
            return await DetailsAsync(db, campaign, cancellationToken);
        }

        // What an approver approved is what goes out: a scheduled campaign whose audience, content or schedule
        // changed goes back to draft and needs approval again (its name, description and fields are the team's own
        // and do not). Draft, not pending: the rest of a multi-step edit (the wizard) can still be saved.
        if (editor is not null
            && statusBefore == CampaignStatus.Scheduled
            && campaign.Status == CampaignStatus.Scheduled
            && campaign.History.Any(h => h.Action is CampaignChangeAction.AudienceChanged or CampaignChangeAction.ContentChanged or CampaignChangeAction.ScheduleChanged)
            && (await CampaignApprovalSettings.ReadAsync(db, cancellationToken)).RequireApproval)
        {
            campaign.ReturnToDraftForApproval(editor, Now);
        }

        if (campaign.Status == CampaignStatus.Scheduled)
        {
            await EnsureSendableAsync(db, campaign, cancellationToken);
        }

        // A lifecycle change reaches webhook receivers through the outbox, saved with the change itself.
        if (CampaignWebhookEvents.For(campaign, statusBefore, Now) is { } lifecycleEvent)
        {
            await webhooks.StageAsync(db, [lifecycleEvent], cancellationToken);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException failed)
        {
            // Lost a race: the campaign row's revision no longer matched, or a row keyed by the revision that was
            // read (the next content version) was written by the other save first.
            db.ChangeTracker.Clear();
            var current = await db.Campaigns.AsNoTracking().Where(c => c.Id == id)
                .Select(c => new { c.Name, c.UpdatedByName, c.UpdatedUtc, c.Revision })
                .FirstOrDefaultAsync(cancellationToken) ?? throw NotFound(id);
            if (failed is DbUpdateConcurrencyException || current.Revision != revision)
            {
                throw new ConflictException(Campaign.ConflictMessage(current.Name, current.UpdatedByName, current.UpdatedUtc));
            }

            throw;
        }

        // Open pages (the calendar, the list, the details) hear of every saved change, not only the engine's.
        changes.Changed(campaign.Id);
        var details = await DetailsAsync(db, campaign, cancellationToken);
        await TellAboutApprovalAsync(statusBefore, campaign, details);
        return details;
    }

    /// <summary>After an approval step is saved: the approvers hear of a request, the people who asked of a decision.</summary>
    private Task TellAboutApprovalAsync(CampaignStatus before, Campaign campaign, CampaignDetails details) => (before, campaign.Status) switch
    {
        (not CampaignStatus.PendingApproval, CampaignStatus.PendingApproval) =>
            approvalNotices.SubmittedAsync(details, new Actor(campaign.ApprovalRequestedById!, campaign.ApprovalRequestedByName!)),
        (CampaignStatus.PendingApproval, CampaignStatus.Scheduled) =>
            approvalNotices.ApprovedAsync(details, new Actor(campaign.ReviewedById!, campaign.ReviewedByName!)),
        (CampaignStatus.PendingApproval, CampaignStatus.Draft) when campaign.RejectionComment is not null =>
            approvalNotices.RejectedAsync(details, new Actor(campaign.ReviewedById!, campaign.ReviewedByName!)),
        _ => Task.CompletedTask,
    };

    /// <summary>Content is saved incomplete (a draft) but never with personalisation that does not parse or names a field that does not exist.</summary>
    private async Task RefusePersonalizationErrorsAsync(CampaignChannels channels, CampaignContent content, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        foreach (var issue in await contentValidator.ValidateAsync(channels, content, cancellationToken))
        {
            if (issue is { InPersonalization: true, Severity: CampaignContentIssueSeverity.Error })
            {
                errors.Add(issue.Field, issue.Message);
            }
        }

        errors.ThrowIfAny();
    }

    /// <summary>What the entity cannot know: the content checks of <see cref="ICampaignContentValidator"/>, and that the email's sender is verified.</summary>
    private async Task EnsureSendableAsync(AppDbContext db, Campaign campaign, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        foreach (var issue in await contentValidator.ValidateAsync(campaign.Channels, campaign.ReadContent(), cancellationToken))
        {
            if (issue.Severity == CampaignContentIssueSeverity.Error)
            {
                errors.Add(issue.Field, issue.Message);
            }
        }

        if (campaign.Channels.Includes(Channel.Email) && campaign.EmailSenderId is { } senderId)
        {
            var sender = await db.EmailSenders.AsNoTracking().FirstOrDefaultAsync(s => s.Id == senderId, cancellationToken);
            if (sender is { IsVerified: false })
            {
                errors.Add("content.email.senderId", $"The sender {sender.Name} <{sender.Address}> is not verified yet; an admin verifies it in Settings before campaigns can send as it.");
            }
        }

        errors.ThrowIfAny();
    }

    private static async Task<Campaign> LoadAsync(AppDbContext db, int id, CancellationToken cancellationToken) =>
        await db.Campaigns.Include(c => c.Segments).FirstOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw NotFound(id);

    private static async Task EnsureExistsAsync(AppDbContext db, int id, CancellationToken cancellationToken)
    {
        if (!await db.Campaigns.AnyAsync(c => c.Id == id, cancellationToken))
        {
            throw NotFound(id);
        }
    }

    private static NotFoundException NotFound(int id) => new($"There is no campaign {id.ToString(CultureInfo.InvariantCulture)} (any more).");

    private async Task<CampaignEdit> EditAsync(AppDbContext db, CampaignInput input, int? wizardStep, CancellationToken cancellationToken)
    {
        // Every part is checked before any is refused, so that a form shows all its errors at once.
        var errors = new FieldErrors();
        var basics = await Collect(errors, () => BasicsAsync(db, input.Basics(), cancellationToken));
        var audience = await Collect(errors, () => AudienceAsync(db, input.Audience(), cancellationToken));
        var content = await Collect(errors, () => ContentAsync(db, input.ChannelsAndContent(), cancellationToken));
        var schedule = await Collect(errors, () => Task.FromResult(ScheduleFrom(input.Schedule)));
        if (content != default)
        {
            await Collect(errors, async () =>
            {
                await RefusePersonalizationErrorsAsync(content.Channels, content.Content, cancellationToken);
                return true;
            });
        }

        errors.ThrowIfAny();
        return new CampaignEdit(basics!, audience.Audience, audience.Estimate, content.Channels, content.Content, schedule, wizardStep);
    }

    private static async Task<T> Collect<T>(FieldErrors errors, Func<Task<T>> part)
    {
        try
        {
            return await part();
        }
        catch (ValidationFailedException invalid)
        {
            errors.AddRange(invalid.Errors);
            return default!;
        }
    }

    /// <summary>Checks the campaign field values against their definitions and turns them into canonical text.</summary>
    private static async Task<CampaignBasics> BasicsAsync(AppDbContext db, CampaignBasicsInput input, CancellationToken cancellationToken)
    {
        var definitions = await db.CampaignFields.AsNoTracking().ToListAsync(cancellationToken);
        var raw = input.Fields ?? [];
        var errors = new FieldErrors();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in raw.Keys.Where(k => definitions.All(d => d.Key != k)))
        {
            errors.Add($"fields.{key}", $"There is no campaign field '{key}'.");
        }

        foreach (var definition in definitions)
        {
            try
            {
                if (definition.Parse(raw.GetValueOrDefault(definition.Key)) is { } value)
                {
                    fields[definition.Key] = value;
                }
            }
            catch (ValidationFailedException invalid)
            {
                errors.AddRange(invalid.Errors);
            }
        }

        var basics = new CampaignBasics(input.Name ?? "", input.Description, fields, input.Attributes ?? []);
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > Campaign.MaxNameLength)
        {
            errors.Add("name", $"Give the campaign a name of 1 to {Campaign.MaxNameLength} characters.");
        }

        errors.ThrowIfAny();
        return basics;
    }

    /// <summary>Finds the chosen segments and counts the audience they make now.</summary>
    private async Task<(CampaignAudience Audience, int? Estimate)> AudienceAsync(AppDbContext db, CampaignAudienceInput input, CancellationToken cancellationToken)
    {
        var includeIds = input.IncludeSegmentIds ?? [];
        var excludeIds = input.ExcludeSegmentIds ?? [];
        var ids = includeIds.Concat(excludeIds).Distinct().ToList();
        var found = ids.Count == 0 ? [] : await db.Segments.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var errors = new FieldErrors();
        foreach (var (field, list) in new[] { ("audience.include", includeIds), ("audience.exclude", excludeIds) })
        {
            foreach (var missing in list.Where(id => !found.ContainsKey(id)))
            {
                errors.Add(field, $"There is no segment {missing.ToString(CultureInfo.InvariantCulture)} (any more).");
            }
        }

        errors.ThrowIfAny();
        var audience = new CampaignAudience(
            [.. includeIds.Select(id => new SegmentChoice(id, found[id].Name))],
            [.. excludeIds.Select(id => new SegmentChoice(id, found[id].Name))]);
        if (includeIds.Count == 0)
        {
            return (audience, null);
        }

        // One query, compiled like a segment's own rules.
        var rule = AudienceRule.Combine(includeIds.Distinct().Select(id => found[id]), excludeIds.Distinct().Select(id => found[id]));
        var customFields = await db.CustomFields.AsNoTracking().ToListAsync(cancellationToken);
        var context = new CompileContext(db, customFields, Now);
        var estimate = await db.Contacts.Where(compiler.Compile(rule, context)).CountAsync(cancellationToken);
        return (audience, estimate);
    }

    private static async Task<(CampaignChannels Channels, CampaignContent Content)> ContentAsync(AppDbContext db, CampaignContentInput input, CancellationToken cancellationToken)
    {
        var channels = (input.Channels ?? []).Where(Enum.IsDefined).ToFlags();
        var content = (input.Content ?? CampaignContent.Empty).For(channels);
        if (content.Email?.SenderId is { } senderId && !await db.EmailSenders.AnyAsync(s => s.Id == senderId, cancellationToken))
        {
            throw ValidationFailedException.For("content.email.senderId", $"There is no sender {senderId.ToString(CultureInfo.InvariantCulture)} (any more); choose one from the list.");
        }

        return (channels, content);
    }

    private static CampaignSchedule? ScheduleFrom(CampaignScheduleInput? input)
    {
        if (input is null)
        {
            return null;
        }

        if (input.Kind == CampaignScheduleKind.SendNow)
        {
            return CampaignSchedule.SendNow();
        }

        var errors = new FieldErrors();
        if (!Enum.IsDefined(input.Kind))
        {
            errors.Add("schedule.kind", "Choose to send now, at a time, or at a time in each recipient's time zone.");
        }

        if (!DateOnly.TryParseExact(input.Date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add("schedule.date", "Give the date as YYYY-MM-DD.");
        }

        if (!TimeOnly.TryParseExact(input.Time?.Trim(), ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            errors.Add("schedule.time", "Give the time as HH:mm (24-hour clock).");
        }

        errors.ThrowIfAny();
        return input.Kind == CampaignScheduleKind.At ? CampaignSchedule.At(date, time, input.TimeZone) : CampaignSchedule.AtRecipientLocalTime(date, time);
    }

    private async Task<CampaignDetails> DetailsAsync(AppDbContext db, Campaign campaign, CancellationToken cancellationToken)
    {
        var ids = campaign.Segments.Select(s => s.SegmentId).ToList();
        var names = ids.Count == 0 ? [] : await db.Segments.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        IReadOnlyList<CampaignSegmentInfo> Named(IEnumerable<int> segmentIds) => [.. segmentIds.Select(id => new CampaignSegmentInfo(id, names.GetValueOrDefault(id, $"segment {id}")))];
        var content = campaign.ReadContent();
        var schedule = campaign.ReadSchedule();
        return new CampaignDetails(
            campaign.Id,
            campaign.Name,
            campaign.Description,
            campaign.ReadFields(),
            campaign.ReadAttributes(),
            campaign.CreatedById,
            campaign.CreatedByName,
            campaign.CreatedUtc,
            campaign.UpdatedByName,
            campaign.UpdatedUtc,
            Named(campaign.IncludeSegmentIds),
            Named(campaign.ExcludeSegmentIds),
            campaign.EstimatedAudience,
            campaign.AudienceEstimatedUtc,
            campaign.Channels.ToList(),
            content,
            campaign.ContentVersion,
            schedule is null ? null : CampaignScheduleInfo.From(schedule),
            campaign.ScheduledForUtc,
            campaign.Status,
            campaign.IsArchived,
            campaign.WizardStep,
            campaign.StartedUtc,
            campaign.CompletedUtc,
            campaign.FailureReason,
            campaign.Revision,
            campaign.AllowedActions,
            await contentValidator.ValidateAsync(campaign.Channels, content, cancellationToken))
        {
            PauseReason = campaign.PauseReason,
            AwaitingConfirmationSinceUtc = campaign.AwaitingConfirmationSinceUtc,
            Approval = campaign.ApprovalRequestedUtc is null && campaign.ReviewedUtc is null
                ? null
                : new CampaignApprovalInfo(campaign.ApprovalRequestedById, campaign.ApprovalRequestedByName, campaign.ApprovalRequestedUtc, campaign.ReviewedByName, campaign.ReviewedUtc, campaign.RejectionComment),
        };
    }
}
