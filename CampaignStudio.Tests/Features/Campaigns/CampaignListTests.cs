using System.Collections.Concurrent;
using System.Data.Common;
using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CampaignStudio.Tests.Features.Campaigns.CampaignWorld;

namespace CampaignStudio.Tests.Features.Campaigns;

/// <summary>The campaign list on six campaigns of different states, channels, creators, schedules and segments.</summary>
public abstract class CampaignListTests(CampaignListTests.ListWorld world)
{
    public sealed class OnSqlite(ListWorld.OnSqlite world) : CampaignListTests(world), IClassFixture<ListWorld.OnSqlite>;

    public sealed class OnMySql(ListWorld.OnMySql world) : CampaignListTests(world), IClassFixture<ListWorld.OnMySql>;

    [Fact]
    public async Task List_ByDefault_IsNewestFirstWithoutArchived()
    {
        var page = await world.ListAsync(new CampaignQuery());

        Assert.Equal(["Zeta completed", "Delta WhatsApp", "Gamma push", "beta email", "Alpha SMS"], page.Rows.Select(r => r.Name));
        Assert.Equal(5, page.Total);
    }

    [Fact]
    public async Task List_Rows_ShowCreatorChannelsIncludedSegmentsEstimateScheduleAndStatus()
    {
        var rows = (await world.ListAsync(new CampaignQuery())).Rows.ToDictionary(r => r.Name);

        var gamma = rows["Gamma push"];
        Assert.Equal(("Ada Admin", CampaignStatus.Draft, 3), (gamma.CreatedByName, gamma.Status, gamma.EstimatedAudience));
        Assert.Equal([Channel.Push], gamma.Channels);
        Assert.Equal(["Retail", "Dealers"], gamma.IncludeSegments);
        Assert.Null(gamma.ScheduledForUtc);
        var delta = rows["Delta WhatsApp"];
        Assert.Equal([Channel.Sms, Channel.WhatsApp], delta.Channels);
        Assert.Equal(CampaignStatus.Sending, delta.Status);
        Assert.Equal([CampaignAction.Pause, CampaignAction.Stop, CampaignAction.Clone], delta.AllowedActions);
        var alpha = rows["Alpha SMS"];
        Assert.Equal((CampaignScheduleKind.At, new DateTime(2026, 6, 5, 3, 30, 0, DateTimeKind.Utc)), (alpha.ScheduleKind, alpha.ScheduledForUtc));
        Assert.Equal(["Dealers"], alpha.IncludeSegments);
        Assert.Equal(ManagerName, alpha.CreatedByName);
    }

    [Fact]
    public async Task List_FilteredByStatuses()
    {
        Assert.Equal(["Delta WhatsApp", "beta email"], await world.NamesAsync(new CampaignQuery { Statuses = [CampaignStatus.Scheduled, CampaignStatus.Sending] }));
        Assert.Equal(["Zeta completed"], await world.NamesAsync(new CampaignQuery { Statuses = [CampaignStatus.Completed] }));
    }

    [Fact]
    public async Task List_FilteredByChannel_MatchesCampaignsThatUseItAmongOthers()
    {
        Assert.Equal(["Zeta completed", "Delta WhatsApp", "Alpha SMS"], await world.NamesAsync(new CampaignQuery { Channel = Channel.Sms }));
        Assert.Equal(["Zeta completed", "beta email"], await world.NamesAsync(new CampaignQuery { Channel = Channel.Email }));
    }

    [Fact]
    public async Task List_FilteredByCreator()
    {
        var creators = await world.App.AsAnalystAsync(s => s.CreatorsAsync());
        var ada = creators.Single(c => c.Name == "Ada Admin");

        Assert.Equal(["Ada Admin", ManagerName], creators.Select(c => c.Name));
        Assert.Equal(["Delta WhatsApp", "Gamma push"], await world.NamesAsync(new CampaignQuery { CreatedById = ada.Id }));
    }

    [Fact]
    public async Task List_FilteredByScheduledTimeRange_FromInclusiveToExclusive()
    {
        var from = new DateTime(2026, 6, 3, 0, 0, 0, DateTimeKind.Utc);

        Assert.Equal(["Zeta completed", "Alpha SMS"], await world.NamesAsync(new CampaignQuery { ScheduledFromUtc = from, ScheduledToUtc = from.AddDays(3) }));
        Assert.Equal(["Alpha SMS"], await world.NamesAsync(new CampaignQuery { ScheduledFromUtc = new DateTime(2026, 6, 5, 3, 30, 0, DateTimeKind.Utc), ScheduledToUtc = new DateTime(2026, 6, 10, 8, 0, 0, DateTimeKind.Utc) }));
    }

