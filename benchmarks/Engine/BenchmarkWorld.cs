using System.Data.Common;
using System.Globalization;
using System.Text;
using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Pii;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Benchmarks.Engine;

/// <summary>
/// An admin, a segment "Everyone" (tag <c>all</c>), a verified sender and the contacts, set up through the app's own
/// services except the contacts, which go in with multi-row INSERTs (emails sealed with the app's PII keys).
/// </summary>
internal sealed class BenchmarkWorld
{
    private const string AdminEmail = "admin@acme.example";
    private static readonly string[] FirstNames = ["Asha", "Bharat", "Chitra", "Deepak", "Esha", "Farhan", "Gauri", "Harish", "Isha", "Jatin"];
    private static readonly string[] LastNames = ["Patil", "Sharma", "Iyer", "Khan", "Reddy", "Nair", "Gupta", "Joshi", "Mehta", "Das"];
    private static readonly string[] Cities = ["Pune", "Mumbai", "Nagpur", "Nashik", "Bengaluru", "Chennai", "Kolkata", "Jaipur", "Surat", "Indore"];
    private readonly EngineApp app;
    private int segmentId;
    private int warmUpSegmentId;
    private int senderId;

    private BenchmarkWorld(EngineApp app) => this.app = app;

    public static async Task<BenchmarkWorld> CreateAsync(EngineApp app)
    {
        var world = new BenchmarkWorld(app);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SetupService>()
                .CreateFirstAdminAsync(new NewAdmin { DisplayName = "Ada Admin", Email = AdminEmail, Password = "Correct-Horse-42" });
        }

        await using (var scope = await world.AsAdminAsync())
        {
            var segments = scope.ServiceProvider.GetRequiredService<SegmentService>();
            async Task<int> Tagged(string name, string tag) => (await segments.CreateAsync(name, null, SegmentJson.Deserialize(
                $$$"""{"version":1,"root":{"operator":"and","rules":[{"type":"tag","operator":"hasTag","tags":["{{{tag}}}"]}]}}"""))).Id;
            world.segmentId = await Tagged("Everyone", "all");
            world.warmUpSegmentId = await Tagged("Warm-up", "warm-up");
            world.senderId = (await scope.ServiceProvider.GetRequiredService<EmailSenderService>()
                .CreateAsync(new EmailSenderInput { Name = "Acme Offers", Address = "offers@acme.example", DefaultReplyTo = "sales@acme.example", IsVerified = true })).Id;
        }

