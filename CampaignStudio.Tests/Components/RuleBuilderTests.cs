using Bunit;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Audience.Segments.Pages;
using CampaignStudio.Tests.TestSupport;
using Microsoft.AspNetCore.Components;

namespace CampaignStudio.Tests.Components;

/// <summary>The rule builder edits the rule tree in place and says so after every change.</summary>
public sealed class RuleBuilderTests : BunitContextBase
{
    private int changes;

    private IRenderedComponent<RuleGroupEditor> RenderEditor(RuleGroup root) =>
        Render<RuleGroupEditor>(p => p
            .Add(e => e.Group, root)
            .Add(e => e.Depth, 0)
            .Add(e => e.OnChanged, EventCallback.Factory.Create(this, () => changes++)));

    [Fact]
    public void AddGroup_NestsAGroupWithTheOtherOperator_ThreeLevelsDeep()
    {
        var root = new RuleGroup { Operator = GroupOperator.And };
        var cut = RenderEditor(root);

        cut.Find("[data-testid=add-group]").Click();
        cut.FindAll("[data-testid=rule-group][data-depth='1'] [data-testid=add-group]")[0].Click();

        var level1 = Assert.IsType<RuleGroup>(Assert.Single(root.Rules));
        var level2 = Assert.IsType<RuleGroup>(Assert.Single(level1.Rules));
        Assert.Equal(GroupOperator.Or, level1.Operator);
        Assert.Equal(GroupOperator.And, level2.Operator);
        Assert.Equal(3, cut.FindAll("[data-testid=rule-group]").Count);
        Assert.Equal(2, changes);
    }

    [Fact]
    public void Negate_And_RemoveCondition_ChangeTheModel()
    {
        var root = new RuleGroup
        {
            Rules = [new TagCondition { Operator = RuleOperator.HasTag, Tags = ["dealer"] }, new ReachableCondition { Channel = CampaignStudio.Features.Shared.Channel.WhatsApp }],
        };
        var cut = RenderEditor(root);

        InputOf(cut, "group-negate").Change(true);
        cut.FindAll("button[aria-label='Remove condition']")[0].Click();

        Assert.True(root.Negate);
        Assert.IsType<ReachableCondition>(Assert.Single(root.Rules));
        Assert.Single(cut.FindAll("[data-testid=rule-condition]"));
        Assert.Equal(2, changes);
    }

    [Fact]
    public void EventCondition_ShowsPropertyForSums_AndTheWindowAmount()
    {
        var root = new RuleGroup
        {
            Rules =
            [
                new EventCondition
                {
                    Event = "lifting", Aggregate = EventAggregate.Sum, Property = "mt", Operator = RuleOperator.Gt, Value = RuleValue.Of(100),
                    Window = new EventWindow { InLast = new RelativePeriod { Amount = 90, Unit = PeriodUnit.Days } },
                },
            ],
        };

        var cut = RenderEditor(root);

        Assert.Equal("mt", InputOf(cut, "condition-property").GetAttribute("value"));
        Assert.Equal("90", InputOf(cut, "window-amount").GetAttribute("value"));
        Assert.Equal("100", InputOf(cut, "condition-value").GetAttribute("value"));
    }

    [Fact]
    public void EmptyRoot_InvitesToAddACondition()
    {
        var cut = RenderEditor(new RuleGroup());

        Assert.Contains("No conditions yet", cut.Markup);
    }

    /// <summary>MudBlazor puts a field's attributes on its input element itself, or on a wrapper around it.</summary>
    private static AngleSharp.Dom.IElement InputOf(IRenderedComponent<RuleGroupEditor> cut, string testId) =>
        cut.Find($"[data-testid={testId}]") is { TagName: "INPUT" } input ? input : cut.Find($"[data-testid={testId}] input");
}
