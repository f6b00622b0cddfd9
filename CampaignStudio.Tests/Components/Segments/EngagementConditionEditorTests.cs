using Bunit;
using Bunit.Rendering;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Audience.Segments.Pages;
using CampaignStudio.Features.Tracking;
using CampaignStudio.Tests.Components.Campaigns;
using CampaignStudio.Tests.Features.Audience.Segments;
using CampaignStudio.Tests.Features.Scheduling;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;

namespace CampaignStudio.Tests.Components.Segments;

/// <summary>
/// The rule builder's engagement condition against the real services on SQLite: added from the menu, its action,
/// campaign (searched among sent ones), link and window changed in place, problems shown next to their inputs, a
/// saved rule shown as it was saved, and the segment page's live count following it.
/// </summary>
public sealed class EngagementConditionEditorTests : CampaignPageTestBase
{
    private int changes;
    private int monsoon;
    private int diwali;

    protected override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        monsoon = (await CalendarWorld.PlanAsync(App, "Monsoon reminder", World.Dealers, CalendarWorld.At("2026-06-02", "09:30"))).Id;
        diwali = (await CalendarWorld.PlanAsync(App, "Diwali offer", World.Dealers, CalendarWorld.At("2026-06-03", "09:30"))).Id;
        await CalendarWorld.PlanAsync(App, "Monsoon follow-up", World.Dealers, CalendarWorld.At("2026-06-09", "09:30"));
        await CalendarWorld.SendAsync(App, monsoon, new DateTime(2026, 6, 2, 4, 0, 0, DateTimeKind.Utc));
        await CalendarWorld.SendAsync(App, diwali, new DateTime(2026, 6, 3, 4, 0, 0, DateTimeKind.Utc));
        await App.Services.GetRequiredService<CampaignLinkStore>().SaveAsync(
            monsoon, [new TrackedLink(0, "https://shop.example/sale", false), new TrackedLink(1, "https://shop.example/monsoon", false)], CancellationToken.None);
    }

    private Task<IRenderedComponent<ContainerFragment>> RenderEditorAsync(RuleGroup root) =>
        RenderAsync<RuleGroupEditor>(new Dictionary<string, object?>
        {
            [nameof(RuleGroupEditor.Group)] = root,
            [nameof(RuleGroupEditor.Depth)] = 0,
            [nameof(RuleGroupEditor.OnChanged)] = EventCallback.Factory.Create(this, () => changes++),
        });

    [Fact]
    public async Task AddCondition_Engagement_AddsOpenedAnyCampaignInTheLast30Days()
    {
        var root = new RuleGroup();
        var cut = await RenderEditorAsync(root);

        cut.Find("[data-testid=add-condition] button").Click();
        cut.WaitForElement("[data-testid=add-engagement]").Click();

        var added = Assert.IsType<EngagementCondition>(Assert.Single(root.Rules));
        Assert.Equal((EngagementKind.Opened, false, (int?)null, 30, PeriodUnit.Days), (added.Kind, added.Negate, added.CampaignId, added.Window!.InLast!.Amount, added.Window.InLast.Unit));
        cut.WaitForAssertion(() => Assert.Equal("30", InputOf(cut, "window-amount").GetAttribute("value")));
        Assert.Equal("opened", Select<string>(cut, "engagement-action").Instance.GetState(x => x.Value));
        Assert.Equal("any", Select<string>(cut, "engagement-scope").Instance.GetState(x => x.Value));
        Assert.Empty(cut.FindComponents<MudAutocomplete<SentCampaignChoice>>());
        Assert.Equal(1, changes);
    }

    [Fact]
    public async Task Editing_ActionCampaignAndLink_ChangesTheRuleInPlace()
    {
        var condition = new EngagementCondition { Kind = EngagementKind.Opened, Window = new EventWindow { InLast = new RelativePeriod { Amount = 30 } } };
        var cut = await RenderEditorAsync(new RuleGroup { Rules = [condition] });

        await cut.InvokeAsync(() => Select<string>(cut, "engagement-action").Instance.ValueChanged.InvokeAsync("not-clicked"));
        await cut.InvokeAsync(() => Select<string>(cut, "engagement-scope").Instance.ValueChanged.InvokeAsync("one"));

        Assert.Equal((EngagementKind.Clicked, true, (int?)0), (condition.Kind, condition.Negate, condition.CampaignId));
        cut.WaitForAssertion(() => Assert.Equal("Choose a sent campaign, or any campaign.", ErrorOf(Campaign(cut))));

        var everything = await SearchAsync(cut, "");
        var found = await SearchAsync(cut, "monsoon");
        Assert.Equal(["Diwali offer", "Monsoon reminder"], everything.Select(c => c.Name));
        var chosen = Assert.Single(found);
        await cut.InvokeAsync(() => Campaign(cut).Instance.ValueChanged.InvokeAsync(chosen));

        Assert.Equal(monsoon, condition.CampaignId);
        cut.WaitForAssertion(() => Assert.Equal("Monsoon reminder (sent 2 Jun 2026)", Campaign(cut).Find("input").GetAttribute("value")));
        cut.WaitForAssertion(() => Assert.Null(ErrorOf(Campaign(cut))));
        var link = cut.WaitForComponent<MudSelect<int?>>();
        Assert.Equal([null, 0, 1], link.FindComponents<MudSelectItem<int?>>().Select(i => i.Instance.GetState(x => x.Value)));
        await cut.InvokeAsync(() => link.Instance.ValueChanged.InvokeAsync(1));
        Assert.Equal(1, condition.LinkIndex);

        // Opened has no link: it goes, and so does its input.
        await cut.InvokeAsync(() => Select<string>(cut, "engagement-action").Instance.ValueChanged.InvokeAsync("opened"));
        Assert.Equal((EngagementKind.Opened, false, (int?)monsoon, (int?)null), (condition.Kind, condition.Negate, condition.CampaignId, condition.LinkIndex));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindComponents<MudSelect<int?>>()));

        await cut.InvokeAsync(() => Select<string>(cut, "engagement-scope").Instance.ValueChanged.InvokeAsync("any"));
        Assert.Null(condition.CampaignId);
        Assert.Equal(6, changes);
        SegmentJson.Deserialize(SegmentJson.Serialize(Rules.Where(condition)));
    }

    [Fact]
    public async Task Window_TooLongOrBackwards_SaysSoNextToTheField()
    {
        var condition = new EngagementCondition { Kind = EngagementKind.Received, Window = new EventWindow { InLast = new RelativePeriod { Amount = 30 } } };
        var cut = await RenderEditorAsync(new RuleGroup { Rules = [condition] });

        InputOf(cut, "window-amount").Change("40000");

        Assert.Equal(40000, condition.Window!.InLast!.Amount);
        cut.WaitForAssertion(() => Assert.Equal("Enter how many days: a whole number from 1 to 36500.", ErrorOf(cut.FindComponent<MudNumericField<int>>())));

        await cut.InvokeAsync(() => Select<string>(cut, "window-kind").Instance.ValueChanged.InvokeAsync("range"));
        var pickers = cut.FindComponents<MudDatePicker>();
        await cut.InvokeAsync(() => pickers[0].Instance.DateChanged.InvokeAsync(new DateTime(2026, 2, 1)));
        await cut.InvokeAsync(() => pickers[1].Instance.DateChanged.InvokeAsync(new DateTime(2026, 1, 1)));

        Assert.Equal((new DateOnly(2026, 2, 1), new DateOnly(2026, 1, 1)), (condition.Window!.From!.Value, condition.Window.To!.Value));
        cut.WaitForAssertion(() => Assert.Equal("The range ends (2026-01-01) before it starts (2026-02-01); swap the two.", ErrorOf(cut.FindComponents<MudDatePicker>()[1])));
        Assert.Null(ErrorOf(cut.FindComponents<MudDatePicker>()[0]));

        await cut.InvokeAsync(() => cut.FindComponents<MudDatePicker>()[1].Instance.DateChanged.InvokeAsync(new DateTime(2026, 3, 1)));
        cut.WaitForAssertion(() => Assert.Null(ErrorOf(cut.FindComponents<MudDatePicker>()[1])));
    }

    [Fact]
    public async Task SavedRule_ShowsItsActionCampaignLinkAndWindow_AndSaysWhenItsCampaignIsGone()
    {
        var definition = SegmentJson.Deserialize($$$"""
            {"version":1,"root":{"operator":"or","rules":[
              {"type":"engagement","kind":"clicked","negate":true,"campaignId":{{{monsoon}}},"linkIndex":1,"window":{"from":"2026-06-01","to":"2026-06-30"}},
              {"type":"engagement","kind":"converted","campaignId":{{{diwali + 100}}}}]}}
            """);
        var cut = await RenderEditorAsync(definition.Root);

        cut.WaitForAssertion(() => Assert.Equal("Monsoon reminder (sent 2 Jun 2026)", Campaigns(cut)[0].Find("input").GetAttribute("value")));
        Assert.Equal("not-clicked", Selects<string>(cut, "engagement-action")[0].Instance.GetState(x => x.Value));
        Assert.Equal(1, cut.FindComponent<MudSelect<int?>>().Instance.GetState(x => x.Value));
        Assert.Equal(
            [Shown(cut.FindComponents<MudDatePicker>()[0], new DateTime(2026, 6, 1)), Shown(cut.FindComponents<MudDatePicker>()[1], new DateTime(2026, 6, 30))],
            cut.FindComponents<MudDatePicker>().Select(p => p.Find("input").GetAttribute("value")));
        Assert.Equal("converted", Selects<string>(cut, "engagement-action")[1].Instance.GetState(x => x.Value));
        cut.WaitForAssertion(() => Assert.Equal($"There is no campaign #{diwali + 100}; choose another campaign, or any campaign.", ErrorOf(Campaigns(cut)[1])));
        Assert.Equal(0, changes);
    }

    [Fact]
    public async Task SegmentPage_CountFollowsTheEngagementCondition()
    {
        var cut = await RenderAsync<SegmentEditorPage>();

        cut.WaitForElement("[data-testid=add-condition] button").Click();
        cut.WaitForElement("[data-testid=add-engagement]").Click();

        // Nobody opened anything yet; all three contacts did not.
        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-testid=segment-count]").TextContent.Trim()));
        await cut.InvokeAsync(() => Select<string>(cut, "engagement-action").Instance.ValueChanged.InvokeAsync("not-opened"));
        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid=segment-count]").TextContent.Trim()));
        await cut.InvokeAsync(() => Select<string>(cut, "engagement-scope").Instance.ValueChanged.InvokeAsync("one"));
        cut.WaitForAssertion(() => Assert.Contains("Choose a sent campaign, or any campaign.", cut.Find("[data-testid=rule-errors]").TextContent));
        Assert.Equal("Choose a sent campaign, or any campaign.", ErrorOf(Campaign(cut)));
    }

    /// <summary>What the campaign field offers for <paramref name="text"/> (as typing it would ask).</summary>
    private static async Task<List<SentCampaignChoice>> SearchAsync(IRenderedComponent<ContainerFragment> cut, string text)
    {
        var search = Campaign(cut).Instance.SearchFunc!;
        return [.. await cut.InvokeAsync(async () => (await search(text, CancellationToken.None)!) ?? [])];
    }

    private static IRenderedComponent<MudAutocomplete<SentCampaignChoice>> Campaign(IRenderedComponent<ContainerFragment> cut) => Campaigns(cut).Single();

    private static IReadOnlyList<IRenderedComponent<MudAutocomplete<SentCampaignChoice>>> Campaigns(IRenderedComponent<ContainerFragment> cut) =>
        [.. cut.FindComponents<MudAutocomplete<SentCampaignChoice>>()];

    private static IRenderedComponent<MudSelect<T>> Select<T>(IRenderedComponent<ContainerFragment> cut, string testId) => Selects<T>(cut, testId).Single();

    private static List<IRenderedComponent<MudSelect<T>>> Selects<T>(IRenderedComponent<ContainerFragment> cut, string testId) =>
        [.. cut.FindComponents<MudSelect<T>>().Where(s => s.Instance.UserAttributes.TryGetValue("data-testid", out var id) && Equals(id, testId))];

    /// <summary>A date as a picker writes it in its input.</summary>
    private static string Shown(IRenderedComponent<MudDatePicker> picker, DateTime date) =>
        date.ToString(picker.Instance.GetState(x => x.DateFormat) ?? picker.Instance.GetState(x => x.Culture).DateTimeFormat.ShortDatePattern, picker.Instance.GetState(x => x.Culture));

    /// <summary>The error text an input shows under itself, or null.</summary>
    private static string? ErrorOf(IRenderedComponent<IComponent> input) =>
        input.FindAll(".mud-input-helper-text.mud-input-error").FirstOrDefault()?.TextContent.Trim() is { Length: > 0 } text ? text : null;

    private static AngleSharp.Dom.IElement InputOf(IRenderedComponent<ContainerFragment> cut, string testId) =>
        cut.Find($"[data-testid={testId}]") is { TagName: "INPUT" } input ? input : cut.Find($"[data-testid={testId}] input");
}