        return world;
    }

    /// <summary>
    /// N contacts tagged <c>all</c> (or <paramref name="tag"/>), consented on <paramref name="channel"/>: an email
    /// address (c1@dealers.example, …) or an Indian mobile number (+919800000001, …), sealed with the app's PII keys;
    /// ids from <paramref name="firstId"/> on.
    /// </summary>
    public async Task SeedContactsAsync(int count, Channel channel = Channel.Email, int firstId = 1, string tag = "all")
    {
        var pii = app.Services.GetRequiredService<PiiProtector>();
        await using var db = await ContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var now = Time(DateTime.UtcNow);
        var rows = new StringBuilder();
        var byPhone = channel == Channel.Sms;
        var last = firstId + count - 1;
        for (var start = firstId; start <= last; start += 1000)
        {
            var end = Math.Min(last, start + 999);
            rows.Clear().Append(byPhone
                ? "INSERT INTO Contacts (Id, PhoneCipher, PhoneHash, PhoneRegion, FirstName, LastName, Country, City, Language, TimeZone, CreatedUtc, UpdatedUtc) VALUES "
                : "INSERT INTO Contacts (Id, EmailCipher, EmailHash, EmailDomain, FirstName, LastName, Country, City, Language, TimeZone, CreatedUtc, UpdatedUtc) VALUES ");
            for (var id = start; id <= end; id++)
            {
                var address = byPhone
                    ? "+9198" + id.ToString("D8", CultureInfo.InvariantCulture)
                    : $"c{id.ToString(CultureInfo.InvariantCulture)}@dealers.example";
                rows.Append(id == start ? "(" : ",(").Append(id.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append("0x").Append(Convert.ToHexString(pii.Encrypt(address))).Append(",0x").Append(Convert.ToHexString(pii.BlindIndex(address)))
                    .Append(byPhone ? ",'IN','" : ",'dealers.example','").Append(FirstNames[id % 10]).Append("','").Append(LastNames[(id / 10) % 10]).Append("','IN','")
                    .Append(Cities[(id / 100) % 10]).Append("','en','Asia/Kolkata',").Append(now).Append(',').Append(now).Append(')');
            }

            await ExecuteAsync(connection, rows.ToString());
            await ExecuteAsync(connection, "INSERT INTO ContactTags (ContactId, Tag) VALUES " + string.Join(',', Enumerable.Range(start, end - start + 1).Select(id => $"({id},'{tag}')")));
            await ExecuteAsync(connection, "INSERT INTO ContactConsents (ContactId, Channel, Status, Source, WordingVersion, RecordedUtc) VALUES " +
                string.Join(',', Enumerable.Range(start, end - start + 1).Select(id => $"({id},{(int)channel},1,'benchmark','v1',{now})")));
        }

        await ExecuteAsync(connection, "ANALYZE TABLE Contacts, ContactTags, ContactConsents");
    }

    /// <summary>A SEND-NOW email campaign with <paramref name="html"/> as its body, to everyone (or to the warm-up contacts).</summary>
    public Task<int> ScheduleCampaignAsync(string html, bool warmUp = false) => ScheduleAsync(Channel.Email, warmUp ? warmUpSegmentId : segmentId, new CampaignContent
    {
        Email = new EmailContent { SenderId = senderId, Subject = "{{ contact.first_name }}, festive prices for {{ contact.city }} until Sunday", HtmlBody = html },
    });

    /// <summary>A SEND-NOW SMS campaign, personalised, to everyone.</summary>
    public Task<int> ScheduleSmsCampaignAsync() => ScheduleAsync(Channel.Sms, segmentId, new CampaignContent
    {
        Sms = new SmsContent { Text = "Hi {{ contact.first_name }}, festive prices on TMT bars in {{ contact.city }} until Sunday. Reply STOP to opt out." },
    });

    private async Task<int> ScheduleAsync(Channel channel, int audienceSegmentId, CampaignContent content)
    {
        await using var scope = await AsAdminAsync();
        var campaigns = scope.ServiceProvider.GetRequiredService<CampaignService>();
        var draft = await campaigns.CreateDraftAsync(new CampaignBasicsInput { Name = "Festive offers" });
        draft = await campaigns.SaveAudienceAsync(draft.Id, new CampaignAudienceInput { IncludeSegmentIds = [audienceSegmentId] }, draft.Revision, 1);
        draft = await campaigns.SaveContentAsync(draft.Id, new CampaignContentInput { Channels = [channel], Content = content }, draft.Revision, 2);
        draft = await campaigns.SaveScheduleAsync(draft.Id, new CampaignScheduleInput { Kind = CampaignScheduleKind.SendNow }, draft.Revision, 3);
        return (await campaigns.ScheduleAsync(draft.Id, draft.Revision)).Id;
    }

    public async Task<CampaignStatus> StatusAsync(int campaignId)
    {
        await using var db = await ContextAsync();
        return await db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.Status).FirstAsync();
    }

    public async Task<int> SentCountAsync(int campaignId)
    {
        await using var db = await ContextAsync();
        return await db.Deliveries.CountAsync(d => d.CampaignId == campaignId && (d.Status == DeliveryStatus.Sent || d.Status == DeliveryStatus.Delivered));
    }

    public async Task<Dictionary<DeliveryStatus, int>> CountsAsync(int campaignId)
    {
        await using var db = await ContextAsync();
        return await db.Deliveries.Where(d => d.CampaignId == campaignId).GroupBy(d => d.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
    }

    private async Task<AppDbContext> ContextAsync() => await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

    private async Task<AsyncServiceScope> AsAdminAsync()
    {
        System.Security.Claims.ClaimsPrincipal principal;
        await using (var lookup = app.Services.CreateAsyncScope())
        {
            var users = lookup.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByEmailAsync(AdminEmail) ?? throw new InvalidOperationException("The admin was not created.");
            principal = await lookup.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
        }

        var scope = app.Services.CreateAsyncScope();
        ((IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return scope;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    private static string Time(DateTime utc) => "'" + utc.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "'";
}
