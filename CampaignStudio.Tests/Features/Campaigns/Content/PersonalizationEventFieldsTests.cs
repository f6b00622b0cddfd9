using CampaignStudio.Features.Campaigns.Content;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Tests.Features.Campaigns.Content;

public sealed class PersonalizationEventFieldsTests
{
    private static readonly PersonalizationFields Sms = PersonalizationFields.ForChannel(Channel.Sms, customFields: null, eventNames: ["lifting", "purchase", "app.open", "Bad", "lifting"]);

    [Fact]
    public void ForChannel_EventNames_OffersCountTotalLastForIdentifierNamesOnly()
    {
        Assert.Equal(["lifting", "purchase"], Sms.EventNames);
        Assert.Equal(
            ["contact.events.lifting.count", "contact.events.lifting.total", "contact.events.lifting.last", "contact.events.purchase.count", "contact.events.purchase.total", "contact.events.purchase.last"],
            Sms.Fields.Select(f => f.Path).Where(p => p.StartsWith("contact.events.", StringComparison.Ordinal)));
        Assert.Equal("lifting: count", Sms.Find("contact.events.lifting.count")?.Label);
        Assert.True(Sms.IsObject("contact.events"));
        Assert.True(Sms.IsObject("contact.events.lifting"));
        Assert.False(Sms.IsObject("contact.events.app.open"));
    }

    [Fact]
    public void ForChannel_WithoutEventNames_KeepsExistingSignatureAndNoEventFields()
    {
        var fields = PersonalizationFields.ForChannel(Channel.Sms);

        Assert.Empty(fields.EventNames);
        Assert.DoesNotContain(fields.Fields, f => f.Path.StartsWith("contact.events.", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_KnownEventAggregates_NoProblems()
    {
        var problems = LiquidTemplateValidator.Validate(
            "You lifted {{ contact.events.lifting.total }} MT ({{ contact.events.lifting.count }} loads, last {{ contact.events.lifting.last | date: \"%d %b\" }}).",
            Sms);

        Assert.Empty(problems);
    }

    [Fact]
    public void Validate_MisspelledAggregate_SuggestsTotal()
    {
        var problem = Assert.Single(LiquidTemplateValidator.Validate("{{ contact.events.lifting.totl }}", Sms));

        Assert.Equal(LiquidProblemKind.UnknownField, problem.Kind);
        Assert.Equal("contact.events.lifting.total", problem.Suggestion);
    }

    [Fact]
    public void Validate_UnknownEventName_ReportsItWithClosestEvent()
    {
        var problem = Assert.Single(LiquidTemplateValidator.Validate("{{ contact.events.lifitng.total }}", Sms));

        Assert.Equal(LiquidProblemKind.UnknownField, problem.Kind);
        Assert.Equal("Unknown field 'contact.events.lifitng'. Did you mean 'contact.events.lifting.total'?", problem.Message);
    }

    [Fact]
    public void Validate_EventNotInWorkspace_IsUnknown()
    {
        var problem = Assert.Single(LiquidTemplateValidator.Validate("{{ contact.events.lifting.total }}", PersonalizationFields.ForChannel(Channel.Sms)));

        Assert.Equal(LiquidProblemKind.UnknownField, problem.Kind);
    }

    [Fact]
    public void Render_EventSummaries_RendersCountTotalLastAndMissingEmpty()
    {
        var model = new PersonalizationModel
        {
            Contact = new PersonalizationContact
            {
                Events = new Dictionary<string, PersonalizationEventSummary>
                {
                    ["lifting"] = new(4, 120.5m, new DateTime(2026, 3, 9, 8, 30, 0, DateTimeKind.Utc)),
                    ["login"] = new(2, 0m, null),
                },
            },
        };

        var output = new LiquidRenderer().Render(
            "{{ contact.events.lifting.count }}|{{ contact.events.lifting.total | plus: 1 }}|{{ contact.events.lifting.last }}|{{ contact.events.lifting.last | date: \"%Y-%m-%d\" }}|[{{ contact.events.login.last }}]|[{{ contact.events.purchase.count }}]|{{ contact.events.purchase.count | default: 0 }}",
            model,
            LiquidOutputMode.Text);

        Assert.Equal("4|121.5|2026-03-09T08:30:00Z|2026-03-09|[]|[]|0", output);
    }

    [Fact]
    public void Sample_ForFieldsWithEvents_HasLiftingPurchaseAndEveryOtherEvent()
    {
        var fields = PersonalizationFields.ForChannel(Channel.Email, eventNames: ["lifting", "login"]);

        var sample = PersonalizationSample.For(fields);

        Assert.Equal(["lifting", "login", "purchase"], sample.Contact!.Events.Keys.Order());
        Assert.True(LiquidTemplateValidator.IsValid("{{ contact.events.login.count }}", fields));
        Assert.Equal("12", new LiquidRenderer().Render("{{ contact.events.lifting.count }}", sample, LiquidOutputMode.Text));
    }
}
