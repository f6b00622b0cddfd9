using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using static CampaignStudio.Tests.Features.Campaigns.CampaignWorld;

namespace CampaignStudio.Tests.Features.Campaigns;

/// <summary>The service checks content with the content toolkit: Liquid errors refuse scheduling, named by the wizard's field key.</summary>
public abstract class ContentCheckingValidatorTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : ContentCheckingValidatorTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : ContentCheckingValidatorTests(DatabaseKind.MySql);

    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider clock = Clock();

    [Fact]
    public async Task LiquidTypo_IsRefusedAtSave_WithTheFieldKeyAndASuggestion_AndTheStoredContentStays()
    {
        await using var app = await StartAsync(kind, clock);
        var world = await SeedAsync(app);
        var draft = await ReadyDraftAsync(app, world);
        var before = await AsManagerAsync(app, s => s.GetAsync(draft.Id));

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => AsManagerAsync(app, s => s.SaveContentAsync(draft.Id, SmsContent("Hi {{ contact.frist_name }}, festive prices!"), draft.Revision, 3)));
        var broken = await Assert.ThrowsAsync<ValidationFailedException>(() => AsManagerAsync(app, s => s.SaveContentAsync(draft.Id, SmsContent("Hi {{ contact.first_name "), draft.Revision, 3)));

        var message = Assert.Single(refused.Errors["content.sms.text"]);
        Assert.Contains("contact.frist_name", message);
        Assert.Contains("contact.first_name", message);
        Assert.True(broken.Errors.ContainsKey("content.sms.text"));
        var read = await AsManagerAsync(app, s => s.GetAsync(draft.Id));
        Assert.Equal((before.Revision, before.ContentVersion, CampaignStatus.Draft), (read.Revision, read.ContentVersion, read.Status));
    }

    [Fact]
    public async Task EmailWithoutUnsubscribeLink_IsAWarning_AndStillSchedules()
    {
        await using var app = await StartAsync(kind, clock);
        var world = await SeedAsync(app);
        var draft = await ReadyDraftAsync(app, world);
        var email = new CampaignContentInput
        {
            Channels = [Channel.Email],
            Content = new CampaignContent { Email = new EmailContent { SenderId = world.VerifiedSender, Subject = "Hello {{ contact.first_name }}", HtmlBody = "<p>Festive prices</p>" } },
        };
        draft = await AsManagerAsync(app, s => s.SaveContentAsync(draft.Id, email, draft.Revision, 3));

        var warning = Assert.Single(draft.ContentIssues);
        var scheduled = await AsManagerAsync(app, s => s.ScheduleAsync(draft.Id, draft.Revision));

        Assert.Equal(("content.email.htmlBody", CampaignContentIssueSeverity.Warning), (warning.Field, warning.Severity));
        Assert.Contains("unsubscribe", warning.Message);
        Assert.Equal(CampaignStatus.Scheduled, scheduled.Status);
    }

    [Fact]
    public async Task RequiredParts_AreStillChecked_OncePerField()
    {
        await using var app = await StartAsync(kind, clock);
        var world = await SeedAsync(app);
        var draft = await ReadyDraftAsync(app, world);
        draft = await AsManagerAsync(app, s => s.SaveContentAsync(draft.Id, new CampaignContentInput { Channels = [Channel.Email], Content = new CampaignContent() }, draft.Revision, 3));

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => AsManagerAsync(app, s => s.ScheduleAsync(draft.Id, draft.Revision)));

        Assert.Equal(["Write the email's subject."], refused.Errors["content.email.subject"]);
        Assert.Equal(["Choose who the email is from."], refused.Errors["content.email.senderId"]);
    }

    [Theory]
    [InlineData(Channel.Email, "Subject", "content.email.subject")]
    [InlineData(Channel.Email, "FromAddress", "content.email.senderId")]
    [InlineData(Channel.WhatsApp, "Variables[2]", "content.whatsApp.variables[2]")]
    [InlineData(Channel.WhatsApp, "FreeText", "content.whatsApp.text")]
    [InlineData(Channel.Push, "Data[offer]", "content.push.data")]
    [InlineData(Channel.Push, "DeepLink", "content.push.deepLink")]
    public void FieldKey_MatchesTheServiceInput(Channel channel, string field, string key) =>
        Assert.Equal(key, ContentCheckingValidator.FieldKey(channel, field));
}