    [Fact]
    public async Task List_FilteredBySegment_MatchesCampaignsThatIncludeIt()
    {
        Assert.Equal(["Zeta completed", "beta email"], await world.NamesAsync(new CampaignQuery { SegmentId = world.Segments.Vips }));
        Assert.Equal(["Gamma push"], await world.NamesAsync(new CampaignQuery { SegmentId = world.Segments.Retail }));
    }

    [Theory]
    [InlineData("ALPHA")]
    [InlineData("a sms")]
    [InlineData(" Alpha ")]
    public async Task List_SearchedByPartOfTheName_InAnyCase(string search)
    {
        Assert.Equal(["Alpha SMS"], await world.NamesAsync(new CampaignQuery { Search = search }));
    }

    [Fact]
    public async Task List_WithArchived_ShowsThemToo()
    {
        var page = await world.ListAsync(new CampaignQuery { IncludeArchived = true, Statuses = [CampaignStatus.Draft] });

        Assert.Equal(["Epsilon archived", "Gamma push", "Alpha SMS"], page.Rows.Select(r => r.Name));
        Assert.True(page.Rows[0].IsArchived);
        Assert.Equal([CampaignAction.Clone, CampaignAction.Restore], page.Rows[0].AllowedActions);
    }

    [Theory]
    [InlineData(CampaignSort.Oldest, "Alpha SMS,beta email,Gamma push,Delta WhatsApp,Zeta completed")]
    [InlineData(CampaignSort.Name, "Alpha SMS,beta email,Delta WhatsApp,Gamma push,Zeta completed")]
    [InlineData(CampaignSort.NameDescending, "Zeta completed,Gamma push,Delta WhatsApp,beta email,Alpha SMS")]
    [InlineData(CampaignSort.ScheduledFor, "Gamma push,Delta WhatsApp,Zeta completed,Alpha SMS,beta email")]
    [InlineData(CampaignSort.ScheduledForDescending, "beta email,Alpha SMS,Zeta completed,Delta WhatsApp,Gamma push")]
    [InlineData(CampaignSort.RecentlyUpdated, "Zeta completed,Delta WhatsApp,beta email,Gamma push,Alpha SMS")]
    public async Task List_Sorted(CampaignSort sort, string expected)
    {
        Assert.Equal(expected.Split(','), await world.NamesAsync(new CampaignQuery { Sort = sort }));
    }

    [Fact]
    public async Task List_Paged_GivesThePageAndTheTotal()
    {
        var second = await world.ListAsync(new CampaignQuery { Page = 1, PageSize = 2 });
        var beyond = await world.ListAsync(new CampaignQuery { Page = 9, PageSize = 2 });

        Assert.Equal(["Gamma push", "beta email"], second.Rows.Select(r => r.Name));
        Assert.Equal(5, second.Total);
        Assert.Empty(beyond.Rows);
        Assert.Equal(5, beyond.Total);
    }

    [Fact]
    public async Task List_ReadsNoContent_AndNeedsFourQueriesWhateverThePageSize()
    {
        var sql = await world.CaptureSqlAsync(s => s.ListAsync(new CampaignQuery { IncludeArchived = true, Channel = Channel.Sms, SegmentId = world.Segments.Dealers }));

        Assert.Equal(4, sql.Count); // count, the page's ids, those rows, included segment names of the page
        Assert.All(sql, command => Assert.DoesNotContain("Content", command, StringComparison.Ordinal));
        Assert.All(sql, command => Assert.DoesNotContain("FieldsJson", command, StringComparison.Ordinal));
    }

    /// <summary>The app and its six campaigns, created once per provider; tests only read.</summary>
    public abstract class ListWorld(DatabaseKind kind) : IAsyncLifetime
    {
        public sealed class OnSqlite() : ListWorld(DatabaseKind.Sqlite);

        public sealed class OnMySql() : ListWorld(DatabaseKind.MySql);

        private readonly FakeTimeProvider clock = Clock();
        private readonly SqlLog log = new();

        public TestApp App { get; private set; } = null!;

