using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Tests.Features.Campaigns;

public sealed class CampaignContentDiffTests
{
    private static readonly CampaignContent Before = new()
    {
        Email = new EmailContent
        {
            SenderId = 1,
            Subject = "Diwali prices",
            HtmlBody = "<h1>Happy Diwali</h1>\n<p>Rates until Sunday.</p>\n<p>Acme Steel</p>",
            TextBody = "Happy Diwali",
        },
        Sms = new SmsContent { Text = "Diwali rates until Sunday." },
    };

    [Fact]
    public void Compare_SameContent_HasNoChanges()
    {
        var diff = CampaignContentDiff.Compare(CampaignChannels.Email | CampaignChannels.Sms, Before, CampaignChannels.Email | CampaignChannels.Sms, Before with { });

        Assert.False(diff.HasChanges);
        Assert.Equal("no change", diff.Summarize());
    }

    [Fact]
    public void Compare_ShortFieldChanged_GivesBeforeAndAfterWithoutLines()
    {
        var after = Before with { Email = Before.Email! with { Subject = "Diwali prices inside", SenderId = 2 } };

        var diff = CampaignContentDiff.Compare(CampaignChannels.Email, Before, CampaignChannels.Email, after, new Dictionary<int, string> { [1] = "Offers <offers@acme.example>" });

        var email = Assert.Single(diff.Channels);
        Assert.Equal((Channel.Email, ChannelChange.Changed), (email.Channel, email.Change));
        Assert.Equal(
        [
            new FieldDiff("content.email.senderId", "Sender", "Offers <offers@acme.example>", "sender #2", null),
            new FieldDiff("content.email.subject", "Subject", "Diwali prices", "Diwali prices inside", null),
        ], email.Fields);
    }

    [Fact]
    public void Compare_HtmlBodyChanged_GivesALineDiff()
    {
        var after = Before with { Email = Before.Email! with { HtmlBody = "<h1>Happy Diwali</h1>\n<p>Rates until Monday.</p>\n<p>Free delivery.</p>\n<p>Acme Steel</p>" } };

        var diff = CampaignContentDiff.Compare(CampaignChannels.Email, Before, CampaignChannels.Email, after);

        var body = Assert.Single(Assert.Single(diff.Channels).Fields);
        Assert.Equal("HTML body", body.Label);
        Assert.Equal(
        [
            new DiffLine(DiffLineKind.Unchanged, "<h1>Happy Diwali</h1>", 1, 1),
            new DiffLine(DiffLineKind.Removed, "<p>Rates until Sunday.</p>", 2, null),
            new DiffLine(DiffLineKind.Added, "<p>Rates until Monday.</p>", null, 2),
            new DiffLine(DiffLineKind.Added, "<p>Free delivery.</p>", null, 3),
            new DiffLine(DiffLineKind.Unchanged, "<p>Acme Steel</p>", 3, 4),
        ], body.Lines);
    }

    [Fact]
    public void Compare_ChannelAddedAndRemoved_ListsTheirFields()
    {
        var after = new CampaignContent { Email = Before.Email, Push = new PushContent { Title = "Diwali", Body = "Rates inside", Data = new Dictionary<string, string> { ["screen"] = "offers" } } };

        var diff = CampaignContentDiff.Compare(CampaignChannels.Email | CampaignChannels.Sms, Before, CampaignChannels.Email | CampaignChannels.Push, after);

        Assert.Equal([(Channel.Sms, ChannelChange.Removed), (Channel.Push, ChannelChange.Added)], diff.Channels.Select(c => (c.Channel, c.Change)));
        Assert.Equal("Diwali rates until Sunday.", diff.Channels[0].Fields.Single().Before);
        Assert.Null(diff.Channels[0].Fields.Single().After);
        Assert.Equal(["Title", "Body", "Data"], diff.Channels[1].Fields.Select(f => f.Label));
        Assert.Equal("screen = offers", diff.Channels[1].Fields[2].After);
        Assert.Equal("SMS removed; Push added", diff.Summarize());
    }

    [Fact]
    public void Compare_WhatsAppVariablesReordered_IsALineDiffOfVariables()
    {
        var before = new CampaignContent { WhatsApp = new WhatsAppContent { TemplateName = "diwali", Language = "en", Variables = ["{{ contact.first_name }}", "Sunday"] } };
        var after = new CampaignContent { WhatsApp = new WhatsAppContent { TemplateName = "diwali", Language = "en", Variables = ["{{ contact.first_name }}", "Monday"] } };

        var diff = CampaignContentDiff.Compare(CampaignChannels.WhatsApp, before, CampaignChannels.WhatsApp, after);

        var variables = Assert.Single(Assert.Single(diff.Channels).Fields);
        Assert.Equal("{{1}} = {{ contact.first_name }}\n{{2}} = Sunday", variables.Before);
        Assert.Equal([DiffLineKind.Unchanged, DiffLineKind.Removed, DiffLineKind.Added], variables.Lines!.Select(l => l.Kind));
        Assert.Equal("WhatsApp: Variables", diff.Summarize());
    }

    [Fact]
    public void Lines_FromNothing_AreAllAdded_AndToNothingAllRemoved()
    {
        Assert.Equal([new DiffLine(DiffLineKind.Added, "a", null, 1), new DiffLine(DiffLineKind.Added, "b", null, 2)], CampaignContentDiff.Lines(null, "a\r\nb"));
        Assert.Equal([new DiffLine(DiffLineKind.Removed, "a", 1, null)], CampaignContentDiff.Lines("a", ""));
    }

    [Fact]
    public void Lines_LongTextsWithOneChangeInTheMiddle_KeepTheRestUnchanged()
    {
        var before = string.Join("\n", Enumerable.Range(1, 3000).Select(i => $"line {i}"));
        var after = before.Replace("line 1500\n", "line 1500 changed\n", StringComparison.Ordinal);

        var lines = CampaignContentDiff.Lines(before, after);

        Assert.Equal(3001, lines.Count);
        Assert.Equal(2, lines.Count(l => l.Kind != DiffLineKind.Unchanged));
        Assert.Equal(new DiffLine(DiffLineKind.Removed, "line 1500", 1500, null), lines[1499]);
        Assert.Equal(new DiffLine(DiffLineKind.Added, "line 1500 changed", null, 1500), lines[1500]);
    }
}
