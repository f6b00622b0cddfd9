using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static CampaignStudio.Tests.Features.Campaigns.CampaignWorld;

namespace CampaignStudio.Tests.Features.Campaigns;

/// <summary>The campaign service on a real database: the wizard's saves, who may do what, the log, versions, clone.</summary>
public abstract class CampaignServiceTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : CampaignServiceTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : CampaignServiceTests(DatabaseKind.MySql);

    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider clock = Clock();

    [Fact]
    public async Task Wizard_SavesEachPartAtItsStep_AndDetailsShowTheWholeCampaign()
    {
        await using var app = await StartAsync(kind, clock);
        var world = await SeedAsync(app);

        var saved = await ReadyDraftAsync(app, world);
        var read = await AsAsync<CampaignService, CampaignDetails>(app, AnalystEmail, s => s.GetAsync(saved.Id));

        Assert.Equal("Diwali offer", read.Name);
        Assert.Equal("Festive prices", read.Description);
        Assert.Equal(ManagerName, read.CreatedByName);
        Assert.Equal([new CampaignSegmentInfo(world.Dealers, "Dealers")], read.IncludeSegments);
        Assert.Equal([new CampaignSegmentInfo(world.Vips, "VIPs")], read.ExcludeSegments);
        Assert.Equal(1, read.EstimatedAudience); // Asha: a dealer who is not a VIP.
        Assert.Equal([Channel.Sms], read.Channels);
        Assert.Equal("Happy Diwali! Festive prices until Sunday.", read.Content.Sms?.Text);
        Assert.Equal(CampaignScheduleKind.At, read.Schedule?.Kind);
        Assert.Equal("Asia/Kolkata", read.Schedule?.TimeZone);
        Assert.Equal(new TimeOnly(9, 30), read.Schedule?.LocalTime);
        Assert.Equal(new DateTime(2026, 6, 2, 4, 0, 0, DateTimeKind.Utc), read.ScheduledForUtc);
        Assert.Equal(CampaignStatus.Draft, read.Status);
        Assert.Equal(3, read.WizardStep);
        Assert.Equal(4, read.Revision);
        Assert.Equal([CampaignAction.Edit, CampaignAction.Schedule, CampaignAction.Clone, CampaignAction.Archive], read.AllowedActions);
        Assert.Empty(read.ContentIssues);
    }

    [Fact]
    public async Task Analyst_CanReadButNotCreateEditScheduleCloneOrArchive()
    {
        await using var app = await StartAsync(kind, clock);
        var world = await SeedAsync(app);
        var draft = await ReadyDraftAsync(app, world);
        await using var scope = await app.ScopeForUserAsync(AnalystEmail);
        var service = scope.ServiceProvider.GetRequiredService<CampaignService>();

        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => service.CreateDraftAsync(new CampaignBasicsInput { Name = "Mine" }));
        await Assert.ThrowsAsync<ForbiddenException>(() => service.CreateAsync(new CampaignInput { Name = "Mine" }));
        await Assert.ThrowsAsync<ForbiddenException>(() => service.SaveBasicsAsync(draft.Id, new CampaignBasicsInput { Name = "Renamed" }, draft.Revision, 0));
        await Assert.ThrowsAsync<ForbiddenException>(() => service.SaveContentAsync(draft.Id, SmsContent("changed"), draft.Revision, 2));
        await Assert.ThrowsAsync<ForbiddenException>(() => service.UpdateAsync(draft.Id, new CampaignInput { Name = "Renamed", Revision = draft.Revision }));
        await Assert.ThrowsAsync<ForbiddenException>(() => service.ScheduleAsync(draft.Id));
        await Assert.ThrowsAsync<ForbiddenException>(() => service.CloneAsync(draft.Id));
        await Assert.ThrowsAsync<ForbiddenException>(() => service.ArchiveAsync(draft.Id));

        Assert.Contains("manage campaigns", refused.Message);
        var list = await service.ListAsync(new CampaignQuery());
        Assert.Equal(1, list.Total);
        var read = await service.GetAsync(draft.Id);
        Assert.Equal(("Diwali offer", draft.Revision, CampaignStatus.Draft), (read.Name, read.Revision, read.Status));
    }

    [Fact]
    public async Task ChangeLog_RecordsEveryChangeWithWhoAndWhat_NewestFirst()
    {
        await using var app = await StartAsync(kind, clock);
        var world = await SeedAsync(app);
        var draft = await ReadyDraftAsync(app, world);
        clock.Advance(TimeSpan.FromMinutes(10));
        await AsAsync<CampaignService, CampaignDetails>(app, TestApp.AdminEmail, s => s.ScheduleAsync(draft.Id, draft.Revision));

        var log = await AsAsync<CampaignService, IReadOnlyList<CampaignChangeEntry>>(app, AnalystEmail, s => s.GetChangesAsync(draft.Id));

        Assert.Equal(
        [
            (CampaignChangeAction.Scheduled, "Ada Admin", "Scheduled. Send at 2026-06-02 09:30 Asia/Kolkata (2026-06-02 04:00 UTC)."),
            (CampaignChangeAction.ScheduleChanged, ManagerName, "Send at 2026-06-02 09:30 Asia/Kolkata (2026-06-02 04:00 UTC)."),
            (CampaignChangeAction.ContentChanged, ManagerName, "Content version 1 (SMS): SMS added."),
            (CampaignChangeAction.AudienceChanged, ManagerName, "Include Dealers; exclude VIPs. About 1 contacts."),
            (CampaignChangeAction.Created, ManagerName, "Created the draft 'Diwali offer'."),
        ], log.Select(l => (l.Action, l.ActorName, l.Summary)));
        Assert.Equal(Campaigns.Now.AddMinutes(10), log[0].OccurredUtc);
        Assert.Equal(1, log[2].ContentVersion);
    }

    [Fact]
    public async Task ContentVersions_EachContentChangeIsKept_AndTwoVersionsCompareFieldByField()
    {
        await using var app = await StartAsync(kind, clock);
        var world = await SeedAsync(app);
        var draft = await ReadyDraftAsync(app, world);
        var email = new CampaignContentInput
        {
            Channels = [Channel.Sms, Channel.Email],
            Content = new CampaignContent
            {
                Sms = new SmsContent { Text = "Happy Diwali! Festive prices until Monday." },
                Email = new EmailContent { SenderId = world.VerifiedSender, Subject = "Diwali prices", HtmlBody = "<p>Hi</p>" },
            },
        };
        await AsManagerAsync(app, s => s.SaveContentAsync(draft.Id, email, draft.Revision, 2));

        var versions = await AsAsync<CampaignService, IReadOnlyList<CampaignContentVersionInfo>>(app, AnalystEmail, s => s.GetContentVersionsAsync(draft.Id));
        var diff = await AsAsync<CampaignService, ContentDiff>(app, AnalystEmail, s => s.DiffContentAsync(draft.Id, 1, 2));

        Assert.Equal([2, 1], versions.Select(v => v.Version));
        Assert.Equal([Channel.Email, Channel.Sms], versions[0].Channels);
        Assert.Equal([(Channel.Email, ChannelChange.Added), (Channel.Sms, ChannelChange.Changed)], diff.Channels.Select(c => (c.Channel, c.Change)));
        Assert.Equal("Offers <offers@acme.example>", diff.Channels[0].Fields[0].After);
        var text = Assert.Single(diff.Channels[1].Fields);
        Assert.Equal(("Happy Diwali! Festive prices until Sunday.", "Happy Diwali! Festive prices until Monday."), (text.Before, text.After));
        Assert.Equal([DiffLineKind.Removed, DiffLineKind.Added], text.Lines!.Select(l => l.Kind));
        await Assert.ThrowsAsync<NotFoundException>(() => AsAsync<CampaignService, ContentDiff>(app, AnalystEmail, s => s.DiffContentAsync(draft.Id, 1, 7)));
    }

    [Fact]
    public async Task Save_FromAStaleRevision_IsAConflictNamingWhoChangedIt_AndTheirChangeStays()
    {
        await using var app = await StartAsync(kind, clock);
        var world = await SeedAsync(app);
        var draft = await ReadyDraftAsync(app, world);
        clock.Advance(TimeSpan.FromMinutes(3));
        await AsAsync<CampaignService, CampaignDetails>(app, TestApp.AdminEmail, s => s.SaveContentAsync(draft.Id, SmsContent("The admin's words"), draft.Revision, 2));

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => AsManagerAsync(app, s => s.SaveContentAsync(draft.Id, SmsContent("The manager's words"), draft.Revision, 2)));

        Assert.Equal(
            "The campaign 'Diwali offer' was changed by Ada Admin at 2026-06-01 12:03 UTC after you opened it, so your changes were not saved. Reload it to see that change, then save yours again.",
            conflict.Message);
        var read = await AsManagerAsync(app, s => s.GetAsync(draft.Id));
        Assert.Equal("The admin's words", read.Content.Sms?.Text);
        Assert.Equal(draft.Revision + 1, read.Revision);
        Assert.Equal(2, read.ContentVersion);
    }

    [Fact]
    public async Task Schedule_WithAnUnverifiedSender_IsAFieldErrorAndStaysDraft_VerifiedSenderSchedules()
    {
        await using var app = await StartAsync(kind, clock);
        var world = await SeedAsync(app);
        var draft = await ReadyDraftAsync(app, world);
        var emailFrom = (int sender) => new CampaignContentInput
        {
            Channels = [Channel.Email],
            Content = new CampaignContent { Email = new EmailContent { SenderId = sender, Subject = "Diwali", HtmlBody = "<p>Prices</p>" } },
        };
        draft = await AsManagerAsync(app, s => s.SaveContentAsync(draft.Id, emailFrom(world.UnverifiedSender), draft.Revision, 3));

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => AsManagerAsync(app, s => s.ScheduleAsync(draft.Id, draft.Revision)));

        Assert.Equal("The sender News <news@acme.example> is not verified yet; an admin verifies it in Settings before campaigns can send as it.", refused.Errors["content.email.senderId"].Single());
        Assert.Equal(CampaignStatus.Draft, (await AsManagerAsync(app, s => s.GetAsync(draft.Id))).Status);
        draft = await AsManagerAsync(app, s => s.SaveContentAsync(draft.Id, emailFrom(world.VerifiedSender), draft.Revision, 3));
        var scheduled = await AsManagerAsync(app, s => s.ScheduleAsync(draft.Id, draft.Revision));
        Assert.Equal(CampaignStatus.Scheduled, scheduled.Status);
        Assert.Equal([CampaignAction.Edit, CampaignAction.Unschedule, CampaignAction.Clone], scheduled.AllowedActions);
    }

    [Fact]
    public async Task Schedule_Incomplete_ListsWhatIsMissing_AndWrongStateActionsSayWhy()
    {
        await using var app = await StartAsync(kind, clock);
        var world = await SeedAsync(app);
        var empty = await AsManagerAsync(app, s => s.CreateDraftAsync(new CampaignBasicsInput { Name = "Empty" }));
        var draft = await ReadyDraftAsync(app, world);

        var missing = await Assert.ThrowsAsync<ValidationFailedException>(() => AsManagerAsync(app, s => s.ScheduleAsync(empty.Id)));
        var pause = await Assert.ThrowsAsync<InvalidStateException>(() => AsManagerAsync(app, s => s.PauseAsync(draft.Id)));

        Assert.Equal(["audience.include", "channels", "schedule"], missing.Errors.Keys.Order());
        Assert.Equal("The campaign 'Diwali offer' is a draft: you cannot pause it. You can edit it, schedule it when it is ready, or archive it.", pause.Message);
    }

    [Fact]
    public async Task Clone_IsANewDraftCopyWithTheSameAudienceAndContent()
    {
        await using var app = await StartAsync(kind, clock);
        var world = await SeedAsync(app);
        var original = await ReadyDraftAsync(app, world);
        await AsManagerAsync(app, s => s.ScheduleAsync(original.Id));

        var copy = await AsAsync<CampaignService, CampaignDetails>(app, TestApp.AdminEmail, s => s.CloneAsync(original.Id));

        Assert.NotEqual(original.Id, copy.Id);
        Assert.Equal("Copy of Diwali offer", copy.Name);
        Assert.Equal(CampaignStatus.Draft, copy.Status);
        Assert.Equal("Ada Admin", copy.CreatedByName);
        Assert.Equal(original.IncludeSegments, copy.IncludeSegments);
        Assert.Equal(original.ExcludeSegments, copy.ExcludeSegments);
        Assert.Equal(original.Content.Sms, copy.Content.Sms);
        Assert.Equal(1, copy.ContentVersion);
        Assert.Equal(original.Schedule, copy.Schedule);
        var log = await AsManagerAsync(app, s => s.GetChangesAsync(copy.Id));
        Assert.Equal($"Created the draft 'Copy of Diwali offer' as a copy of 'Diwali offer' (campaign {original.Id}).", Assert.Single(log).Summary);
        Assert.Single(await AsManagerAsync(app, s => s.GetContentVersionsAsync(copy.Id)));
    }

    [Fact]
    public async Task Archive_HidesADraftFromTheList_ScheduledCannotBeArchived_RestoreBringsItBack()
    {
        await using var app = await StartAsync(kind, clock);
        var world = await SeedAsync(app);
        var draft = await ReadyDraftAsync(app, world, "Draft to archive");
        var scheduled = await ReadyDraftAsync(app, world, "Scheduled one");
        await AsManagerAsync(app, s => s.ScheduleAsync(scheduled.Id));

        var archived = await AsManagerAsync(app, s => s.ArchiveAsync(draft.Id));
        var refused = await Assert.ThrowsAsync<InvalidStateException>(() => AsManagerAsync(app, s => s.ArchiveAsync(scheduled.Id)));

        Assert.True(archived.IsArchived);
        Assert.Equal([CampaignAction.Clone, CampaignAction.Restore], archived.AllowedActions);
        Assert.Equal("The campaign 'Scheduled one' is scheduled: you cannot archive it. You can edit or unschedule it until it starts sending.", refused.Message);
        Assert.Equal(["Scheduled one"], (await AsManagerAsync(app, s => s.ListAsync(new CampaignQuery()))).Rows.Select(r => r.Name));
        Assert.Equal(2, (await AsManagerAsync(app, s => s.ListAsync(new CampaignQuery { IncludeArchived = true }))).Total);
        await AsManagerAsync(app, s => s.RestoreAsync(draft.Id));
        Assert.Equal(2, (await AsManagerAsync(app, s => s.ListAsync(new CampaignQuery()))).Total);
    }

    [Fact]
    public async Task CampaignFields_ValuesAreCheckedByTypeAndStoredCanonically()
    {
        await using var app = await StartAsync(kind, clock);
        await AsAsync<CampaignFieldService, CampaignFieldInfo>(app, TestApp.AdminEmail, s => s.CreateAsync(new CampaignFieldInput { Key = "budget", Label = "Budget", Type = CampaignFieldType.Number, Required = true }));
        await AsAsync<CampaignFieldService, CampaignFieldInfo>(app, TestApp.AdminEmail, s => s.CreateAsync(new CampaignFieldInput { Key = "region", Label = "Region", Type = CampaignFieldType.Choice, Options = ["North", "West"] }));
        await AsAsync<CampaignFieldService, CampaignFieldInfo>(app, TestApp.AdminEmail, s => s.CreateAsync(new CampaignFieldInput { Key = "launch", Label = "Launch", Type = CampaignFieldType.Date }));
        await AsAsync<CampaignFieldService, CampaignFieldInfo>(app, TestApp.AdminEmail, s => s.CreateAsync(new CampaignFieldInput { Key = "internal", Label = "Internal", Type = CampaignFieldType.Boolean }));

        var invalid = await Assert.ThrowsAsync<ValidationFailedException>(() => AsManagerAsync(app, s => s.CreateDraftAsync(new CampaignBasicsInput
        {
            Name = "Fields",
            Fields = new() { ["region"] = "South", ["launch"] = "01/11/2026", ["colour"] = "red" },
        })));
        var created = await AsManagerAsync(app, s => s.CreateDraftAsync(new CampaignBasicsInput
        {
            Name = "Fields",
            Fields = new() { ["budget"] = " 1250.50 ", ["region"] = "west", ["launch"] = "2026-11-1", ["internal"] = "yes" },
            Attributes = new() { ["utm_source"] = "crm" },
        }));

        Assert.Equal(["fields.budget", "fields.colour", "fields.launch", "fields.region"], invalid.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Budget is required.", invalid.Errors["fields.budget"].Single());
        Assert.Equal("Region must be one of North, West, not 'South'.", invalid.Errors["fields.region"].Single());
        Assert.Equal("There is no campaign field 'colour'.", invalid.Errors["fields.colour"].Single());
        Assert.Equal(new Dictionary<string, string> { ["budget"] = "1250.5", ["internal"] = "true", ["launch"] = "2026-11-01", ["region"] = "West" }, created.Fields);
        Assert.Equal(new Dictionary<string, string> { ["utm_source"] = "crm" }, created.Attributes);
    }

    [Fact]
    public async Task Segment_UsedByACampaign_CannotBeDeleted()
    {
        await using var app = await StartAsync(kind, clock);
        var world = await SeedAsync(app);
        await ReadyDraftAsync(app, world);

        var refused = await Assert.ThrowsAsync<ConflictException>(() => AsAsync<SegmentService, int>(app, ManagerEmail, async s => { await s.DeleteAsync(world.Vips); return 0; }));
        await AsAsync<SegmentService, int>(app, ManagerEmail, async s => { await s.DeleteAsync(world.Retail); return 0; });

        Assert.Equal("The segment 'VIPs' is used by campaigns ('Diwali offer'), so it stays; remove it from their audience first.", refused.Message);
        Assert.Equal(["Dealers", "VIPs"], (await AsAsync<SegmentService, IReadOnlyList<SegmentSummary>>(app, ManagerEmail, s => s.ListAsync())).Select(s => s.Name));
    }

    [Fact]
    public async Task Audience_UnknownSegmentOrBothIncludedAndExcluded_AreFieldErrors()
    {
        await using var app = await StartAsync(kind, clock);
        var world = await SeedAsync(app);
        var draft = await AsManagerAsync(app, s => s.CreateDraftAsync(new CampaignBasicsInput { Name = "Audience" }));

        var unknown = await Assert.ThrowsAsync<ValidationFailedException>(() => AsManagerAsync(app, s => s.SaveAudienceAsync(draft.Id, new CampaignAudienceInput { IncludeSegmentIds = [world.Dealers, 999] }, draft.Revision, 1)));
        var both = await Assert.ThrowsAsync<ValidationFailedException>(() => AsManagerAsync(app, s => s.SaveAudienceAsync(draft.Id, new CampaignAudienceInput { IncludeSegmentIds = [world.Dealers], ExcludeSegmentIds = [world.Dealers] }, draft.Revision, 1)));

        Assert.Equal("There is no segment 999 (any more).", unknown.Errors["audience.include"].Single());
        Assert.Equal("The segment 'Dealers' cannot be both included and excluded.", both.Errors["audience.exclude"].Single());
        Assert.Equal(3, await AsAsync<CampaignService, int>(app, AnalystEmail, s => s.EstimateAudienceAsync([world.Dealers, world.Retail], [])));
        Assert.Equal(2, await AsAsync<CampaignService, int>(app, AnalystEmail, s => s.EstimateAudienceAsync([world.Dealers, world.Retail], [world.Vips])));
    }

    [Fact]
    public async Task ContentValidator_IsWhereMoreChecksPlugIn_ItsErrorsStopScheduling()
    {
        await using var app = await StartAsync(kind, clock, s => s.AddScoped<ICampaignContentValidator, NoShoutingValidator>());
        var world = await SeedAsync(app);
        var draft = await ReadyDraftAsync(app, world);
        draft = await AsManagerAsync(app, s => s.SaveContentAsync(draft.Id, SmsContent("BUY NOW"), draft.Revision, 2));

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => AsManagerAsync(app, s => s.ScheduleAsync(draft.Id)));

        Assert.Equal([new CampaignContentIssue("content.sms.text", "Please do not shout.", CampaignContentIssueSeverity.Error)], draft.ContentIssues);
        Assert.Equal("Please do not shout.", refused.Errors["content.sms.text"].Single());
        Assert.Equal(CampaignStatus.Draft, (await AsManagerAsync(app, s => s.GetAsync(draft.Id))).Status);
    }

    [Fact]
    public async Task Get_UnknownCampaign_IsNotFound()
    {
        await using var app = await StartAsync(kind, clock);

        var missing = await Assert.ThrowsAsync<NotFoundException>(() => AsManagerAsync(app, s => s.GetAsync(4242)));

        Assert.Equal("There is no campaign 4242 (any more).", missing.Message);
    }

    private sealed class NoShoutingValidator : ICampaignContentValidator
    {
        public ValueTask<IReadOnlyList<CampaignContentIssue>> ValidateAsync(CampaignChannels channels, CampaignContent content, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<CampaignContentIssue>>(content.Sms?.Text is { } text && text == text.ToUpperInvariant()
                ? [new CampaignContentIssue("content.sms.text", "Please do not shout.", CampaignContentIssueSeverity.Error)]
                : []);
    }
}