        public World Segments { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            App = await StartAsync(kind, clock, s => Intercept(s, kind, log));
            Segments = await SeedAsync(App);
            var sms = SmsContent("Festive prices.");
            var email = new CampaignContentInput { Channels = [Channel.Email], Content = new CampaignContent { Email = new EmailContent { SenderId = Segments.VerifiedSender, Subject = "Hello", HtmlBody = "<p>Hello</p>" } } };
            var push = new CampaignContentInput { Channels = [Channel.Push], Content = new CampaignContent { Push = new PushContent { Title = "Hello", Body = "There" } } };
            var whatsAppAndSms = new CampaignContentInput
            {
                Channels = [Channel.WhatsApp, Channel.Sms],
                Content = new CampaignContent { WhatsApp = new WhatsAppContent { TemplateName = "diwali", Language = "en" }, Sms = new SmsContent { Text = "Hi" } },
            };
            var emailAndSms = new CampaignContentInput { Channels = [Channel.Email, Channel.Sms], Content = email.Content! with { Sms = new SmsContent { Text = "Hi" } } };
            var at = (string date, string time, string zone) => new CampaignScheduleInput { Kind = CampaignScheduleKind.At, Date = date, Time = time, TimeZone = zone };

            await MakeAsync(ManagerEmail, "Alpha SMS", [Segments.Dealers], sms, at("2026-06-05", "09:00", "Asia/Kolkata"));
            var beta = await MakeAsync(ManagerEmail, "beta email", [Segments.Vips], email, at("2026-06-10", "10:00", "Europe/Berlin"));
            await MakeAsync(TestApp.AdminEmail, "Gamma push", [Segments.Retail, Segments.Dealers], push, null);
            var delta = await MakeAsync(TestApp.AdminEmail, "Delta WhatsApp", [Segments.Dealers], whatsAppAndSms, new CampaignScheduleInput { Kind = CampaignScheduleKind.SendNow });
            var epsilon = await MakeAsync(ManagerEmail, "Epsilon archived", [Segments.Dealers], sms, null);
            var zeta = await MakeAsync(ManagerEmail, "Zeta completed", [Segments.Vips], emailAndSms, at("2026-06-03", "10:00", "Asia/Kolkata"));

            await AsManagerAsync(App, s => s.ScheduleAsync(beta.Id));
            await AsAsync<CampaignService, CampaignDetails>(App, TestApp.AdminEmail, s => s.ScheduleAsync(delta.Id));
            await AsManagerAsync(App, s => s.ScheduleAsync(zeta.Id));
            await AsManagerAsync(App, s => s.ArchiveAsync(epsilon.Id));
            clock.Advance(TimeSpan.FromMinutes(1));
            // The sending engine's part.
            await using var db = await App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            (await db.Campaigns.SingleAsync(c => c.Id == delta.Id)).MarkSending(clock.GetUtcNow().UtcDateTime);
            var completed = await db.Campaigns.SingleAsync(c => c.Id == zeta.Id);
            completed.MarkSending(completed.ScheduledForUtc!.Value);
            completed.MarkCompleted(completed.ScheduledForUtc!.Value.AddHours(1));
            await db.SaveChangesAsync();
        }

        public async Task DisposeAsync() => await App.DisposeAsync();

        public Task<CampaignPage> ListAsync(CampaignQuery query) => App.AsAnalystAsync(s => s.ListAsync(query));

        public async Task<IReadOnlyList<string>> NamesAsync(CampaignQuery query) => [.. (await ListAsync(query)).Rows.Select(r => r.Name)];

        /// <summary>The SQL the service sends to the database while <paramref name="act"/> runs.</summary>
        public async Task<IReadOnlyList<string>> CaptureSqlAsync(Func<CampaignService, Task> act)
        {
            await using var scope = await App.ScopeForUserAsync(AnalystEmail);
            var service = scope.ServiceProvider.GetRequiredService<CampaignService>();
            log.Commands.Clear();
            log.Recording = true;
            try
            {
                await act(service);
            }
            finally
            {
                log.Recording = false;
            }

            return [.. log.Commands];
        }

        private async Task<CampaignDetails> MakeAsync(string email, string name, List<int> include, CampaignContentInput content, CampaignScheduleInput? schedule)
        {
            var made = await AsAsync<CampaignService, CampaignDetails>(App, email, async s =>
            {
                var draft = await s.CreateDraftAsync(new CampaignBasicsInput { Name = name });
                draft = await s.SaveAudienceAsync(draft.Id, new CampaignAudienceInput { IncludeSegmentIds = include }, draft.Revision, 1);
                draft = await s.SaveContentAsync(draft.Id, content, draft.Revision, 2);
                return await s.SaveScheduleAsync(draft.Id, schedule, draft.Revision, 3);
            });
            clock.Advance(TimeSpan.FromMinutes(1));
            return made;
        }
    }

    /// <summary>Records the text of every command while <see cref="Recording"/> is on.</summary>
    public sealed class SqlLog : DbCommandInterceptor
    {
        public ConcurrentQueue<string> Commands { get; } = new();

        public bool Recording { get; set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }

        private void Record(DbCommand command)
        {
            if (Recording)
            {
                Commands.Enqueue(command.CommandText);
            }
        }
    }
}
