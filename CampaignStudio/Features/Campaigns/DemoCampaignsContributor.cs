using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Demo;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// Demo campaigns: three email senders, two campaign fields, three segments (dealers, retail customers, VIPs) and
/// campaigns in several states by the demo campaign managers, written through the seed's context and transaction.
/// </summary>
internal sealed class DemoCampaignsContributor(AppDbContext db, IDbContextFactory<AppDbContext> contexts, SegmentQueryCompiler compiler) : IDemoDataContributor
{
    private const string Domain = "demo.campaignstudio.test";

    public int Order => 30;

    public string Name => "campaigns, segments, email senders or campaign fields";

    public async Task<bool> HasDataAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Campaigns.AnyAsync(cancellationToken) || await context.Segments.AnyAsync(cancellationToken)
            || await context.EmailSenders.AnyAsync(cancellationToken) || await context.CampaignFields.AnyAsync(cancellationToken);
    }

    public async Task<string> SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var now = context.NowUtc;
        var offers = new EmailSender("Acme Steel Offers", $"offers@{Domain}", $"support@{Domain}", isVerified: true, now);
        var dealerDesk = new EmailSender("Acme Dealer Desk", $"dealers@{Domain}", null, isVerified: true, now);
        var newsletter = new EmailSender("Acme Newsletter", $"news@{Domain}", null, isVerified: false, now);
        db.EmailSenders.AddRange(offers, dealerDesk, newsletter);
        db.CampaignFields.AddRange(
            new CampaignFieldDefinition("cost_centre", "Cost centre", CampaignFieldType.Text, false, null, now),
            new CampaignFieldDefinition("region", "Region", CampaignFieldType.Choice, false, ["North", "South", "East", "West", "All India"], now));

        var people = await db.Users.AsNoTracking()
            .Where(u => u.Email == DemoTeamContributor.Team[1].Email || u.Email == DemoTeamContributor.Team[2].Email)
            .ToDictionaryAsync(u => u.Email!, u => new Actor(u.Id, u.DisplayName), cancellationToken);
        var rohan = people[DemoTeamContributor.Team[1].Email];
        var lena = people[DemoTeamContributor.Team[2].Email];

        var dealers = Tagged("Dealers", "Every dealer.", "dealer", rohan, now);
        var retail = Tagged("Retail customers", "Buyers who are not dealers.", "retail", rohan, now);
        var vips = Tagged("VIP customers", "Dealers and buyers tagged VIP.", "vip", lena, now);
        db.Segments.AddRange(dealers, retail, vips);
        await db.SaveChangesAsync(cancellationToken);

        var customFields = await db.CustomFields.AsNoTracking().ToListAsync(cancellationToken);
        async Task<int> CountAsync(Segment[] include, Segment[] exclude) =>
            await db.Contacts.Where(compiler.Compile(AudienceRule.Combine(include, exclude), new CompileContext(db, customFields, now))).CountAsync(cancellationToken);
        var dealersButVips = await CountAsync([dealers], [vips]);
        var allVips = await CountAsync([vips], []);
        var dealersAndRetail = await CountAsync([dealers, retail], []);

        // Scheduled for ten days ahead, 09:30 in India.
        var diwali = Draft("Diwali offer 2026", "Festive prices on TMT bars for dealers.", rohan, now.AddDays(-3), new Dictionary<string, string> { ["region"] = "All India", ["cost_centre"] = "MKT-IN-04" });
        diwali.UpdateAudience(Audience([dealers], [vips]), dealersButVips, diwali.Revision, rohan, now.AddDays(-3), 1);
        diwali.UpdateContent(CampaignChannels.Email | CampaignChannels.WhatsApp, new CampaignContent
        {
            Email = new EmailContent
            {
                SenderId = offers.Id,
                Subject = "Diwali prices for {{ contact.first_name }}",
                Preheader = "Festive rates on TMT bars until Bhai Dooj",
                HtmlBody = "<h1>Happy Diwali, {{ contact.first_name }}!</h1>\n<p>Our festive rates on Fe 550D TMT bars run until Bhai Dooj.</p>\n<p><a href=\"https://acme.example/diwali\">See the rates</a></p>\n<p><small><a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></small></p>",
                TextBody = "Happy Diwali, {{ contact.first_name }}!\nOur festive rates on Fe 550D TMT bars run until Bhai Dooj: https://acme.example/diwali",
            },
            WhatsApp = new WhatsAppContent { Kind = WhatsAppMessageKind.Template, TemplateName = "diwali_offer_2026", Language = "en", Variables = ["{{ contact.first_name }}", "Bhai Dooj"] },
        }, diwali.Revision, rohan, now.AddDays(-3), 2);
        var diwaliDay = DateOnly.FromDateTime(now.AddDays(10));
        diwali.UpdateSchedule(CampaignSchedule.At(diwaliDay, new TimeOnly(9, 30), "Asia/Kolkata"), diwali.Revision, rohan, now.AddDays(-2), 3);
        diwali.Schedule(rohan, now.AddDays(-2));

        // Sent a week ago.
        var restock = Draft("Monsoon restock reminder", "SMS to dealers before the monsoon.", lena, now.AddDays(-10));
        restock.UpdateAudience(Audience([dealers], []), await CountAsync([dealers], []), restock.Revision, lena, now.AddDays(-10), 1);
        restock.UpdateContent(CampaignChannels.Sms, new CampaignContent { Sms = new SmsContent { Text = "Acme: monsoon is near. Restock TMT bars at last month's price until Friday. Reply STOP to opt out." } }, restock.Revision, lena, now.AddDays(-10), 2);
        restock.UpdateSchedule(CampaignSchedule.At(DateOnly.FromDateTime(now.AddDays(-7)), new TimeOnly(10, 0), "Asia/Kolkata"), restock.Revision, lena, now.AddDays(-9), 3);
        restock.Schedule(lena, now.AddDays(-9));
        restock.MarkSending(restock.ScheduledForUtc!.Value);
        restock.MarkCompleted(restock.ScheduledForUtc!.Value.AddMinutes(40));

        // A draft half-way through the wizard.
        var preview = Draft("VIP preview: new TMT range", "Early look for VIPs.", lena, now.AddDays(-1));
        preview.UpdateAudience(Audience([vips], []), allVips, preview.Revision, lena, now.AddDays(-1), 1);
        preview.UpdateContent(CampaignChannels.Email | CampaignChannels.Push, new CampaignContent
        {
            Email = new EmailContent { SenderId = dealerDesk.Id, Subject = "A first look at our new TMT range" },
            Push = new PushContent { Title = "New TMT range", Body = "VIPs see it first. Tap to look.", DeepLink = "acmesteel://catalogue/new" },
        }, preview.Revision, lena, now.AddDays(-1), 2);

        // Stopped half-way.
        var flash = Draft("Weekend flash sale", null, rohan, now.AddDays(-5));
        flash.UpdateAudience(Audience([dealers, retail], []), dealersAndRetail, flash.Revision, rohan, now.AddDays(-5), 1);
        flash.UpdateContent(CampaignChannels.Sms | CampaignChannels.Push, new CampaignContent
        {
            Sms = new SmsContent { Text = "Acme flash sale this weekend: 5% off binding wire. Reply STOP to opt out." },
            Push = new PushContent { Title = "Flash sale", Body = "5% off binding wire this weekend." },
        }, flash.Revision, rohan, now.AddDays(-5), 2);
        flash.UpdateSchedule(CampaignSchedule.SendNow(), flash.Revision, rohan, now.AddDays(-4), 3);
        flash.Schedule(rohan, now.AddDays(-4));
        flash.MarkSending(now.AddDays(-4));
        flash.Pause(rohan, now.AddDays(-4).AddMinutes(5));
        flash.Stop(rohan, now.AddDays(-4).AddMinutes(12));

        db.Campaigns.AddRange(diwali, restock, preview, flash);
        await db.SaveChangesAsync(cancellationToken);
        return "Campaigns: 4 (scheduled, completed, draft, stopped) with 3 segments, 3 email senders and 2 campaign fields";
    }

    private static Segment Tagged(string name, string description, string tag, Actor by, DateTime now) =>
        new(name, description, new SegmentDefinition { Root = new RuleGroup { Rules = [new TagCondition { Operator = RuleOperator.HasTag, Tags = [tag] }] } }, by, now);

    private static Campaign Draft(string name, string? description, Actor by, DateTime now, Dictionary<string, string>? fields = null) =>
        new(new CampaignBasics(name, description, fields ?? [], new Dictionary<string, string> { ["utm_campaign"] = name.ToLowerInvariant().Replace(' ', '-') }), by, now);

    private static CampaignAudience Audience(Segment[] include, Segment[] exclude) =>
        new([.. include.Select(s => new SegmentChoice(s.Id, s.Name))], [.. exclude.Select(s => new SegmentChoice(s.Id, s.Name))]);
}
